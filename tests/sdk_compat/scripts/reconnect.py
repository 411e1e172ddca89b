"""The SDK's connection check notices a restarted server and reconnects the same RobotClient.

argv: ADDRESS RESTART_FLAG. Reads a sensor, writes RESTART_FLAG (the test then restarts the
server on the same port and deletes the flag), then reads the sensor again through the same
client, as a long-running user script would.
"""

import asyncio
import os
import sys

from compat_common import check
from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions

from viam.components.sensor import Sensor


def touch(path: str) -> None:
    open(path, "w").close()


def exists(path: str) -> bool:
    return os.path.exists(path)


async def main() -> None:
    flag = sys.argv[2]
    # Default reconnect settings apart from a 1 s check (the default is 10 s), and enough attempts
    # to outlast a server start on a loaded CI machine.
    dial = DialOptions(disable_webrtc=True, insecure=True, max_reconnect_attempts=60)
    options = RobotClient.Options(dial_options=dial, check_connection_interval=1)
    robot = await RobotClient.at_address(sys.argv[1], options)
    try:
        sensor = Sensor.from_robot(robot, "sensor1")
        check(bool(await sensor.get_readings()), "first readings")
        touch(flag)
        for _ in range(600):
            if not exists(flag):
                break
            await asyncio.sleep(0.05)
        check(not exists(flag), "the test never restarted the server")
        # The SDK's check loop and our calls race: a call on the old channel can succeed (grpclib
        # redials on demand) while the loop is still between reconnect attempts, or fail while the
        # loop has just swapped channels. So wait until both hold at once: the client says it is
        # connected and a fresh look-up reads the sensor.
        readings = None
        last_error = None
        for _ in range(600):
            try:
                if robot._connected:  # noqa: SLF001 - what the SDK's loop sets
                    readings = await Sensor.from_robot(robot, "sensor1").get_readings()
                    break
            except Exception as exc:  # noqa: BLE001 - still reconnecting
                last_error = exc
            await asyncio.sleep(0.1)
        check(readings is not None, f"never read the sensor again after the restart (last error: {last_error!r})")
        check(bool(readings), "readings after reconnect")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
