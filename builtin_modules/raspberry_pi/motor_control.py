"""The closed loops of the gpio motor with an encoder, as the reference runs them, and our guard.

- ``RampLoop``: the reference's encoded motor without ``control_parameters``: start at 0.2 power
  (or the present power if already larger in that direction) and every 50 ms add or subtract
  ``ramp_rate`` as the measured rpm is below or above the goal, never changing sign, capped at
  ``max_power_pct``.
- ``PidLoop``: the reference's controlled motor (``control_parameters`` p/i/d): at 100 Hz a
  trapezoidal velocity profile (max acceleration 30000 ticks/s^2, max velocity the asked rpm,
  position gain 0.45) gives a velocity command; a PID on (command - measured velocity), integral
  and output saturated at +-255, times 1/255 is the power.
- ``RunawayGuard`` (ours; the reference only logs): while powered, an encoder that does not move
  for ``stall_s`` or counts against the powered direction by more than ``wrong_way_ticks`` over
  ``wrong_way_s`` stops the motor with an error.
"""

from __future__ import annotations

import math
from collections import deque

from builtin_modules.common.errors import MotorRunaway, MotorStalled

RAMP_PERIOD_S = 0.05
PID_PERIOD_S = 0.01
STARTING_POWER = 0.2
TRAPZ_MAX_ACC = 30000.0  # ticks/s^2
TRAPZ_KPP_GAIN = 0.45
PID_LIMIT = 255.0
PID_GAIN = 0.00392157  # 1/255: PID output to power
PID_DONE_TICKS = 2.0  # a controlled GoFor ends within this of its goal


def sign(x: float) -> float:
    return 0.0 if x == 0 else math.copysign(1.0, x)


def starting_power(current: float, direction: float) -> float:
    """The reference's calcStartingPower."""
    if sign(current) != direction or abs(current) < STARTING_POWER:
        return STARTING_POWER * direction
    return current


def ramp_step(last_power: float, current_rpm: float, goal_rpm: float, direction: float, ramp_rate: float,
              max_power: float) -> float:
    """One adjustment of the reference's encoded motor (calcNewPowerPct)."""
    power = last_power + ramp_rate * sign(goal_rpm - current_rpm)
    if sign(power) != direction:
        power = last_power
    return max(-max_power, min(max_power, power))


class Trapezoid:
    """The reference's trapezoidal velocity profile block (velocity command toward a set point)."""

    def __init__(self, max_vel: float, max_acc: float = TRAPZ_MAX_ACC, kpp_gain: float = TRAPZ_KPP_GAIN) -> None:
        self.max_vel = max_vel or 1.0
        self.max_acc = max_acc or 1.0
        self.kpp_gain = kpp_gain
        self.last_vel = 0.0
        self.direction = 1.0
        self.target: float | None = None
        self.v_dec = self.max_vel
        self.kpp0 = self.kpp = 0.0

    def next(self, set_point: float, position: float, dt: float) -> float:
        if self.target is None and position != set_point:
            self.direction = -1.0 if set_point < position else 1.0
            distance = abs(set_point - position)
            self.v_dec = min(math.sqrt(distance * self.max_acc), self.max_vel)
            self.kpp0 = 2.0 * self.max_acc / self.v_dec
            self.kpp = self.kpp_gain * self.kpp0
            self.target = distance * self.direction + position
        if self.target is None:
            return 0.0
        error = (self.target - position) * self.direction
        if abs(error) <= 0:
            self.last_vel = 0.0
            return 0.0
        manifold = self.last_vel ** 2 * self.kpp0 / (2.0 * self.max_acc) - self.last_vel / self.v_dec
        vel = self.kpp * error - manifold
        vel = min(vel, min(self.last_vel + self.max_acc * dt, self.max_vel))
        vel = max(vel, max(self.last_vel - self.max_acc * dt, -self.max_vel))
        self.last_vel = vel
        return vel * self.direction


class Pid:
    """The reference's basic PID block with its +-255 saturations."""

    def __init__(self, p: float, i: float, d: float) -> None:
        self.p, self.i, self.d = p, i, d
        self.integral = 0.0
        self.last_error = 0.0

    def next(self, error: float, dt: float) -> float:
        self.integral = max(-PID_LIMIT, min(PID_LIMIT, self.integral + self.i * error * dt))
        derivative = (error - self.last_error) / dt
        self.last_error = error
        return max(-PID_LIMIT, min(PID_LIMIT, self.p * error + self.integral + self.d * derivative))


class RunawayGuard:
    """Stops a powered closed loop whose encoder does not move or moves against the power."""

    def __init__(self, motor: str, *, stall_s: float, wrong_way_s: float, wrong_way_ticks: float) -> None:
        self.motor = motor
        self.stall_s = stall_s
        self.wrong_way_s = wrong_way_s
        self.wrong_way_ticks = wrong_way_ticks
        self._sign = 0.0
        self._last_ticks: float | None = None
        self._moved_at = 0.0
        self._window: deque[tuple[float, float]] = deque()

    def check(self, ticks: float, now: float, power: float) -> None:
        powered = sign(power)
        if powered != self._sign or self._last_ticks is None:
            self._sign = powered
            self._moved_at = now
            self._window.clear()
        elif ticks != self._last_ticks:
            self._moved_at = now
        self._last_ticks = ticks
        if powered == 0:
            return
        if now - self._moved_at > self.stall_s:
            raise MotorStalled(f"motor {self.motor!r}: the encoder saw no motion for {self.stall_s:g} s at power "
                               f"{power:.2f}; stopped (stalled, unpowered driver, or encoder not wired)")
        self._window.append((now, ticks))
        while len(self._window) > 1 and now - self._window[1][0] >= self.wrong_way_s:
            self._window.popleft()
        start, start_ticks = self._window[0]
        if now - start >= self.wrong_way_s and (ticks - start_ticks) * powered < -self.wrong_way_ticks:
            raise MotorRunaway(
                f"motor {self.motor!r}: the encoder counted {ticks - start_ticks:+g} ticks in {now - start:.2f} s "
                f"while powered {'forward' if powered > 0 else 'backward'}; stopped (encoder a/b swapped or "
                "motor wired the other way round: swap them or set dir_flip)")
