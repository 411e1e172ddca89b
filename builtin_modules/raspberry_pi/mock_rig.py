"""Test affordances of a board on mock pins: drive inputs, read outputs, simulate a motor.

Reached through the board's DoCommand (only when its backend is ``MockGpioBackend``), so tests
and the HIL suite's mock rig can act as the wiring from outside the module process:

- ``{"mock_drive": {"pin": "37", "high": true}}``: drive an input pin.
- ``{"mock_pulse": {"pin": "37", "count": 10, "period_ms": 20}}``: full low-high-low pulses.
- ``{"mock_state": {"pin": "12"}}``: ``{level, function, frequency_hz, history}`` of a pin.
- ``{"mock_attach_motor": {"pwm": "32", "dir": "36", "a": .., "b": .., "en_high": .., "en_low": ..,
  "encoder_a": "38", "encoder_b": "40", "encoder_i": .., "edges_per_s": 2000, "reverse": false}}``:
  a simulated DC motor with an encoder (see ``motor_power`` and ``encoder_levels``).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from drivers.gpio import MockGpioBackend

if TYPE_CHECKING:
    from builtin_modules.raspberry_pi.board import PiBoard

LOG = logging.getLogger(__name__)
# Quadrature states (a, b) of a real encoder turning forward: b leads a by a quarter cycle, the
# order the reference's incremental encoder counts up (00 -> 10 -> 11 -> 01 in a | b << 1).
QUADRATURE = ((False, False), (False, True), (True, True), (True, False))


def motor_power(level: Any, pins: dict[str, str | None]) -> float:
    """The signed power (-1..1) an H-bridge applies for the driver pins' levels (``level(pin)``:
    0/1, or the PWM duty): Dir/PWM, A/B/PWM, or A/B (PWM on one side, which drives while it is
    low against the other side held high). An enable pin off (en_high low, en_low high) is 0."""
    if pins.get("en_high") is not None and level(pins["en_high"]) < 0.5:
        return 0.0
    if pins.get("en_low") is not None and level(pins["en_low"]) >= 0.5:
        return 0.0
    a = level(pins["a"]) if pins.get("a") is not None else 0.0
    b = level(pins["b"]) if pins.get("b") is not None else 0.0
    if pins.get("pwm") is not None:
        duty = level(pins["pwm"])
        if pins.get("dir") is not None:
            return duty if level(pins["dir"]) >= 0.5 else -duty
        return duty * (round(a) - round(b))
    return a - b


def encoder_levels(step: int, *, single: bool) -> tuple[bool, bool]:
    """The encoder outputs after ``step`` edges of forward travel: every step is one edge, on
    the single channel (toggling) or on a or b in quadrature order."""
    if single:
        return step % 2 == 1, False
    return QUADRATURE[step % 4]


def run(board: PiBoard, command: str, args: dict[str, Any]) -> Any:
    backend = board.backend
    assert isinstance(backend, MockGpioBackend)
    if command == "mock_drive":
        backend.drive(args["pin"], bool(args.get("high", True)))
        return {"pin": args["pin"], "high": bool(args.get("high", True))}
    if command == "mock_pulse":
        count = int(args.get("count", 1))
        backend.pulse(args["pin"], count, period_s=float(args.get("period_ms", 0.0)) / 1000.0)
        return {"pin": args["pin"], "pulses": count}
    if command == "mock_state":
        pin = args["pin"]
        return {"level": backend.level(pin), "function": backend.function(pin),
                "frequency_hz": backend.frequency(pin), "history": backend.history(pin)[-50:]}
    if command == "mock_attach_motor":
        plant = MotorPlant(backend, args)
        board._plants.append(plant)
        plant.start()
        return {"attached": True}
    if command == "mock_attach_ultrasonic":
        for plant in board._plants:
            if isinstance(plant, UltrasonicPlant) and plant.trigger == args["trigger"]:
                plant.distance_m = float(args.get("distance_m", 1.0))  # moved the obstacle
                return {"attached": True}
        plant = UltrasonicPlant(backend, args)
        board._plants.append(plant)
        plant.start()
        return {"attached": True}
    raise ValueError(f"unknown mock command {command!r} (known: mock_drive, mock_pulse, mock_state, "
                     "mock_attach_motor, mock_attach_ultrasonic)")


class MotorPlant:
    """A DC motor and its encoder, simulated on a thread from the driver pins' states."""

    def __init__(self, backend: MockGpioBackend, args: dict[str, Any]) -> None:
        self.backend = backend
        self.pins = {key: args.get(key) for key in ("pwm", "dir", "a", "b", "en_high", "en_low")}
        self.reverse = bool(args.get("reverse", False))  # encoder wired the other way round
        self.enc_a, self.enc_b, self.enc_i = args.get("encoder_a"), args.get("encoder_b"), args.get("encoder_i")
        self.edges_per_s = float(args.get("edges_per_s", 2000.0))
        self.position = 0.0  # in edges
        self._step = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mock-motor-plant", daemon=True)

    def _level(self, pin: str | None, default: float = 0.0) -> float:
        if pin is None:
            return default
        try:
            return float(self.backend.level(pin))
        except Exception:  # noqa: BLE001 - a pin not opened yet reads as low
            return 0.0

    def power(self) -> float:
        """Signed power (-1..1) the driver pins currently express."""
        return motor_power(self._level, self.pins)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)

    def _emit(self, forward: bool) -> None:
        self._step += 1 if forward else -1
        phase = -self._step if self.reverse else self._step
        previous = phase - (1 if forward != self.reverse else -1)
        single = self.enc_i is not None
        a, b = encoder_levels(phase, single=single)
        previous_a, previous_b = encoder_levels(previous, single=single)
        if single:
            self.backend.drive(self.enc_i, a)
            return
        if a != previous_a:
            self.backend.drive(self.enc_a, a)
        if b != previous_b:
            self.backend.drive(self.enc_b, b)

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(0.001):
            now = time.monotonic()
            dt, last = min(now - last, 0.05), now
            self.position += self.power() * self.edges_per_s * dt
            target = int(self.position)
            try:  # edge by edge, re-reading the bridge: a motor stopped mid-burst emits no more edges
                while self._step < target and self.power() > 0:
                    self._emit(True)
                while self._step > target and self.power() < 0:
                    self._emit(False)
                if self._step != target:
                    self.position = float(self._step)
            except Exception as exc:  # noqa: BLE001 - the encoder pins were released: keep waiting
                LOG.debug("mock motor plant: %s", exc)
                self._step = target


class UltrasonicPlant:
    """An HC-SR04 on mock pins: watches the trigger's state history and answers on the echo pin."""

    SPEED_OF_SOUND_M_S = 343.0

    def __init__(self, backend: MockGpioBackend, args: dict[str, Any]) -> None:
        self.backend = backend
        self.trigger, self.echo = str(args["trigger"]), str(args["echo"])
        self.distance_m = float(args.get("distance_m", 1.0))
        self._seen = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mock-ultrasonic", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)

    def _states(self) -> list[Any] | None:
        try:
            return self.backend.raw_pin(self.trigger).states  # the mock pin's own list: no copy
        except Exception:  # noqa: BLE001 - the trigger pin is not opened yet
            return None

    _last_high = False

    def _run(self) -> None:
        states = self._states()
        self._seen = len(states) if states is not None else 0
        while not self._stop.wait(0.001):
            states = self._states()
            if states is None:
                continue
            if len(states) < self._seen:  # history was cleared
                self._seen = 0
            new = states[self._seen:]
            self._seen += len(new)
            previous, pulses = self._last_high, 0
            for state in new:
                high = bool(state.state)
                if previous and not high:
                    pulses += 1
                previous = high
            self._last_high = previous
            for _ in range(pulses):
                self._echo()

    def _echo(self) -> None:
        width = 2 * self.distance_m / self.SPEED_OF_SOUND_M_S
        # The edge times are taken when the pin changes, so the echo's width is only as exact as this
        # thread's wake-up: a short GIL switch interval keeps other threads from holding it for the
        # default 5 ms (3.4 cm of sound) while the echo is high.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(5e-5)
        try:
            deadline = time.perf_counter() + width  # from the rising edge's timestamp, not after its callbacks
            self.backend.drive(self.echo, True)
            if width > 0.002:
                time.sleep(width - 0.001)
            while time.perf_counter() < deadline:  # spin the last stretch: sleep() overshoots
                pass
            self.backend.drive(self.echo, False)
        finally:
            sys.setswitchinterval(interval)
