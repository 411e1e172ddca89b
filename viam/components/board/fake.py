"""Fake board (``rdk:builtin:fake``): GPIO/PWM state per pin, analogs, GPIO-driven interrupts.

As rdk's fake board (components/board/fake):
  every GPIO pin name exists, starts low with duty 0 and PWM frequency 0 Hz; SetGPIO clears the
  pin's duty and frequency; SetPWM and SetPWMFrequency store any value (no range check).
  ``analogs``: ``[{"name": "a1", "pin": "1"}]`` (``name`` required, ``pin`` optional) read on a
  0..1000 scale in steps of 1; on pin "1" an analog reads what was last written (0 at first), on
  any other pin each read counts 1, 2, ... 1000, 0, 1 ... (a write is overwritten by the next read).
  ``digital_interrupts``: ``[{"name": "di8", "pin": "8"}]`` (both required); one on pin "0" counts
  up by one on every read of its value. StreamTicks sends, every 700 ms, a tick of random level for
  each interrupt of the stream, stamped with the Unix time in whole seconds (the reference's
  quirk). ``fail_new: true`` fails the build ("whoops").
  SetPowerMode is UNIMPLEMENTED.
Ours:
  an analog's ``value`` fixes its reading (writes change it); driving an interrupt's GPIO pin
  with SetGPIO is its input: each low->high edge adds one to its value and every edge is
  delivered to StreamTicks subscribers, so tests can cause ticks and watch them arrive;
  ``random_tick_interval_ms`` (default 700; 0: none, only driven edges) paces the random ticks;
  DoCommand echoes.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from viam.components.board.api import (
    AnalogValue,
    Board,
    PowerMode,
    Tick,
    TickStream,
    find_named,
)
from viam.components.board.ticks import TickSubscription
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, NotSupportedError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)

ANALOG_MAX = 1000  # the reference fake's analog range: 0..1000 in steps of 1
ANALOG_LOOPBACK_PIN = "1"  # the reference fake's analogs on this pin read back what was written
COUNTING_INTERRUPT_PIN = "0"  # and its interrupts on this pin count up on every read
RANDOM_TICK_INTERVAL_MS = 700.0  # and its StreamTicks sends a random tick per interrupt this often


@dataclass
class _PinState:
    high: bool = False
    duty_cycle: float = 0.0
    frequency_hz: int = 0


class FakeBoard(Board):
    """Simulated board; every pin name is valid and starts low with no PWM at 0 Hz."""

    ATTRIBUTES: tuple[str, ...] = ("analogs", "digital_interrupts", "fail_new", "random_tick_interval_ms")

    def __init__(self, name: str, analogs: Mapping[str, tuple[str, int | None]] | None = None,
                 interrupts: Mapping[str, str] | None = None, *,
                 random_tick_interval_ms: float = RANDOM_TICK_INTERVAL_MS) -> None:
        super().__init__(name)
        self.random_tick_interval_ms = random_tick_interval_ms
        self._tickers: set[asyncio.Task[None]] = set()
        self._pins: dict[str, _PinState] = {}
        self._analogs = {n: _FakeAnalog(n, pin, value, self) for n, (pin, value) in (analogs or {}).items()}
        self._interrupts = {n: _FakeInterrupt(n, pin, self) for n, pin in (interrupts or {}).items()}
        self._subscribers: set[TickSubscription] = set()
        self._closed = False

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse_named_pins(config, "analogs", with_value=True)
        _parse_named_pins(config, "digital_interrupts")
        _check_fail_new(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeBoard:
        _check_fail_new(config)
        analogs = {e["name"]: (e["pin"], e["value"]) for e in _parse_named_pins(config, "analogs", with_value=True)}
        interrupts = {e["name"]: e["pin"] for e in _parse_named_pins(config, "digital_interrupts")}
        return cls(config.name, analogs, interrupts, random_tick_interval_ms=_random_tick_interval_ms(config))

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
        if self.random_tick_interval_ms > 0:
            ticker = asyncio.create_task(self._random_ticks(subscription))
            self._tickers.add(ticker)
            ticker.add_done_callback(self._tickers.discard)
        return subscription

    async def _random_ticks(self, subscription: TickSubscription) -> None:
        """The reference's StreamTicks: every 700 ms, a tick of random level per interrupt of the
        stream, stamped with the Unix time in whole *seconds* (the reference's TimestampNanosec)."""
        while subscription in self._subscribers:
            await asyncio.sleep(self.random_tick_interval_ms / 1000)
            if subscription not in self._subscribers:
                return
            for name in sorted(subscription.names):
                subscription.offer(Tick(pin_name=name, high=random.random() < 0.5,  # noqa: S311 - a fake
                                        time=int(time.time())))

    # -- board -------------------------------------------------------------------------------------
    async def set_power_mode(self, mode: PowerMode.ValueType, duration: timedelta | None = None, *,
                             extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        raise NotSupportedError(f"board {self.name!r}: SetPowerMode is not implemented by a fake board "
                                "(as rdk's fake board)")

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {
            "analogs": {n: a.value for n, a in self._analogs.items()},
            "digital_interrupts": {n: i.count for n, i in self._interrupts.items()},
        }

    async def close(self) -> None:
        """End every open tick stream (idempotent)."""
        if self._closed:
            return
        self._closed = True
        for subscriber in list(self._subscribers):
            subscriber.end()
        for ticker in list(self._tickers):
            ticker.cancel()


class _FakePin(Board.GPIOPin):
    def __init__(self, name: str, board: FakeBoard) -> None:
        super().__init__(name)
        self._board = board

    async def set(self, high: bool, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self._board._drive(self.name, high)
        self._board.pin_state(self.name).frequency_hz = 0  # the reference's Set clears duty and frequency

    async def get(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        return self._board.pin_state(self.name).high

    async def get_pwm(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self._board.pin_state(self.name).duty_cycle

    async def set_pwm(self, duty_cycle: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        self._board.pin_state(self.name).duty_cycle = duty_cycle  # any value, as the reference's

    async def get_pwm_frequency(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return self._board.pin_state(self.name).frequency_hz

    async def set_pwm_frequency(self, frequency: int, *, extra: Extra = None, timeout: float | None = None,
                                **kwargs: Any) -> None:
        if frequency < 0:
            raise InvalidArgumentError(
                f"board {self._board.name!r} pin {self.name!r}: PWM frequency {frequency} Hz is negative")
        self._board.pin_state(self.name).frequency_hz = frequency  # 0 stays 0, as the reference's


class _FakeAnalog(Board.Analog):
    def __init__(self, name: str, pin: str, value: int | None, board: FakeBoard) -> None:
        super().__init__(name)
        self.pin = pin
        self.fixed = value is not None  # ours: a configured value holds (writes change it)
        self.value = value or 0
        self._counter = 0
        self._board = board

    async def read(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> AnalogValue:
        if not self.fixed and self.pin != ANALOG_LOOPBACK_PIN:
            self._counter = (self._counter + 1) % (ANALOG_MAX + 1)  # the reference's moving fake value
            self.value = self._counter
        return AnalogValue(value=self.value, min_range=0.0, max_range=float(ANALOG_MAX), step_size=1.0)

    async def write(self, value: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        """Set the value (read back on pin "1" or with a configured ``value``; any int, as the reference)."""
        self.value = value


class _FakeInterrupt(Board.DigitalInterrupt):
    def __init__(self, name: str, pin: str, board: FakeBoard) -> None:
        super().__init__(name)
        self.pin = pin
        self.count = 0
        self._board = board

    async def value(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        if self.pin == COUNTING_INTERRUPT_PIN:
            self.count += 1  # the reference's interrupt on pin "0" counts every read
        return self.count


def _random_tick_interval_ms(config: ResourceConfig) -> float:
    value = config.attributes.get("random_tick_interval_ms", RANDOM_TICK_INTERVAL_MS)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise config.error(f"random_tick_interval_ms must be a number of ms >= 0 (0: none), got {value!r}",
                           "attributes.random_tick_interval_ms")
    return float(value)


def _check_fail_new(config: ResourceConfig) -> None:
    fail_new = config.attributes.get("fail_new", False)
    if not isinstance(fail_new, bool):
        raise config.error(f"fail_new must be true or false, got {fail_new!r}", "attributes.fail_new")
    if fail_new:
        raise config.error("whoops", "attributes.fail_new")  # the reference's test switch and message


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
        if isinstance(pin, float) and pin.is_integer():
            pin = int(pin)
        if isinstance(pin, int) and not isinstance(pin, bool):
            pin = str(pin)
        if with_value and pin is None:
            pin = ""  # an analog's pin is optional (the reference's AnalogReaderConfig)
        if not isinstance(pin, str) or (not pin and not with_value):
            raise config.error(f"pin must be a pin name or number, got {pin!r}", f"{where}.pin")
        item: dict[str, Any] = {"name": name, "pin": pin}
        if with_value:
            value = entry.get("value")
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise config.error(f"value must be an integer, got {value!r}", f"{where}.value")
            item["value"] = value
        parsed.append(item)
    return parsed
