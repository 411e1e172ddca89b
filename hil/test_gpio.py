"""GPIO levels through the loopback jumpers, both ways, with pulls; interrupts counting exact edges."""

from __future__ import annotations

import time

import pytest

from hil.bench import Bench
from hil.rig import Rig

pytestmark = pytest.mark.rig("gpio_loopback")


def _settle() -> None:
    time.sleep(0.002)  # a jumper is instant; leave the input synchroniser a moment on real pins


@pytest.mark.parametrize("reverse", [False, True], ids=["out->in", "in->out"])
def test_levels_follow_the_driven_pin_both_ways(bench: Bench, rig: Rig, reverse: bool):
    gpio = bench.gpio()
    for loop in rig.gpio_loopbacks:
        driver_name, reader_name = (loop.inp, loop.out) if reverse else (loop.out, loop.inp)
        reader = gpio.pin(reader_name, holder="hil reader")
        reader.set_pull("none")
        driver = gpio.pin(driver_name, holder="hil driver")
        for level in (True, False, True, False):
            driver.set(level)
            _settle()
            assert reader.get() is level, f"pin {driver_name} driven {level}, pin {reader_name} reads {not level}"
        driver.close()
        reader.close()


def test_pulls_decide_the_level_when_nothing_drives(bench: Bench, rig: Rig):
    gpio = bench.gpio()
    for loop in rig.gpio_loopbacks:
        out = gpio.pin(loop.out, holder="hil")
        out.set(True)
        out.set_pull("none")  # release: the jumper now only connects two inputs
        reader = gpio.pin(loop.inp, holder="hil reader")
        for pull, expected in (("up", True), ("down", False), ("up", True)):
            reader.set_pull(pull)
            _settle()
            assert reader.get() is expected, f"pin {loop.inp} with pull {pull} reads {not expected}"
        out.close()
        reader.close()


@pytest.mark.parametrize("edge", ["rising", "both"])
def test_interrupt_counts_exactly_n_edges_at_rate(bench: Bench, rig: Rig, measure, edge: str):
    loop = rig.gpio_loopbacks[0]
    gpio = bench.gpio()
    out = gpio.pin(loop.out, holder="hil generator")
    out.set(False)
    watch = gpio.pin(loop.inp, holder="hil counter").watch(edge, pull="down")
    _settle()
    n, half_period = rig.interrupt_pulses, 0.5 / rig.interrupt_rate_hz
    start = time.monotonic()
    for k in range(2 * n):
        delay = start + k * half_period - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        out.set(k % 2 == 0)
    elapsed = time.monotonic() - start
    time.sleep(0.05)
    expected = n if edge == "rising" else 2 * n
    measure(f"interrupt edges ({edge})", watch.count, "edges", expected, 0)
    rate = n / elapsed
    assert rate > 0.8 * rig.interrupt_rate_hz, f"generator only reached {rate:.0f} Hz"
