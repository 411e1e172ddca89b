"""Official SDK: power motor1, then wait (polling) until 'lift' appears; motor1 must stay powered.

Run under the official viam-sdk's python: ``sdk_watch_reconfig.py ADDRESS``. Prints "powered"
once motor1 is powered (the test then edits the config) and "ok" at the end.
"""

import asyncio
import sys
import time

from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions

from viam.components.motor import Motor


async def main() -> None:
    options = RobotClient.Options(dial_options=DialOptions(disable_webrtc=True, insecure=True),
                                  refresh_interval=0, check_connection_interval=0)
    robot = await RobotClient.at_address(sys.argv[1], options)
    try:
        motor = Motor.from_robot(robot, "motor1")
        await motor.set_power(0.5)
        print("powered", flush=True)
        deadline = time.monotonic() + 20
        while True:
            await robot.refresh()
            names = {n.name for n in robot.resource_names}
            if "lift" in names and "old" not in names:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"config change not seen by the SDK: {sorted(names)}")
            await asyncio.sleep(0.05)
        lift = Motor.from_robot(robot, "lift")
        props = await lift.get_properties()
        assert not props.position_reporting, "lift motor (a fake motor without an encoder, as rdk's reports none)"
        powered, power = await motor.is_powered()
        assert powered and abs(power - 0.5) < 1e-9, f"unchanged motor1 lost its state: {powered}, {power}"
        print("ok", flush=True)
    finally:
        await robot.close()


asyncio.run(main())
