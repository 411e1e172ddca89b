"""PID auto-tuning of the gpio motor, as the reference runs it when ``control_parameters`` are all 0.

The reference's controlled motor then tunes its velocity PID at construction, in the background:

1. **step**: output ``step_pct`` (0.35) of the 255 limit (power 0.35) and filter the measured
   speed (|ticks/s|) until an R-statistic test says it is steady (more than 20 samples and
   R < 2.0; at most 5 s, else "couldn't reach steady state" and no gains); the steady speed is the
   mean of the last 5 samples, and ``tC`` the time the step response took to pass 85 % of it;
2. **relay**: a square wave between 0.5 and 1.5 x the step output, switching every ``tC``, for 4 s
   from the steady state, recording the speed's peaks and troughs;
3. Ziegler-Nichols PI ("ziegerNicholsPI", the reference's method for motors):
   ``kU = 4 d / (pi a)`` with ``d`` half the step output and ``a`` half the mean peak-to-trough
   swing, ``pU = 2 tC``; ``p = 0.4545 kU``, ``i = 0.5454 kU / pU``, ``d = 0``;
4. **end**: output 0 until the speed reads 0.

While it runs GoFor/SetRPM answer "tuning for <name> is in progress"; afterwards
"<name> has been tuned, please copy the following control values into your config: {...}", and
DoCommand ``{"get_tuned_pid": true}`` returns those values. The time base is injectable (tests).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

LOG = logging.getLogger(__name__)

LIMIT_UP = 255.0
STEP_PCT = 0.35
SSR_VALUE = 2.0
STEP_TIMEOUT_S = 5.0
RELAY_S = 4.0
_L1, _L2, _L3 = 0.2, 0.1, 0.1  # the R-statistic filters' weights


@dataclass(frozen=True)
class Gains:
    p: float
    i: float
    d: float

    @property
    def tuned(self) -> bool:
        return not (self.p == 0 and self.i == 0 and self.d == 0)

    def json(self) -> str:
        """The reference's PIDConfig string, pasted into configs as is."""
        return f'{{"p": {_go_float(self.p)}, "i": {_go_float(self.i)}, "d": {_go_float(self.d)}, "type": ""}}'


def _go_float(x: float) -> str:
    """A float as Go's %v prints it (shortest repr, no trailing ".0")."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


class RelayTuner:
    """The reference's step + relay tuner, one sample at a time: ``step(speed, now) -> output`` (0..255)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.phase = "begin"
        self.gains = Gains(0.0, 0.0, 0.0)
        self.error: str | None = None
        self.done = False
        self._out = 0.0
        self._x = self._v = self._d = self._prev = 0.0
        self._response: list[tuple[float, float]] = []  # (time, speed) of the step phase
        self._started = self._last_switch = 0.0
        self._tc = 0.0
        self._avg = 0.0
        self._direction = 0
        self._peaks_high: list[float] = []
        self._peaks_low: list[float] = []

    @property
    def step_output(self) -> float:
        return LIMIT_UP * STEP_PCT

    def step(self, speed: float, now: float) -> float:
        """Feed the measured |speed| at time ``now`` (s); returns the output (x 1/255 = power)."""
        speed = abs(speed)
        if self.phase == "begin":
            LOG.info("motor %r: starting the PID tuning process (ziegerNicholsPI, SSR %.3f)", self.name, SSR_VALUE)
            self.phase, self._started, self._out = "step", now, self.step_output
        elif self.phase == "step":
            self._step_phase(speed, now)
        elif self.phase == "relay":
            self._relay_phase(speed, now)
        elif self.phase == "end":
            self._out = 0.0
            if int(speed) == 0:
                self.done = True
        return self._out

    def _step_phase(self, speed: float, now: float) -> None:
        self._v = _L2 * (speed - self._x) ** 2 + (1 - _L1) * self._v
        self._d = _L3 * (speed - self._prev) ** 2 + (1 - _L3) * self._d
        self._x = _L1 * speed + (1 - _L1) * self._x
        r = (2 - _L1) * self._v / self._d if self._d else math.inf
        self._prev = speed
        self._response.append((now, speed))
        if len(self._response) > 20 and r < SSR_VALUE:
            self._started = self._last_switch = now
            self._avg = sum(s for _, s in self._response[-5:]) / 5
            self._out = 1.5 * self.step_output
            self.phase = "relay"
            self._tc = self._time_to(0.85 * self._avg)
            self._direction = 1
        elif now - self._started > STEP_TIMEOUT_S:
            self.error = f"couldn't reach steady state r value {r:.4f}"
            LOG.error("motor %r: %s", self.name, self.error)
            self._out, self.phase = 0.0, "end"

    def _time_to(self, threshold: float) -> float:
        for when, speed in self._response:
            if speed > threshold:
                return when - self._response[0][0]
        return 0.0

    def _relay_phase(self, speed: float, now: float) -> None:
        step = self.step_output
        if now - self._last_switch > self._tc:
            self._last_switch = now
            if self._out > step:
                self._out, self._direction = self._out - step, 1
            else:
                self._out, self._direction = self._out + step, -1
        if self._direction == 1 and self._prev > speed:
            self._direction = 0
            self._peaks_high.append(self._prev)
        elif self._direction == -1 and self._prev < speed:
            self._direction = 0
            self._peaks_low.append(self._prev)
        self._prev = speed
        if now - self._started > RELAY_S:
            self._out, self.phase = 0.0, "end"
            self._compute()

    def _compute(self) -> None:
        peaks = min(len(self._peaks_high), len(self._peaks_low))
        if peaks == 0:
            self.error = "PID auto-tuning found no oscillation peaks using method ziegerNicholsPI"
        else:
            a = sum(abs(h - lo) for h, lo in zip(self._peaks_high, self._peaks_low, strict=False)) / (2.0 * peaks)
            pu = 2.0 * self._tc
            if a == 0:
                self.error = "PID auto-tuning measured a zero-amplitude oscillation using method ziegerNicholsPI"
            elif pu == 0:
                self.error = "PID auto-tuning measured a zero oscillation period using method ziegerNicholsPI"
            else:
                ku = 4 * (0.5 * self.step_output) / (math.pi * a)
                self.gains = Gains(0.4545 * ku, 0.5454 * ku / pu, 0.0)
                LOG.info("motor %r: calculated gains p: %.6f, i: %.6f, d: %.6f; add them to the config's "
                         "control_parameters to use them", self.name, self.gains.p, self.gains.i, self.gains.d)
                return
        LOG.error("motor %r: %s", self.name, self.error)


def in_progress_error(name: str) -> str:
    return f"tuning for {name} is in progress"


def tuned_error(name: str, gains: Gains) -> str:
    return f"{name} has been tuned, please copy the following control values into your config: {gains.json()}"
