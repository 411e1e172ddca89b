"""Fan-out of interrupt ticks to StreamTicks callers, shared by every board model."""

from __future__ import annotations

import asyncio
from typing import Any

from viam.components.board.api import Tick


class TickSubscription:
    """One StreamTicks caller: a queue of its interrupts' ticks; ``aclose()`` unsubscribes."""

    _END = object()

    def __init__(self, names: set[str], registry: set[TickSubscription]) -> None:
        self.names = names
        self._registry = registry
        self._queue: asyncio.Queue[Any] = asyncio.Queue()

    def offer(self, tick: Tick) -> None:
        if tick.pin_name in self.names:
            self._queue.put_nowait(tick)

    def end(self) -> None:
        self._queue.put_nowait(self._END)
        self._registry.discard(self)

    def __aiter__(self) -> TickSubscription:
        return self

    async def __anext__(self) -> Tick:
        item = await self._queue.get()
        if item is self._END:
            raise StopAsyncIteration
        return item

    async def aclose(self) -> None:
        self._registry.discard(self)
