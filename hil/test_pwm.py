"""PWM frequency and duty, measured from edge timestamps on the interrupt pin wired to the PWM pin."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.gpio import Tick
from hil.bench import Bench
from hil.measure import analyse_pwm
from hil.rig import Rig

pytestmark = pytest.mark.rig("pwm_interrupt")

SETTINGS = [(1000, 0.5), (500, 0.25), (250, 0.75)]


@pytest.mark.parametrize(("frequency_hz", "duty"), SETTINGS, ids=[f"{f}Hz-{d}" for f, d in SETTINGS])
def test_pwm_frequency_and_duty_on_the_interrupt_pin(bench: Bench, rig: Rig, measure, frequency_hz: int, duty: float):
    assert rig.pwm_interrupt is not None
    gpio = bench.gpio()
    pwm = gpio.pin(rig.pwm_interrupt.pwm, holder="hil pwm")
    watch = gpio.pin(rig.pwm_interrupt.interrupt, holder="hil monitor").watch("both", pull="none")
    edges: list[tuple[int, bool]] = []
    lock = threading.Lock()

    def record(tick: Tick) -> None:
        with lock:
            edges.append((tick.time_ns, tick.high))

    pwm.set_pwm_frequency(frequency_hz)
    pwm.set_pwm(duty)
    time.sleep(0.05)  # let it settle, then record
    watch.add_callback(record)
    time.sleep(0.3)
    watch.remove_callback(record)
    pwm.set(False)
    with lock:
        estimate = analyse_pwm(list(edges))
    measure(f"pwm frequency {frequency_hz} Hz", estimate.frequency_hz, "Hz", frequency_hz,
            frequency_hz * rig.tolerance("pwm_frequency_pct") / 100)
    measure(f"pwm duty {duty} @ {frequency_hz} Hz", estimate.duty, "", duty, rig.tolerance("pwm_duty_abs"))
