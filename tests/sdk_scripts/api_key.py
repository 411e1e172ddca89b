"""Connect with an API key over TLS (argv: address key key_id expect), as the SDK docs show."""

import asyncio
import sys

from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions

from viam.components.motor import Motor


async def main() -> None:
    address, key, key_id, expect = sys.argv[1:5]
    options = RobotClient.Options(dial_options=DialOptions.with_api_key(key, key_id), refresh_interval=0,
                                  check_connection_interval=0)
    options.dial_options.disable_webrtc = True
    try:
        robot = await RobotClient.at_address(address, options)
    except Exception as exc:  # noqa: BLE001 - the refusal is what we check
        print(f"refused: {type(exc).__name__}: {exc}")
        sys.exit(0 if expect == "refused" else 1)
    try:
        motor = Motor.from_robot(robot, "motor1")
        await motor.set_power(0.25)
        assert (await motor.is_powered())[0]
        print("ok")
    finally:
        await robot.close()
    sys.exit(0 if expect == "ok" else 1)


asyncio.run(main())
