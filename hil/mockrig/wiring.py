"""Virtual wiring for the mock rig: mock pins that drive the pins wired to them.

`WiredPin` is a gpiozero mock PWM pin. When it is an output and its state changes, the
`VirtualWiring` of its factory drives the input pins the rig file wires to it: a level for a
digital output, a real-time edge train for PWM (so interrupt pins measure frequency and duty
from edge timestamps, as on the bench), and a simulated DC motor turns its encoder from the
driver pins' PWM duty and direction.

It works in two places with no code change in the stack:
- in the test process: `install(factory, rig)` on a `MockFactory(pin_class=WiredPin)`;
- in a module process: gpiozero builds `MockFactory()` with the pin class named by
  `GPIOZERO_MOCK_PIN_CLASS=hilwired` (entry point group `gpiozero_mock_pin_classes`, see
  `hil.mockrig.env`), and the first WiredPin loads the rig named by `HIL_MOCK_RIG`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from gpiozero.pins.mock import MockPWMPin, PinState

from builtin_modules.raspberry_pi import mock_rig
from drivers.board import BoardInfo, board_for_family
from drivers.errors import BoardNotDetected
from drivers.gpio.pins import resolve_pin
from hil.rig import Motor, Rig

log = logging.getLogger(__name__)

ENV_RIG = "HIL_MOCK_RIG"
_install_lock = threading.Lock()


def board_of(rig: Rig) -> BoardInfo:
    """The board whose header the rig's pin names refer to (a Pi 4 for `viam:raspberry-pi:rpi`)."""
    family = rig.board_model.rsplit(":", 1)[-1]
    try:
        return board_for_family(family)
    except BoardNotDetected:
        return board_for_family("rpi4")


def _gpio(pin: Any) -> int:
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
        if self._function != "input" or self._state == high:
            return
        self._state = high
        self.states.append(PinState(when - self._last_change, high))
        self._last_change = when
        if self._edges in ("both", "rising" if high else "falling") and self._when_changed is not None:
            self._call_when_changed()

    def _set_function(self, value: Any) -> None:
        super()._set_function(value)
        if value == "input":
            wiring_of(self._factory).output_released(self)


def wiring_of(factory: Any) -> VirtualWiring:
    """The factory's wiring; loaded from `$HIL_MOCK_RIG` on first use in a module process."""
    wiring = getattr(factory, "hil_wiring", None)
    if wiring is None:
        with _install_lock:
            wiring = getattr(factory, "hil_wiring", None)
            if wiring is None:
                path = os.environ.get(ENV_RIG)
                if path:
                    from hil.rig import load_rig

                    wiring = install(factory, load_rig(path))
                else:
                    wiring = VirtualWiring(factory, None)
                    factory.hil_wiring = wiring
    return wiring


def install(factory: Any, rig: Rig) -> VirtualWiring:
    """Wire `factory`'s pins as `rig` says; returns the wiring (stop it with `close`)."""
    wiring = VirtualWiring(factory, rig)
    factory.hil_wiring = wiring
    wiring.start()
    return wiring


class EdgeTrain:
    """Drives an input pin with PWM edges in real time on a thread (absolute schedule)."""

    def __init__(self, target: Any, frequency_hz: float, duty: float) -> None:
        self.target, self.frequency_hz, self.duty = target, frequency_hz, duty
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"hil-pwm-{_gpio(target)}", daemon=True)
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
                _drive(self.target, high, at)
            k += 1

    def stop(self) -> None:
        self._stop.set()
        if threading.current_thread() is not self._thread:
            self._thread.join(1)


def _drive(target: Any, high: bool, when: float | None = None) -> None:
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


class VirtualWiring:
    """The wires of one mock pin factory, from the rig file."""

    def __init__(self, factory: Any, rig: Rig | None) -> None:
        self.factory = factory
        self.rig = rig
        self.wires: dict[int, list[int]] = {}
        self._trains: dict[int, EdgeTrain] = {}
        self._lock = threading.RLock()
        self.motor: MotorSim | None = None
        if rig is None:
            return
        board = board_of(rig)

        def gpio(name: str) -> int:
            return resolve_pin(name, board).gpio

        # A jumper conducts both ways: either end may be the output.
        pairs = [(w.out, w.inp) for w in rig.gpio_loopbacks] + [(w.inp, w.out) for w in rig.gpio_loopbacks]
        if rig.pwm_interrupt:
            pairs.append((rig.pwm_interrupt.pwm, rig.pwm_interrupt.interrupt))
        if rig.servo and rig.servo.monitor:
            pairs.append((rig.servo.pin, rig.servo.monitor))
        for out, inp in pairs:
            self.wires.setdefault(gpio(out), []).append(gpio(inp))
        if rig.motor:
            self.motor = MotorSim(self, rig.motor, gpio)

    def start(self) -> None:
        if self.motor:
            self.motor.start()

    def pin(self, gpio: int) -> Any:
        return self.factory.pin(gpio)

    def output_changed(self, pin: Any) -> None:
        source = _gpio(pin)
        targets = self.wires.get(source)
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
                    _drive(target, float(state) >= 0.5)

    def output_released(self, pin: Any) -> None:
        with self._lock:
            for gpio in self.wires.get(_gpio(pin), []):
                train = self._trains.pop(gpio, None)
                if train:
                    train.stop()

    def close(self) -> None:
        """Stop edge trains and the motor simulation; idempotent."""
        with self._lock:
            for train in self._trains.values():
                train.stop()
            self._trains.clear()
        if self.motor:
            self.motor.stop()


class MotorSim:
    """A DC motor with a shaft encoder: speed = power x max_rpm, edges on the encoder pins.

    Power is what the driver pins express (``mock_rig.motor_power``). The encoder emits the edges
    a real one does (``mock_rig.encoder_levels``, B leading going forward): the reference counts
    two quadrature edges or one single-channel edge per tick.
    """

    def __init__(self, wiring: VirtualWiring, motor: Motor, gpio: Any) -> None:
        self.wiring = wiring
        self.roles = {role: gpio(pin) for role, pin in motor.pins.items()}
        self.encoder = {role: gpio(pin) for role, pin in motor.encoder_pins.items()}
        edges_per_tick = 1 if "i" in self.encoder else 2
        self.ticks_per_s_at_full = motor.max_rpm / 60.0 * motor.ticks_per_rotation * edges_per_tick
        self.position = 0.0  # in encoder edges
        self._step = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hil-motor-sim", daemon=True)

    def _level(self, role: str) -> float:
        gpio = self.roles.get(role)
        if gpio is None:
            return 0.0
        pin = self.wiring.pin(gpio)
        return float(pin.state) if pin.function == "output" else 0.0

    def power(self) -> float:
        """Signed power -1..1 from the driver pins."""
        return mock_rig.motor_power(self._level, {role: role for role in self.roles})

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(1)

    def _emit(self, forward: bool) -> None:
        previous = self._step
        self._step += 1 if forward else -1
        single = "i" in self.encoder
        a, b = mock_rig.encoder_levels(self._step, single=single)
        pa, pb = mock_rig.encoder_levels(previous, single=single)
        if single:
            _drive(self.wiring.pin(self.encoder["i"]), a)
            return
        if a != pa:
            _drive(self.wiring.pin(self.encoder["a"]), a)
        if b != pb:
            _drive(self.wiring.pin(self.encoder["b"]), b)

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(0.001):
            now = time.monotonic()
            dt, last = min(now - last, 0.05), now
            self.position += self.power() * self.ticks_per_s_at_full * dt
            target = int(self.position)
            try:
                while self._step < target:
                    self._emit(True)
                while self._step > target:
                    self._emit(False)
            except Exception as e:  # noqa: BLE001 - pins closed under us: keep simulating
                log.debug("motor simulation: %s", e)
                self._step = target
