"""Wires between mock pins: an output's changes reach the inputs wired to it.

`WiredPin` is a gpiozero mock PWM pin. When it is an output and its state changes, the `Wiring`
of its factory drives the input pins wired to it: a level for a digital output, a real-time edge
train for PWM (so interrupt pins measure frequency and duty from edge timestamps, as on a bench).
A wiring may also carry plants (`plants.MotorPlant`) that it starts and stops with itself.

Where the wires come from is the caller's business: the HIL mock rig builds them from its rig
file (`hil.mockrig.wiring`), in the test process or, through `set_loader`, in a module process
whose gpiozero builds its ``MockFactory`` with this pin class.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from drivers.gpio import zero

_mock = zero.import_module("gpiozero.pins.mock")  # without importlib.metadata, as the backend does
MockPWMPin = _mock.MockPWMPin
PinState = _mock.PinState

log = logging.getLogger(__name__)

_install_lock = threading.Lock()
_loader: Callable[[Any], Wiring | None] | None = None


def gpio_of(pin: Any) -> int:
    """The Broadcom number of a gpiozero mock pin."""
    return int(str(pin.info.name).removeprefix("GPIO"))


class WiredPin(MockPWMPin):
    """A mock PWM pin whose output changes reach the pins wired to it."""

    def _change_state(self, value: Any) -> bool:
        changed = super()._change_state(value)
        if changed and self._function == "output":
            wiring_of(self._factory).output_changed(self)
        return changed

    def _set_frequency(self, value: Any) -> None:
        super()._set_frequency(value)
        if self._function == "output":
            wiring_of(self._factory).output_changed(self)

    def drive_at(self, high: bool, when: float) -> None:
        """Drive this input to `high` as of monotonic time `when` (the edge's hardware timestamp).

        Real GPIO edge events carry the kernel's timestamp of the edge, not the time a thread got
        round to it; the mock wire does the same, so timing jitter of the simulation does not
        show up as PWM jitter.
        """
        if self._function != "input":
            return
        drive_stamped(self, high, when)

    def _set_function(self, value: Any) -> None:
        super()._set_function(value)
        if value == "input":
            wiring_of(self._factory).output_released(self)


def drive_stamped(pin: Any, high: bool, when: float) -> None:
    """Drive the gpiozero mock input `pin` to `high`, stamping the edge at monotonic time `when`.

    The edge goes into the pin's state history and to its edge callback with that timestamp, as a
    GPIO chip's event carries the time of the edge. No edge when the pin already is at `high`.
    """
    assert pin._function == "input"
    if pin._state == high:
        return
    pin._state = high
    pin.states.append(PinState(when - pin._last_change, high))
    pin._last_change = when
    if pin._edges in ("both", "rising" if high else "falling") and pin._when_changed is not None:
        pin._call_when_changed()


def state_at(pin: Any, when: float) -> float:
    """What the gpiozero mock pin `pin` was at monotonic time `when`, from its state history.

    0/1 for a digital level, the duty for PWM; before the history's start, its first state.
    The history is read as one snapshot, re-read while another thread records a change (a change
    caught between gpiozero's two bookkeeping steps may still be placed one state early).
    """
    while True:  # the list only grows (clear_states replaces it), so its first `count` entries stay put
        states, last_change = pin.states, pin._last_change
        count = len(states)
        if pin.states is states and pin._last_change == last_change and len(states) == count:
            break
    effective = last_change  # when states[i] began, walking back from the newest
    for i in range(count - 1, 0, -1):
        if when >= effective:
            return float(states[i].state)
        effective -= states[i].timestamp
    return float(states[0].state)


def set_loader(loader: Callable[[Any], Wiring | None]) -> None:
    """Name who builds a factory's wiring on first use (``loader(factory)``; None: no wires)."""
    global _loader
    _loader = loader


def wiring_of(factory: Any) -> Wiring:
    """The factory's wiring, built on first use by the loader (`set_loader`), else empty."""
    wiring = getattr(factory, "mock_wiring", None)
    if wiring is None:
        with _install_lock:
            wiring = getattr(factory, "mock_wiring", None)
            if wiring is None:
                wiring = (_loader(factory) if _loader else None) or Wiring(factory)
                factory.mock_wiring = wiring
                wiring.start()
    return wiring


def install(wiring: Wiring) -> Wiring:
    """Make `wiring` its factory's and start it; returns it (stop it with `close`)."""
    wiring.factory.mock_wiring = wiring
    wiring.start()
    return wiring


class EdgeTrain:
    """Drives an input pin with PWM edges in real time on a thread (absolute schedule)."""

    def __init__(self, target: Any, frequency_hz: float, duty: float) -> None:
        self.target, self.frequency_hz, self.duty = target, frequency_hz, duty
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"mock-pwm-{gpio_of(target)}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        period = 1.0 / self.frequency_hz
        start = time.monotonic()
        k = 0
        while not self._stop.is_set():
            rise = start + k * period
            for at, high in ((rise, True), (rise + self.duty * period, False)):
                delay = at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                if self._stop.is_set():
                    return
                drive(self.target, high, at)
            k += 1

    def stop(self) -> None:
        self._stop.set()
        if threading.current_thread() is not self._thread:
            self._thread.join(1)


def drive(target: Any, high: bool, when: float | None = None) -> None:
    """Drive an input as a wire would; an output on the other end (contention) is left alone."""
    try:
        if target.function != "input":
            return
        if when is not None and isinstance(target, WiredPin):
            target.drive_at(high, when)
        else:
            target.drive_high() if high else target.drive_low()
    except AssertionError:
        pass  # it turned into an output meanwhile


def output_level(factory: Any, gpio: int) -> float:
    """What pin `gpio` drives: its state (0/1 or the PWM duty) when an output, else 0."""
    pin = factory.pin(gpio)
    return float(pin.state) if pin.function == "output" else 0.0


def output_level_at(factory: Any, gpio: int, when: float) -> float:
    """What pin `gpio` drove at monotonic time `when` (`state_at`) when it is an output, else 0."""
    pin = factory.pin(gpio)
    return state_at(pin, when) if pin.function == "output" else 0.0


class Wiring:
    """The wires of one mock pin factory (output GPIO -> input GPIOs) and the plants on them."""

    def __init__(self, factory: Any, wires: dict[int, list[int]] | None = None,
                 plants: list[Any] | None = None) -> None:
        self.factory = factory
        self.wires = wires or {}
        self.plants = plants or []
        self._trains: dict[int, EdgeTrain] = {}
        self._lock = threading.RLock()
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            for plant in self.plants:
                plant.start()

    def pin(self, gpio: int) -> Any:
        return self.factory.pin(gpio)

    def output_changed(self, pin: Any) -> None:
        targets = self.wires.get(gpio_of(pin))
        if not targets:
            return
        state, frequency = pin.state, pin.frequency
        with self._lock:
            for gpio in targets:
                target = self.pin(gpio)
                old = self._trains.pop(gpio, None)
                if old:
                    old.stop()
                if frequency and 0.0 < float(state) < 1.0:
                    self._trains[gpio] = EdgeTrain(target, float(frequency), float(state))
                else:
                    drive(target, float(state) >= 0.5)

    def output_released(self, pin: Any) -> None:
        with self._lock:
            for gpio in self.wires.get(gpio_of(pin), []):
                train = self._trains.pop(gpio, None)
                if train:
                    train.stop()

    def close(self) -> None:
        """Stop edge trains and plants; idempotent."""
        with self._lock:
            for train in self._trains.values():
                train.stop()
            self._trains.clear()
        for plant in self.plants:
            plant.stop()
