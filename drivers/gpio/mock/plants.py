"""Simulated hardware on mock pins: a DC motor with its shaft encoder, and an HC-SR04.

A plant reads the driver pins through ``level(pin) -> float`` (0/1, or the PWM duty), and what
they were at a past moment through ``level_at(pin, t)`` (the pins' state history), and drives
the sensor pins through ``drive(pin, high)``, so the same simulation runs on a `MockGpioBackend`
(pins by name) and on the HIL mock rig's wired factory (pins by GPIO number).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

LOG = logging.getLogger(__name__)
# Quadrature states (a, b) of a real encoder turning forward: b leads a by a quarter cycle, the
# order the reference's incremental encoder counts up (00 -> 10 -> 11 -> 01 in a | b << 1).
QUADRATURE = ((False, False), (False, True), (True, True), (True, False))
DRIVER_ROLES = ("pwm", "dir", "a", "b", "en_high", "en_low")

Level = Callable[[Any], float]
LevelAt = Callable[[Any, float], float]
Drive = Callable[[Any, bool], None]


def motor_power(level: Level, pins: Mapping[str, Any]) -> float:
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


class MotorPlant:
    """A DC motor and its encoder, simulated on a thread: speed = power x ``edges_per_s``.

    Args:
        level: reads a driver pin (``pins`` values) as 0..1.
        drive: drives an encoder pin.
        pins: driver pins by role (``DRIVER_ROLES``); missing or None roles are not wired.
        encoder: ``{"a": .., "b": ..}`` (quadrature) or ``{"i": ..}`` (single channel).
        edges_per_s: encoder edges per second at full power.
        reverse: the encoder is wired the other way round (counts down going forward).
        time_constant_s: inertia: the speed follows the power as a first-order lag (0: at once).
        level_at: reads what a driver pin was at a monotonic time (None: the present level for
            any time); a starved thread then catches up at the powers the bridge really had.
    """

    MAX_STEP_S = 0.005  # the longest stretch simulated at one reading of the driver pins

    def __init__(self, level: Level, drive: Drive, pins: Mapping[str, Any], encoder: Mapping[str, Any], *,
                 edges_per_s: float, reverse: bool = False, time_constant_s: float = 0.0,
                 name: str = "mock-motor-plant", level_at: LevelAt | None = None) -> None:
        self._level, self._drive, self._level_at = level, drive, level_at
        self.pins = {role: pins.get(role) for role in DRIVER_ROLES}
        self.encoder = {role: pin for role, pin in encoder.items() if pin is not None}
        self.single = "i" in self.encoder
        self.edges_per_s = float(edges_per_s)
        self.reverse = bool(reverse)
        self.time_constant_s = float(time_constant_s)
        self.speed = 0.0  # in edges/s
        self.position = 0.0  # in edges
        self._step = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def power(self) -> float:
        """Signed power (-1..1) the driver pins currently express."""
        return motor_power(self._level, self.pins)

    def power_at(self, when: float) -> float:
        """Signed power (-1..1) the driver pins expressed at monotonic time ``when``."""
        if self._level_at is None:
            return self.power()
        level_at = self._level_at
        return motor_power(lambda pin: level_at(pin, when), self.pins)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop simulating; idempotent."""
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(2)

    def _emit(self, forward: bool) -> None:
        self._step += 1 if forward else -1
        phase = -self._step if self.reverse else self._step
        previous = phase - (1 if forward != self.reverse else -1)
        a, b = encoder_levels(phase, single=self.single)
        previous_a, previous_b = encoder_levels(previous, single=self.single)
        if self.single:
            self._drive(self.encoder["i"], a)
            return
        if a != previous_a:
            self._drive(self.encoder["a"], a)
        if b != previous_b:
            self._drive(self.encoder["b"], b)

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(0.001):
            now = time.monotonic()
            self.advance(now - last, now=now)
            last = now

    def advance(self, elapsed_s: float, *, now: float | None = None) -> None:
        """Simulate the ``elapsed_s`` of real time up to ``now`` (monotonic; default: the present)
        in steps of at most ``MAX_STEP_S``: a thread the CPU starved catches up on all the motion a
        real motor made meanwhile (it does not pause with the process).

        Each step runs at the power the bridge had at its middle (``power_at``), so a gap is
        covered at the powers of the gap, not at the one the bridge has when the thread wakes.
        A change of the bridge while the catch-up emits its edges (a stop on a GoFor's goal,
        reacting to those edges) ends the motion there: from then on the present power counts.
        """
        end = time.monotonic() if now is None else now
        at_start = self.power()
        t = end - elapsed_s
        while elapsed_s > 0:
            dt = min(elapsed_s, self.MAX_STEP_S)
            elapsed_s -= dt
            then = self.power_at(t + dt / 2)
            t += dt

            def bridge(then: float = then) -> float:
                present = self.power()
                return then if present == at_start else present

            self._step_for(dt, bridge)

    def _step_for(self, dt: float, bridge: Callable[[], float] | None = None) -> None:
        """Integrate ``dt`` seconds at ``bridge()`` (default: the present power) and emit the
        edges it covers, re-reading ``bridge()`` before each edge."""
        bridge = bridge or self.power
        wanted = bridge() * self.edges_per_s
        if self.time_constant_s > 0:  # the first-order lag's exact solution over dt
            decay = math.exp(-dt / self.time_constant_s)
            self.position += wanted * dt + (self.speed - wanted) * self.time_constant_s * (1.0 - decay)
            self.speed = wanted + (self.speed - wanted) * decay
        else:
            self.speed = wanted
            self.position += self.speed * dt
        target = int(self.position)
        try:  # edge by edge, re-reading the bridge: a motor stopped mid-burst emits no more edges
            while self._step < target and (bridge() > 0 or self.time_constant_s > 0):
                self._emit(True)
            while self._step > target and (bridge() < 0 or self.time_constant_s > 0):
                self._emit(False)
            if self._step != target:
                self.position = float(self._step)
        except Exception as exc:  # noqa: BLE001 - the encoder pins were released: keep waiting
            LOG.debug("mock motor plant: %s", exc)
            self._step = target


class UltrasonicPlant:
    """An HC-SR04: watches the trigger's state history and answers on the echo pin.

    Args:
        states: the trigger pin's own mock state list (no copy), or None while it is not opened.
        drive: drives the echo pin: ``drive(high, when)``, the edge stamped at monotonic ``when``.
    """

    SPEED_OF_SOUND_M_S = 343.0

    def __init__(self, states: Callable[[], list[Any] | None], drive: Callable[[bool, float], None], *,
                 trigger: str, distance_m: float = 1.0) -> None:
        self._states, self._drive = states, drive
        self.trigger = trigger
        self.distance_m = float(distance_m)
        self._seen = 0
        self._last_high = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mock-ultrasonic", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop answering; idempotent."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)

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
        # Both edges carry their own timestamps (as a GPIO chip's events do), so the echo is exactly
        # `width` wide however late this thread wakes up or the edge callbacks run.
        rise = time.monotonic()
        self._drive(True, rise)
        fall = rise + width
        if fall - time.monotonic() > 0.002:
            time.sleep(fall - time.monotonic() - 0.001)
        while time.monotonic() < fall:  # spin the last stretch: sleep() overshoots
            pass
        self._drive(False, fall)


