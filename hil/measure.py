"""Measurements against tolerances, and signal analysis of edge timestamps.

A `Measurement` is what the summary prints: "pwm frequency 1000.3 Hz (expected 1000 ± 20)".
The analysis functions work on (time_ns, high) edges, as both the drivers' EdgeWatch and the
board API's StreamTicks deliver them, so the same maths serves driver- and server-level tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from hil.errors import MeasurementError


@dataclass(frozen=True)
class Measurement:
    """A measured value, what was expected, and the allowed deviation (same unit)."""

    name: str
    value: float
    unit: str
    expected: float
    tolerance: float

    @property
    def ok(self) -> bool:
        return abs(self.value - self.expected) <= self.tolerance

    def describe(self) -> str:
        verdict = "ok" if self.ok else "OUT OF TOLERANCE"
        return (
            f"{self.name}: {self.value:.6g} {self.unit} (expected {self.expected:.6g} ± {self.tolerance:.3g}) {verdict}"
        )

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "ok": self.ok}


@dataclass(frozen=True)
class PwmEstimate:
    """Frequency and duty cycle estimated from a train of edges."""

    frequency_hz: float
    duty: float
    periods: int


def analyse_pwm(edges: Sequence[tuple[int, bool]]) -> PwmEstimate:
    """Estimate frequency and duty from (time_ns, high_after_edge) edges.

    Uses whole periods between the first and last rising edge: frequency = periods / span,
    duty = total high time / span, so scheduling jitter on single edges averages out.

    Raises:
        MeasurementError: fewer than two rising edges with a falling edge between them.
    """
    rises = [i for i, (_, high) in enumerate(edges) if high]
    if len(rises) < 2:
        raise MeasurementError(f"need at least 2 rising edges to measure PWM, got {len(rises)} of {len(edges)} edges")
    first, last = rises[0], rises[-1]
    span_ns = edges[last][0] - edges[first][0]
    if span_ns <= 0:
        raise MeasurementError("edges carry no usable timestamps (all equal)")
    high_ns = 0
    rise_time: int | None = None
    for t, high in edges[first : last + 1]:
        if high:
            rise_time = t if rise_time is None else rise_time
        elif rise_time is not None:
            high_ns += t - rise_time
            rise_time = None
    periods = len(rises) - 1
    return PwmEstimate(frequency_hz=periods * 1e9 / span_ns, duty=high_ns / span_ns, periods=periods)


def mean_high_width_us(edges: Sequence[tuple[int, bool]]) -> float:
    """Mean width of high pulses in microseconds (servo pulse width).

    Raises:
        MeasurementError: no complete high pulse among the edges.
    """
    widths = []
    rise: int | None = None
    for t, high in edges:
        if high:
            rise = t
        elif rise is not None:
            widths.append(t - rise)
            rise = None
    if not widths:
        raise MeasurementError(f"no complete high pulse among {len(edges)} edges")
    return sum(widths) / len(widths) / 1000.0
