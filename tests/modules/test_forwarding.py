"""Forwarding details: server-streaming RPCs, StopAll reaching modular actuators, errors."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from tests.modules.conftest import FAST
from viam.components.board import Board
from viam.components.motor import Motor
from viam.errors import ViamError


async def test_server_streaming_through_a_module(start_machine, connect, our_module):
    machine = await start_machine({
        "modules": [{"name": "boards", "executable_path": our_module("boards.py")}],
        "components": [{"name": "b1", "api": "rdk:component:board", "model": "acme:test:board",
                        # no random ticks (the reference fake's): only the driven edges below
                        "attributes": {"digital_interrupts": [{"name": "i1", "pin": "7"}],
                                       "random_tick_interval_ms": 0}}],
    }, module_settings=FAST)
    robot = await connect(machine)
    board = Board.from_robot(robot, "b1")
    interrupt = await board.digital_interrupt_by_name("i1")
    stream = await board.stream_ticks([interrupt])
    pin = await board.gpio_pin_by_name("7")
    await pin.set(True)
    await pin.set(False)
    ticks = []
    async for tick in stream:
        ticks.append(tick)
        if len(ticks) == 2:
            break
    assert [(t.pin_name, t.high) for t in ticks] == [("i1", True), ("i1", False)]
    assert await interrupt.value() == 1
    await stream.aclose()


async def test_errors_from_the_module_keep_their_status(start_machine, connect, our_module):
    machine = await start_machine({
        "modules": [{"name": "boards", "executable_path": our_module("boards.py")}],
        "components": [{"name": "b1", "api": "rdk:component:board", "model": "acme:test:board"}],
    }, module_settings=FAST)
    robot = await connect(machine)
    board = Board.from_robot(robot, "b1")
    with pytest.raises(ViamError) as info:
        stream = await board.stream_ticks([])
        await asyncio.wait_for(stream.__anext__(), 5)
    assert info.value.grpc_code == grpc.StatusCode.INVALID_ARGUMENT
    assert "needs at least one digital interrupt" in str(info.value)


async def test_stop_all_reaches_a_modular_motor(start_machine, connect, our_module):
    machine = await start_machine({
        "modules": [{"name": "boards", "executable_path": our_module("boards.py")}],
        "components": [{"name": "m1", "api": "rdk:component:motor", "model": "acme:test:motor"}],
    }, module_settings=FAST)
    robot = await connect(machine)
    motor = Motor.from_robot(robot, "m1")
    await motor.set_power(0.5)
    assert await motor.is_moving()
    await robot.stop_all()
    assert not await motor.is_moving()
