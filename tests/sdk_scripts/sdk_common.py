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


async def rpm_bounds(motor, seconds: float) -> tuple[float, float]:
    """The slowest and fastest speed (rpm) a motor's two GetPosition calls ``seconds`` apart allow.

    The server reads each position somewhere between a call's send and its answer, so on a loaded
    machine the window it measured lies between the calls' inner and outer spans; a check passes
    when the speed it wants is within these bounds (a sign or scale error stays outside both)."""
    import asyncio
    import time

    before = time.monotonic()
    start = await motor.get_position()
    after_start = time.monotonic()
    await asyncio.sleep(seconds)
    before_end = time.monotonic()
    moved = await motor.get_position() - start
    after = time.monotonic()
    low, high = sorted((moved / (after - before) * 60, moved / (before_end - after_start) * 60))
    return low, high
