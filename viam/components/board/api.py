"""Board: a compute board's GPIO pins, PWM, analog readers/writers and digital interrupts.

Mirrors the official SDK's shape: pins, analogs and interrupts are small objects fetched by name
(``await board.gpio_pin_by_name("11")``) whose methods make the calls, so code written against
the SDK reads the same against this package.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar, Protocol, TypeVar

from viam.components.base import FromRobot
from viam.errors import ResourceNotFoundError
from viam.gen.component.board.v1.board_pb2 import PowerMode
from viam.resource.base import Extra, Resource
from viam.resource.names import API
from viam.utils import shorten

T = TypeVar("T")

DEFAULT_PWM_FREQUENCY_HZ = 800
"""What a pin's PWM frequency reads as until one is set (and what setting 0 restores)."""


@dataclass(frozen=True)
class Tick:
    """One edge seen by a digital interrupt; ``time`` is nanoseconds since the Unix epoch."""

    pin_name: str
    high: bool
    time: int


@dataclass(frozen=True)
class AnalogValue:
    """A reading: the raw ``value`` plus the reader's range and step size (volts)."""

    value: int
    min_range: float
    max_range: float
    step_size: float


class TickStream(Protocol):
    """Ticks as they happen; ``aclose()`` stops the stream and releases the subscription."""

    def __aiter__(self) -> AsyncIterator[Tick]: ...

    async def __anext__(self) -> Tick: ...

    async def aclose(self) -> None: ...


class Board(FromRobot, Resource):
    """Subclasses implement the three look-ups, ``set_power_mode`` and ``stream_ticks``."""

    API: ClassVar[API] = API.component("board")

    class Analog(ABC):
        """An analog reader or writer on the board, by name."""

        def __init__(self, name: str) -> None:
            self.name = name

        @abstractmethod
        async def read(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> AnalogValue:
            """Read the current value with the reader's range."""

        @abstractmethod
        async def write(self, value: int, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
            """Write a raw value to the analog writer."""

    class DigitalInterrupt(ABC):
        """A configured interrupt; its value counts the rising edges it has seen."""

        def __init__(self, name: str) -> None:
            self.name = name

        @abstractmethod
        async def value(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int: ...

    class GPIOPin(ABC):
        """One GPIO pin, by the board's pin name (header number or label)."""

        def __init__(self, name: str) -> None:
            self.name = name

        @abstractmethod
        async def set(self, high: bool, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
            """Drive the pin high or low (this ends any PWM on it)."""

        @abstractmethod
        async def get(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool: ...

        @abstractmethod
        async def get_pwm(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
            """The PWM duty cycle, 0..1."""

        @abstractmethod
        async def set_pwm(self, duty_cycle: float, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> None:
            """Set the PWM duty cycle, 0..1."""

        @abstractmethod
        async def get_pwm_frequency(self, *, extra: Extra = None, timeout: float | None = None,
                                    **kwargs: Any) -> int:
            """The PWM frequency in Hz."""

        @abstractmethod
        async def set_pwm_frequency(self, frequency: int, *, extra: Extra = None, timeout: float | None = None,
                                    **kwargs: Any) -> None:
            """Set the PWM frequency in Hz; 0 means the board's default."""

    @abstractmethod
    async def analog_by_name(self, name: str) -> Analog: ...

    @abstractmethod
    async def digital_interrupt_by_name(self, name: str) -> DigitalInterrupt: ...

    @abstractmethod
    async def gpio_pin_by_name(self, name: str) -> GPIOPin: ...

    @abstractmethod
    async def set_power_mode(self, mode: PowerMode.ValueType, duration: timedelta | None = None, *,
                             extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        """Enter ``mode``, for ``duration`` if given (then back to normal)."""

    @abstractmethod
    async def stream_ticks(self, interrupts: Sequence[DigitalInterrupt], *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> TickStream:
        """Subscribe to the ticks of ``interrupts``; the subscription is live when this returns."""


__all__ = ["DEFAULT_PWM_FREQUENCY_HZ", "AnalogValue", "Board", "PowerMode", "Tick", "TickStream"]


def find_named(board: str, kind: str, items: Mapping[str, T], name: str, hint: str = "") -> T:
    """``items[name]``, or NOT_FOUND naming the board, the kind and what exists (plus ``hint``)."""
    try:
        return items[name]
    except KeyError:
        available = ", ".join(repr(n) for n in sorted(items)) or "none"
        raise ResourceNotFoundError(
            f"board {board!r} has no {kind} named {shorten(name)!r} (available: {available}{hint})") from None
