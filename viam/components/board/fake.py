"""Fake board (``rdk:builtin:fake``): GPIO/PWM state per pin, fixed analogs, GPIO-driven interrupts.

Attributes:
  ``analogs``: ``[{"name": "a1", "pin": "32", "value": 512}]`` readers on a 10-bit 0..3.3 V
  scale; ``value`` (default 0) is what they read until something writes to them.
  ``digital_interrupts``: ``[{"name": "di8", "pin": "8"}]``; driving that GPIO pin with SetGPIO
  is the interrupt's input: each low->high edge adds one to its value, and every edge is
  delivered to StreamTicks subscribers, so tests can cause ticks and watch them arrive.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from viam.components.board.api import (
    DEFAULT_PWM_FREQUENCY_HZ,
    AnalogValue,
    Board,
    PowerMode,
    Tick,
    TickStream,
    find_named,
)
from viam.components.board.ticks import TickSubscription
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)

ANALOG_MAX_RANGE_V = 3.3
ANALOG_STEPS = 1024


@dataclass
class _PinState:
    high: bool = False
    duty_cycle: float = 0.0
    frequency_hz: int = DEFAULT_PWM_FREQUENCY_HZ


class FakeBoard(Board):
    """Simulated board; every pin name is valid and starts low with no PWM at 800 Hz."""

    def __init__(self, name: str, analogs: Mapping[str, tuple[str, int]] | None = None,
                 interrupts: Mapping[str, str] | None = None) -> None:
        super().__init__(name)
        self._pins: dict[str, _PinState] = {}
        self._analogs = {n: _FakeAnalog(n, pin, value, self) for n, (pin, value) in (analogs or {}).items()}
        self._interrupts = {n: _FakeInterrupt(n, pin, self) for n, pin in (interrupts or {}).items()}
        self._subscribers: set[TickSubscription] = set()
        self.power_mode: PowerMode.ValueType = PowerMode.POWER_MODE_NORMAL
        self.power_mode_duration: timedelta | None = None
        self._closed = False

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse_named_pins(config, "analogs", with_value=True)
        _parse_named_pins(config, "digital_interrupts")
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeBoard:
        analogs = {e["name"]: (e["pin"], e["value"]) for e in _parse_named_pins(config, "analogs", with_value=True)}
        interrupts = {e["name"]: e["pin"] for e in _parse_named_pins(config, "digital_interrupts")}
        return cls(config.name, analogs, interrupts)

    # -- look-ups -------------------------------------------------------------------------------
    async def analog_by_name(self, name: str) -> Board.Analog:
        return find_named(self.name, "analog", self._analogs, name)

    async def digital_interrupt_by_name(self, name: str) -> Board.DigitalInterrupt:
        return find_named(self.name, "digital interrupt", self._interrupts, name)

    async def gpio_pin_by_name(self, name: str) -> Board.GPIOPin:
        if not name:
            raise InvalidArgumentError(f"board {self.name!r}: a GPIO pin name is required")
        return _FakePin(name, self)

    def pin_state(self, name: str) -> _PinState:
        return self._pins.setdefault(name, _PinState())

    # -- interrupts -------------------------------------------------------------------------------
    def _drive(self, pin: str, high: bool) -> None:
        """Set a pin's level; an edge on an interrupt's pin is a tick for that interrupt."""
        state = self.pin_state(pin)
        edge = state.high != high
        state.high, state.duty_cycle = high, 0.0
        if not edge:
            return
        now_ns = time.time_ns()
        for interrupt in self._interrupts.values():
            if interrupt.pin != pin:
                continue
            if high:
                interrupt.count += 1
            tick = Tick(pin_name=interrupt.name, high=high, time=now_ns)
            for subscriber in self._subscribers:
                subscriber.offer(tick)

    async def stream_ticks(self, interrupts: Sequence[Board.DigitalInterrupt], *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> TickStream:
        if not interrupts:
            raise InvalidArgumentError(f"board {self.name!r}: StreamTicks needs at least one digital interrupt name")
        names = {i.name for i in interrupts}
        for name in names:
            await self.digital_interrupt_by_name(name)
        subscription = TickSubscription(names, self._subscribers)
        self._subscribers.add(subscription)
        LOG.debug("board %r: streaming ticks of %s", self.name, sorted(names))
        return subscription

    # -- board -------------------------------------------------------------------------------------
    async def set_power_mode(self, mode: PowerMode.ValueType, duration: timedelta | None = None, *,
                             extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        if mode not in (PowerMode.POWER_MODE_NORMAL, PowerMode.POWER_MODE_OFFLINE_DEEP):
            raise InvalidArgumentError(f"board {self.name!r}: power mode {mode} is not NORMAL (1) or OFFLINE_DEEP (2)")
        self.power_mode, self.power_mode_duration = mode, duration
        LOG.info("board %r: power mode %s for %s", self.name, PowerMode.Name(mode), duration or "ever")

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {
            "analogs": {n: a.value for n, a in self._analogs.items()},
            "digital_interrupts": {n: i.count for n, i in self._interrupts.items()},
            "power_mode": PowerMode.Name(self.power_mode),
        }

    async def close(self) -> None:
        """End every open tick stream (idempotent)."""
        if self._closed:
            return
        self._closed = True
        for subscriber in list(self._subscribers):
            subscriber.end()


class _FakePin(Board.GPIOPin):
    def __init__(self, name: str, board: FakeBoard) -> None:
        super().__init__(name)
        self._board = board

    async def set(self, high: bool, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self._board._drive(self.name, high)

    async def get(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        return self._board.pin_state(self.name).high

    async def get_pwm(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self._board.pin_state(self.name).duty_cycle

    async def set_pwm(self, duty_cycle: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        if not 0.0 <= duty_cycle <= 1.0:
            raise InvalidArgumentError(
                f"board {self._board.name!r} pin {self.name!r}: duty cycle {duty_cycle} is outside 0..1")
        self._board.pin_state(self.name).duty_cycle = duty_cycle

    async def get_pwm_frequency(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return self._board.pin_state(self.name).frequency_hz

    async def set_pwm_frequency(self, frequency: int, *, extra: Extra = None, timeout: float | None = None,
                                **kwargs: Any) -> None:
        if frequency < 0:
            raise InvalidArgumentError(
                f"board {self._board.name!r} pin {self.name!r}: PWM frequency {frequency} Hz is negative")
        self._board.pin_state(self.name).frequency_hz = frequency or DEFAULT_PWM_FREQUENCY_HZ


class _FakeAnalog(Board.Analog):
    def __init__(self, name: str, pin: str, value: int, board: FakeBoard) -> None:
        super().__init__(name)
        self.pin = pin
        self.value = value
        self._board = board

    async def read(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> AnalogValue:
        return AnalogValue(value=self.value, min_range=0.0, max_range=ANALOG_MAX_RANGE_V,
                           step_size=ANALOG_MAX_RANGE_V / ANALOG_STEPS)

    async def write(self, value: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        """The fake's analogs loop back: a written value is what the next read returns."""
        if not 0 <= value < ANALOG_STEPS:
            raise InvalidArgumentError(
                f"board {self._board.name!r} analog {self.name!r}: value {value} is outside 0..{ANALOG_STEPS - 1}")
        self.value = value


class _FakeInterrupt(Board.DigitalInterrupt):
    def __init__(self, name: str, pin: str, board: FakeBoard) -> None:
        super().__init__(name)
        self.pin = pin
        self.count = 0
        self._board = board

    async def value(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return self.count


def _parse_named_pins(config: ResourceConfig, key: str, *, with_value: bool = False) -> list[dict[str, Any]]:
    """Check ``attributes.<key>`` is a list of ``{name, pin}`` with unique names; return it normalised."""
    entries = config.attributes.get(key, [])
    if not isinstance(entries, list):
        raise config.error(f"{key} must be a list of {{name, pin}} objects, got {entries!r}", f"attributes.{key}")
    parsed: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"attributes.{key}[{index}]"
        if not isinstance(entry, dict):
            raise config.error(f"expected an object with name and pin, got {entry!r}", where)
        name, pin = entry.get("name"), entry.get("pin")
        if not isinstance(name, str) or not name:
            raise config.error(f"name must be a non-empty string, got {name!r}", f"{where}.name")
        if name in seen:
            raise config.error(f"duplicate name {name!r}", f"{where}.name")
        seen.add(name)
        if isinstance(pin, int) and not isinstance(pin, bool):
            pin = str(pin)
        if not isinstance(pin, str) or not pin:
            raise config.error(f"pin must be a pin name or number, got {pin!r}", f"{where}.pin")
        item: dict[str, Any] = {"name": name, "pin": pin}
        if with_value:
            value = entry.get("value", 0)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < ANALOG_STEPS:
                raise config.error(f"value must be an integer in 0..{ANALOG_STEPS - 1}, got {value!r}",
                                   f"{where}.value")
            item["value"] = value
        parsed.append(item)
    return parsed
