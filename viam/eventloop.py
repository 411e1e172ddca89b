"""Run a program's main coroutine on uvloop when it is installed (the default asyncio loop otherwise).

uvloop's C transports cut the per-call cost of every hop (the main port's front, grpc.aio's
wake-ups, module sockets) by about a tenth on a Pi-class CPU; ``bench/uvloop_gain.py`` measures it.
``VIAM_EVENT_LOOP=asyncio`` keeps the standard loop (for comparison, or to rule uvloop out).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
ENV = "VIAM_EVENT_LOOP"


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop constructor, or None for asyncio's default (not installed, or ``VIAM_EVENT_LOOP`` says so)."""
    if os.environ.get(ENV, "").strip().lower() in ("asyncio", "default", "0", "off"):
        return None
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on the loop ``loop_factory`` picks."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
