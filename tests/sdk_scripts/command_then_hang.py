"""Set power on the named motors, print 'commanded', then hang until killed (argv: address [--no-sessions] names...)."""

import asyncio
import sys

from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions

from viam.components.motor import Motor


async def main() -> None:
    args = sys.argv[2:]
    disable = "--no-sessions" in args
    names = [a for a in args if not a.startswith("--")]
    options = RobotClient.Options(dial_options=DialOptions(disable_webrtc=True, insecure=True),
                                  refresh_interval=0, check_connection_interval=0, disable_sessions=disable)
    robot = await RobotClient.at_address(sys.argv[1], options)
    for name in names:
        await Motor.from_robot(robot, name).set_power(0.5)
    print("commanded", flush=True)
    await asyncio.sleep(3600)


asyncio.run(main())
