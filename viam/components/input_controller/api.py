"""InputController: a gamepad, keyboard or knob box reporting control events.

Controls and event types are the reference's strings ("AbsoluteX", "ButtonStart";
"PositionChangeAbs", "ButtonPress", "ButtonRelease", "Connect", ...).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.resource.base import Extra, Resource
from viam.resource.names import API


@dataclass(frozen=True)
class Event:
    time: float  # seconds since the epoch
    event: str
    control: str
    value: float


class InputController(FromRobot, Resource):
    """Subclasses implement every abstract method."""

    API: ClassVar[API] = API.component("input_controller")

    @abstractmethod
    async def get_controls(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> list[str]: ...

    @abstractmethod
    async def get_events(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> dict[str, Event]:
        """The latest event of each control."""

    @abstractmethod
    async def trigger_event(self, event: Event, *, extra: Extra = None, timeout: float | None = None,
                            **kwargs: Any) -> None:
        """Inject an event as if the device had produced it."""

    @abstractmethod
    def stream_events(self, wanted: Mapping[str, Sequence[str]], *, extra: Extra = None) -> AsyncIterator[Event]:
        """Events whose (control, event type) is in ``wanted`` ({control: [event types]}), as they happen."""
