"""Calls lost to a closed channel.

gRPC cancels the calls of a channel that is closed under them (a module restarting, a remote
reconnecting) by raising ``asyncio.CancelledError`` in the caller. Left as a cancellation it
looks like the *caller* was cancelled: an incoming call then ends with no status (its client
waits for ever) and a reconfiguration task stops half way. These helpers turn it into the
UNAVAILABLE error it really is, and leave a real cancellation of the current task alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import grpc

T = TypeVar("T")


def outgoing_call_cancelled() -> bool:
    """True when a CancelledError came from an outgoing call, not from this task being cancelled."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() == 0


def unavailable(details: str) -> grpc.aio.AioRpcError:
    """The error a call lost to a closed channel reports (same type as any failed call)."""
    return grpc.aio.AioRpcError(grpc.StatusCode.UNAVAILABLE, grpc.aio.Metadata(), grpc.aio.Metadata(), details)


async def unless_channel_closed(call: Awaitable[T], details: str) -> T:
    """Await ``call``; if its channel is closed under it, raise UNAVAILABLE with ``details``."""
    try:
        return await call
    except asyncio.CancelledError:
        if outgoing_call_cancelled():
            raise unavailable(details) from None
        raise
