"""Fake input controller (``rdk:builtin:fake``).

As rdk's fake (components/input/fake): controls AbsoluteX and ButtonStart; GetEvents answers an
AbsoluteX PositionChangeAbs event stamped now whose value is ``event_value`` (random in 0..1 when
not set); a StreamEvents subscriber gets, every ``callback_delay_sec`` (1 to 2 s at random when
0 or not set), one event per control and event type it asked for, with that value.
Ours: ``controls`` replaces the control list (the reference's cannot be configured);
TriggerEvent (the reference answers "unsupported") sets a control's latest event, which GetEvents
then reports, and sends it at once to every subscriber that asked for it; an event for a control
it does not have is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
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
    ATTRIBUTES: tuple[str, ...] = ("controls", "event_value", "callback_delay_sec")

    def __init__(self, name: str, controls: list[str] | None = None, *, event_value: float | None = None,
                 callback_delay_s: float = 0.0) -> None:
        super().__init__(name)
        self.controls = list(controls or DEFAULT_CONTROLS)
        self.event_value = event_value
        self.callback_delay_s = callback_delay_s
        self.events: dict[str, Event] = {}  # triggered (ours)
        self._subscribers: list[tuple[asyncio.Queue[Event], Mapping[str, Sequence[str]]]] = []

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeInputController:
        return cls(config.name, **_parse(config))

    def _value(self) -> float:
        return self.event_value if self.event_value is not None else random.random()  # noqa: S311 - a fake

    def _delay_s(self) -> float:
        return self.callback_delay_s or 1.0 + random.randrange(1000) / 1000  # noqa: S311 - the reference's 1..2 s

    async def get_controls(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> list[str]:
        return list(self.controls)

    async def get_events(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> dict[str, Event]:
        events = {"AbsoluteX": Event(time.time(), "PositionChangeAbs", "AbsoluteX", self._value())}
        events.update(self.events)  # ours: triggered events
        return events

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

        async def callbacks() -> None:
            """The reference's callback loop: every delay, one event per wanted (control, type)."""
            while True:
                await asyncio.sleep(self._delay_s())
                value, now = self._value(), time.time()
                for control, kinds in entry[1].items():
                    for kind in kinds:
                        queue.put_nowait(Event(now, kind, control, value))

        loop = asyncio.create_task(callbacks())
        try:
            while True:
                yield await queue.get()
        finally:
            loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loop
            self._subscribers.remove(entry)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)


def _number(config: ResourceConfig, key: str) -> float | None:
    value = config.attributes.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise config.error(f"{key} must be a number, got {value!r}", f"attributes.{key}")
    return float(value)


def _parse(config: ResourceConfig) -> dict[str, Any]:
    value = config.attributes.get("controls")
    if value is not None and (not isinstance(value, list) or not value
                              or not all(isinstance(c, str) and c for c in value)):
        raise config.error(f"controls must be a list of control names, got {value!r}", "attributes.controls")
    delay = _number(config, "callback_delay_sec") or 0.0
    if delay < 0:
        raise config.error(f"callback_delay_sec must be >= 0, got {delay!r}", "attributes.callback_delay_sec")
    return {"controls": list(value) if value is not None else None, "event_value": _number(config, "event_value"),
            "callback_delay_s": delay}
