"""Connect with the official SDK exactly as the docs show (direct gRPC, no WebRTC)."""

import sys

from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions


async def connect() -> RobotClient:
    options = RobotClient.Options(dial_options=DialOptions(disable_webrtc=True, insecure=True),
                                  refresh_interval=0, check_connection_interval=0)
    return await RobotClient.at_address(sys.argv[1], options)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)
