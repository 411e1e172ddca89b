"""The fake motor through our client and through the official SDK, over real gRPC."""

import asyncio
import time

import pytest

from tests.conftest import run_sdk_script
from viam.components.motor import Motor
from viam.errors import InvalidArgumentError, ResourceNotFoundError

CONFIG = {"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
                          "attributes": {"max_rpm": 200}}]}


async def test_fake_motor_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    motor = Motor.from_robot(robot, "motor1")
    await motor.set_power(-0.25)
    assert await motor.is_powered() == (True, -0.25)
    before = await motor.get_position()
    await asyncio.sleep(0.2)
    after = await motor.get_position()
    assert after < before, "a motor at negative power moves backwards with time"
    await motor.stop()
    assert not await motor.is_moving()
    await motor.reset_zero_position(0)
    await motor.go_for(600, -1)
    assert await motor.get_position() == pytest.approx(-1, abs=0.05)
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
