"""The fake motor through our client and through the official SDK, over real gRPC.

Expected values are rdk's fake motor's (components/motor/fake/motor.go and its tests): positions
come from a fake encoder, and without one GetPosition/GoTo/ResetZeroPosition fail.
"""

import asyncio
import time

import pytest

from tests.conftest import run_sdk_script
from viam.components.motor import Motor
from viam.errors import InvalidArgumentError, ResourceNotFoundError, ViamError

CONFIG = {"components": [
    {"name": "motor1", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
     "attributes": {"max_rpm": 200, "encoder": "enc1", "ticks_per_rotation": 10}},
    {"name": "enc1", "api": "rdk:component:encoder", "model": "rdk:builtin:fake", "attributes": {}},
    {"name": "bare", "api": "rdk:component:motor", "model": "rdk:builtin:fake"},
    {"name": "noticks", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
     "attributes": {"encoder": "enc1"}},
    {"name": "board1", "api": "rdk:component:board", "model": "rdk:builtin:fake"},
    {"name": "pinned", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
     "attributes": {"board": "board1", "pins": {"pwm": "12", "dir": "11"}, "pwm_freq": 4000}},
]}


async def test_fake_motor_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    motor = Motor.from_robot(robot, "motor1")
    await motor.set_power(-0.25)
    assert await motor.is_powered() == (True, -0.25)
    before = await motor.get_position()
    await asyncio.sleep(0.25)  # more than two of the encoder's 100 ms updates
    after = await motor.get_position()
    assert after < before, "a motor at negative power moves backwards with time"
    await motor.stop()
    assert not await motor.is_moving()
    await motor.reset_zero_position(0)
    await motor.go_for(600, -1)
    assert await motor.get_position() == -1
    await motor.set_power(2)  # rdk's fake takes any power (not clamped)
    assert await motor.is_powered() == (True, 2)
    await motor.set_power(0.004)
    assert await motor.is_powered() == (False, 0.004)  # powered from |power| >= 0.005
    await motor.stop()
    for call, message in ((motor.go_for(60, 0), "Cannot move motor for 0 revolutions"),
                          (motor.go_for(0, 1), "Cannot move motor at an RPM that is nearly 0"),
                          (motor.set_rpm(0), "Cannot move motor at an RPM that is nearly 0"),
                          (motor.go_to(50, await motor.get_position()), "Cannot move motor for 0 revolutions")):
        with pytest.raises(InvalidArgumentError, match=message):
            await call
    await motor.set_rpm(400)  # above max_rpm 200: power 2, as rdk's fake
    assert await motor.is_powered() == (True, 2)
    await motor.stop()
    assert await motor.do_command({"a": [1, "b"]}) == {"a": [1, "b"]}


async def test_fake_motor_drives_its_fake_encoder(start_machine, connect):
    """rdk's fake: the encoder counts max_rpm * power * ticks_per_rotation ticks a minute, a GoFor that
    runs its time sets it to the target, ResetZeroPosition(offset) sets it to -offset ticks."""
    from viam.components.encoder import Encoder

    robot = await connect(await start_machine(CONFIG))
    motor, encoder = Motor.from_robot(robot, "motor1"), Encoder.from_robot(robot, "enc1")
    assert (await motor.get_properties()).position_reporting
    assert await motor.get_position() == 0
    await motor.go_for(200, 0.5)  # 0.15 s at max_rpm
    assert await motor.get_position() == 0.5
    assert (await encoder.get_position())[0] == 5
    assert await motor.is_powered() == (False, 0.0)
    await motor.go_to(100, -1)
    assert await motor.get_position() == -1
    await motor.reset_zero_position(2)  # the reference sets the encoder to -2 ticks, not -2 revolutions
    assert (await encoder.get_position())[0] == -2
    assert await motor.get_position() == pytest.approx(-0.2)
    await motor.set_power(0.5)  # 100 rpm = 1000 ticks a minute
    start = (await encoder.get_position())[0]
    deadline = time.monotonic() + 20
    while (await encoder.get_position())[0] == start:
        assert time.monotonic() < deadline, "the encoder never counted while powered"
        await asyncio.sleep(0.05)
    assert (await encoder.get_position())[0] > start
    await motor.stop()
    stopped = (await encoder.get_position())[0]
    await asyncio.sleep(0.25)  # more than two of the encoder's 100 ms updates
    assert (await encoder.get_position())[0] == stopped


async def test_fake_motor_without_encoder_has_no_position(start_machine, connect):
    """rdk's fake without ``encoder``: "encoder is not defined"; GoFor still runs for its time."""
    robot = await connect(await start_machine(CONFIG))
    bare = Motor.from_robot(robot, "bare")
    assert not (await bare.get_properties()).position_reporting
    for call in (bare.get_position(), bare.go_to(60, 1), bare.reset_zero_position(1)):
        with pytest.raises(ViamError, match="encoder is not defined"):
            await call
    started = time.monotonic()
    await bare.go_for(100, 0.5)  # max_rpm defaults to 100: 0.3 s
    assert time.monotonic() - started >= 0.3
    assert await bare.is_powered() == (False, 0.0)


async def test_fake_motor_config_as_the_reference(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    status = await robot.get_machine_status()
    errors = {s.name.name: s.error for s in status.resources}
    assert "need nonzero TicksPerRotation for encoded motor" in errors["noticks"]
    from viam.components.board import Board

    pin = await Board.from_robot(robot, "board1").gpio_pin_by_name("12")
    assert await pin.get_pwm_frequency() == 4000  # the reference sets pwm_freq on pins.pwm of its board


async def test_unknown_motor_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no motor named 'nope'"):
        Motor.from_robot(robot, "nope")


async def test_stop_interrupts_go_for(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    motor = Motor.from_robot(robot, "motor1")
    moving = asyncio.create_task(motor.go_for(10, 100))  # 600 s: moving until stopped
    deadline = time.monotonic() + 20  # the call reaching the server under load, not a fixed 200 ms
    while not await motor.is_moving():
        assert time.monotonic() < deadline and not moving.done(), "go_for never started the motor"
        await asyncio.sleep(0.02)
    await motor.stop()
    await asyncio.wait_for(moving, 2)
    assert not await motor.is_moving()


@pytest.mark.sdk
def test_fake_motor_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "motor.py", server.address).strip().endswith("ok")
