"""Run under the official viam-sdk: drive a loopback's output and read its input through the server.

Usage: python sdk_rig.py ADDRESS OUT_PIN IN_PIN
"""

import asyncio
import sys

from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions

from viam.components.board import Board


async def main() -> None:
    options = RobotClient.Options(dial_options=DialOptions(disable_webrtc=True, insecure=True),
                                  refresh_interval=0, check_connection_interval=0)
    robot = await RobotClient.at_address(sys.argv[1], options)
    try:
        board = Board.from_robot(robot, "board")
        out, inp = await board.gpio_pin_by_name(sys.argv[2]), await board.gpio_pin_by_name(sys.argv[3])
        for level in (True, False, True, False):
            await out.set(high=level)
            await asyncio.sleep(0.005)
            got = await inp.get()
            if got is not level:
                raise AssertionError(f"set pin {sys.argv[2]}={level}, pin {sys.argv[3]} reads {got}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
