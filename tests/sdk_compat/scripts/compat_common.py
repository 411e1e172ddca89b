"""Shared by the compat scripts: connect the way the Viam docs show, and check results."""

import sys

from grpclib import Status
from grpclib.exceptions import GRPCError
from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions


async def connect(address: str | None = None) -> RobotClient:
    """Default ``RobotClient.Options`` apart from direct dialling (sessions, connection checks on)."""
    options = RobotClient.Options(dial_options=DialOptions(disable_webrtc=True, insecure=True))
    return await RobotClient.at_address(address or sys.argv[1], options)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


async def expect_error(call, status: Status, text: str = "") -> GRPCError:
    """Await ``call`` and require a gRPC error with ``status`` whose message contains ``text``."""
    try:
        await call
    except GRPCError as exc:
        check(exc.status == status and text in (exc.message or ""), f"got {exc.status} {exc.message!r}, "
              f"want {status} with {text!r}")
        return exc
    raise AssertionError(f"expected {status} mentioning {text!r}, the call succeeded")
