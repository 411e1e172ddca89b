"""A cancelled GoFor stops the motor (the reference stops on a cancelled context), in-process."""

from __future__ import annotations

import asyncio

import pytest

from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.motor import GpioMotor
from viam.components.motor.fake import FakeMotor
from viam.config.model import ResourceConfig
from viam.resource.names import API, Model


def config(name: str, api: str, model: str, **attributes: object) -> ResourceConfig:
    return ResourceConfig(name=name, api=API.component(api), model=Model.parse(model), attributes=attributes,
                          json_path=f"components[{name}]")


async def cancel_after_start(motor, powered) -> None:
    call = asyncio.create_task(motor.go_for(60, 100))
    for _ in range(100):
        await asyncio.sleep(0.01)
        if powered():
            break
    assert powered(), "go_for never powered the motor"
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_fake_motor_stops_when_go_for_is_cancelled():
    motor = FakeMotor("m", 100)
    await cancel_after_start(motor, lambda: motor._power != 0)  # noqa: SLF001
    assert await motor.is_powered() == (False, 0.0)


async def test_fake_motor_newer_command_wins_over_cancel():
    motor = FakeMotor("m", 100)
    call = asyncio.create_task(motor.go_for(60, 100))
    await asyncio.sleep(0.02)
    await motor.set_power(0.5)  # takes over: the old GoFor returns
    await asyncio.wait_for(call, 1)
    assert await motor.is_powered() == (True, 0.5)


async def test_gpio_motor_stops_when_go_for_is_cancelled(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GPIOZERO_PIN_FACTORY", "mock")
    board = await PiBoard.new(config("cancel-pi", "board", "viam:raspberry-pi:rpi"), {})
    motor = await GpioMotor.new(config("cancel-m", "motor", "rdk:builtin:gpio", board="cancel-pi",
                                       pins={"dir": "36", "pwm": "32"}, max_rpm=100), {})
    try:
        await cancel_after_start(motor, lambda: motor.power != 0)
        assert motor.power == 0 and board.backend.level("32") == 0  # type: ignore[attr-defined]
        # A newer command still ends a running GoFor quietly.
        call = asyncio.create_task(motor.go_for(60, 100))
        await asyncio.sleep(0.05)
        await motor.set_power(0.3)
        await asyncio.wait_for(call, 2)
        assert motor.power == pytest.approx(0.3)
    finally:
        await motor.close()
        await board.close()
