"""control_parameters all 0 auto-tunes the gpio motor's velocity PID as the reference does (step, relay,
Ziegler-Nichols PI), against the mock rig's motor with inertia; GoFor/SetRPM give the reference's errors
meanwhile and afterwards, get_tuned_pid returns the gains, and the tuned gains drive the motor."""

from __future__ import annotations

import asyncio
import json
import math
import re
import time

import pytest

from builtin_modules.raspberry_pi import pid_tuner
from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.encoder import IncrementalEncoder
from builtin_modules.raspberry_pi.motor import GpioMotor
from tests.hardware.test_models_inprocess import config
from viam.errors import FailedPreconditionError

TPR = 100


def test_tuner_on_a_first_order_plant_in_simulated_time() -> None:
    """A lag of 0.1 s, 3.92 ticks/s per output unit: the relay oscillates and the ZN PI formulas apply."""
    tuner = pid_tuner.RelayTuner("sim")
    speed, now = 0.0, 0.0
    outputs = []
    while not tuner.done and now < 20:
        out = tuner.step(speed, now)
        outputs.append(out)
        speed += (out * 1000 / 255 - speed) * (1 - math.exp(-0.01 / 0.1))
        now += 0.01
    assert tuner.done and tuner.error is None
    assert outputs[0] == pytest.approx(89.25)  # 0.35 of 255
    assert set(round(o, 3) for o in outputs if o) == {89.25, 133.875, 44.625}  # step, then the relay 1.5x / 0.5x
    tc = tuner._tc
    assert 0.15 < tc < 0.25  # 85 % of a first-order step: 1.9 time constants, in 10 ms samples
    a = sum(abs(h - lo) for h, lo in zip(tuner._peaks_high, tuner._peaks_low, strict=False)) / (
        2 * min(len(tuner._peaks_high), len(tuner._peaks_low)))
    ku = 4 * 44.625 / (math.pi * a)
    assert tuner.gains.p == pytest.approx(0.4545 * ku) and tuner.gains.i == pytest.approx(0.5454 * ku / (2 * tc))
    assert tuner.gains.d == 0
    text = tuner.gains.json()
    assert json.loads(text) == {"p": tuner.gains.p, "i": tuner.gains.i, "d": 0, "type": ""}
    assert '"d": 0,' in text  # Go's %v of 0.0


def test_a_motor_that_never_settles_gets_no_gains() -> None:
    """A speed still rising after 5 s (the R statistic stays above 2) ends the tuning without gains."""
    tuner = pid_tuner.RelayTuner("drifting")
    now = 0.0
    while tuner.phase != "end" and now < 10:
        tuner.step(1000 * now, now)
        now += 0.01
    assert 5.0 < now < 5.1 and tuner.step(1000 * now, now) == 0 and not tuner.done  # off, waiting for a stop
    tuner.step(0.0, now + 0.01)
    assert tuner.done
    assert tuner.error and tuner.error.startswith("couldn't reach steady state")
    assert not tuner.gains.tuned


@pytest.fixture
async def board(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "mock")
    pi = await PiBoard.new(config("tune-pi", "board", "viam:raspberry-pi:rpi"), {})
    await pi.do_command({"mock_attach_motor": {"pwm": "33", "a": "35", "b": "37", "encoder_a": "38",
                                               "encoder_b": "40", "edges_per_s": 2000, "time_constant_s": 0.1}})
    yield pi
    await pi.close()


async def _motor(name: str, enc: str, **pid: float) -> GpioMotor:
    return await GpioMotor.new(config(name, "motor", "rdk:builtin:gpio", board="tune-pi", encoder=enc,
                                      ticks_per_rotation=TPR, max_rpm=600,
                                      pins={"a": "35", "b": "37", "pwm": "33"}, control_parameters=pid), {})


async def test_autotune_then_the_tuned_gains_drive_the_motor(board: PiBoard) -> None:
    enc = await IncrementalEncoder.new(config("tune-enc", "encoder", "rdk:builtin:incremental", board="tune-pi",
                                              pins={"a": "38", "b": "40"}), {})
    motor = await _motor("tuned", "tune-enc", p=0, i=0, d=0)
    try:
        with pytest.raises(FailedPreconditionError, match=r"^tuning for tuned is in progress$"):
            await motor.go_for(60, 1)
        assert await motor.do_command({"get_tuned_pid": True}) == {"get_tuned_pid": ""}
        deadline = time.monotonic() + 60
        while not (await motor.is_powered())[0] and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        assert (await motor.is_powered())[1] == pytest.approx(0.35)  # the reference's step, at once, in the background
        while not motor.tuner.done and time.monotonic() < deadline:  # type: ignore[union-attr]  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        assert motor.tuner.done and motor.tuner.error is None, (await motor.get_status())  # type: ignore[union-attr]
        while (await motor.is_powered())[0] and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        assert not (await motor.is_powered())[0]  # stopped when done
        gains = motor.tuner.gains  # type: ignore[union-attr]
        assert gains.p > 0 and gains.i > 0 and gains.d == 0
        message = ("tuned has been tuned, please copy the following control values into your config: "
                   + gains.json())
        with pytest.raises(FailedPreconditionError, match=f"^{re.escape(message)}$"):
            await motor.set_rpm(60)
        assert await motor.do_command({"get_tuned_pid": True}) == {"get_tuned_pid": gains.json()}
    finally:
        await motor.close()
    pasted = json.loads(gains.json())
    controlled = await _motor("controlled", "tune-enc", p=pasted["p"], i=pasted["i"], d=pasted["d"])
    try:
        await controlled.reset_zero_position(0)
        await asyncio.wait_for(controlled.go_for(60, 2), 30)
        # Stopped at the goal; the simulated motor's inertia then coasts it on (100 ticks/s x 0.1 s = 0.1 rev).
        assert 1.95 <= await controlled.get_position() <= 2.3
    finally:
        await controlled.close()
        await enc.close()
