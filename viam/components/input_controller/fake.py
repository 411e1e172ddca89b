"""Fake input controller (``rdk:builtin:fake``): controls that change only when told to.

Attribute ``controls`` (default ``["AbsoluteX", "ButtonStart"]``). ``TriggerEvent`` sets a
control's latest event and sends it to every ``StreamEvents`` subscriber that asked for it;
an event for a control it does not have is refused.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from viam.components.input_controller.api import Event, InputController
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_CONTROLS = ["AbsoluteX", "ButtonStart"]


class FakeInputController(InputController):
    def __init__(self, name: str, controls: list[str] | None = None) -> None:
        super().__init__(name)
        self.controls = list(controls or DEFAULT_CONTROLS)
        now = time.time()
        self.events = {c: Event(now, "Connect", c, 0.0) for c in self.controls}
        self._subscribers: list[tuple[asyncio.Queue[Event], Mapping[str, Sequence[str]]]] = []

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _controls(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeInputController:
        return cls(config.name, _controls(config))

    async def get_controls(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> list[str]:
        return list(self.controls)

    async def get_events(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> dict[str, Event]:
        return dict(self.events)

    async def trigger_event(self, event: Event, *, extra: Extra = None, timeout: float | None = None,
                            **kwargs: Any) -> None:
        if event.control not in self.controls:
            raise InvalidArgumentError(f"input controller {self.name!r} has no control {event.control!r} "
                                       f"(controls: {', '.join(self.controls)})")
        if not event.time:
            event = Event(time.time(), event.event, event.control, event.value)
        self.events[event.control] = event
        for queue, wanted in list(self._subscribers):
            if event.event in wanted.get(event.control, ()):
                queue.put_nowait(event)

    async def stream_events(self, wanted: Mapping[str, Sequence[str]], *,  # type: ignore[override]
                            extra: Extra = None) -> AsyncIterator[Event]:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        entry = (queue, {k: tuple(v) for k, v in wanted.items()})
        self._subscribers.append(entry)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers.remove(entry)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)


def _controls(config: ResourceConfig) -> list[str] | None:
    value = config.attributes.get("controls")
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(c, str) and c for c in value):
        raise config.error(f"controls must be a list of control names, got {value!r}", "attributes.controls")
    return list(value)
