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


@pytest.mark.rig("real_hardware")
def test_hardware_pwm_pin_runs_on_the_kernels_pwm(bench: Bench, rig: Rig, measure):
    """On a Pi whose config.txt routes the rig's PWM pin to the PWM block (dtoverlay=pwm-2chan: header 12
    and 35), that pin drives /sys/class/pwm (not software PWM) with 0.1 % duty steps at 20 kHz, where
    software PWM cannot keep up; the interrupt pin still sees 1 kHz exactly."""
    assert rig.pwm_interrupt is not None
    gpio = bench.gpio()
    spec = gpio.resolve(rig.pwm_interrupt.pwm)
    if gpio.hardware_pwm is None or not gpio.hardware_pwm.routes(spec.gpio):
        pytest.skip(f"{spec} is not routed to hardware PWM here ({gpio.pwm_summary}); add "
                    "'dtoverlay=pwm-2chan' to config.txt, reboot, and jumper header 12 or 35 to the interrupt pin")
    pwm = gpio.pin(rig.pwm_interrupt.pwm, holder="hil hardware pwm")
    pwm.set_pwm_frequency(20_000)
    pwm.set_pwm(0.501)
    assert pwm.pwm_kind.startswith("hardware PWM"), pwm.pwm_kind
    assert pwm.pwm_duty() == pytest.approx(0.501, abs=1e-6)  # 0.1 % steps: 25 ns of a 50 us period
    watch = gpio.pin(rig.pwm_interrupt.interrupt, holder="hil monitor").watch("both", pull="none")
    edges: list[tuple[int, bool]] = []
    lock = threading.Lock()

    def record(tick: Tick) -> None:
        with lock:
            edges.append((tick.time_ns, tick.high))

    pwm.set_pwm_frequency(1000)
    pwm.set_pwm(0.5)
    time.sleep(0.05)
    watch.add_callback(record)
    time.sleep(0.3)
    watch.remove_callback(record)
    pwm.close()
    with lock:
        estimate = analyse_pwm(list(edges))
    measure("hardware pwm frequency 1000 Hz", estimate.frequency_hz, "Hz", 1000, 1000 * 0.005)
    measure("hardware pwm duty 0.5", estimate.duty, "", 0.5, 0.005)
