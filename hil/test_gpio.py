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


def _generate(out, edges: int, half_period: float) -> tuple[float, float]:
    """Toggle ``out`` ``edges`` times on a ``half_period`` schedule; return the wall time it took and
    the part of it the generator was off the CPU against its will (neither running nor in a sleep it
    asked for: the scheduler's, on a loaded machine), as the generator itself measures it."""
    start, cpu_start, asked = time.monotonic(), time.thread_time(), 0.0
    for k in range(edges):
        delay = start + k * half_period - time.monotonic()
        if delay > 0:
            time.sleep(delay)
            asked += delay
        out.set(k % 2 == 0)
    elapsed = time.monotonic() - start
    return elapsed, max(0.0, elapsed - (time.thread_time() - cpu_start) - asked)


@pytest.mark.parametrize("edge", ["rising", "both"])
def test_interrupt_counts_exactly_n_edges_at_rate(bench: Bench, rig: Rig, measure, edge: str):
    loop = rig.gpio_loopbacks[0]
    gpio = bench.gpio()
    out = gpio.pin(loop.out, holder="hil generator")
    out.set(False)
    watch = gpio.pin(loop.inp, holder="hil counter").watch(edge, pull="down")
    _settle()
    n, half_period = rig.interrupt_pulses, 0.5 / rig.interrupt_rate_hz
    elapsed, starved = _generate(out, 2 * n, half_period)
    time.sleep(0.05)
    expected = n if edge == "rising" else 2 * n
    measure(f"interrupt edges ({edge})", watch.count, "edges", expected, 0)
    # The rate the generator reached on its own time: a stretch the scheduler took from it is caught up
    # afterwards by edges faster than the schedule (which the exact count above also had to keep up
    # with), so only a generator too slow by its own work per edge fails here, never a starved one.
    rate = n / max(elapsed - starved, 1e-9)
    assert rate > 0.8 * rig.interrupt_rate_hz, (
        f"generator only reached {rate:.0f} Hz on its own time ({n / elapsed:.0f} Hz wall clock, "
        f"{starved:.3f} s of {elapsed:.3f} s off the CPU)")
