"""``rdk:builtin:gpiostepper`` on mock pins through a real server and the official SDK."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from tests.conftest import run_sdk_script
from tests.hardware.conftest import client_for, start_server
from viam.components.board import Board
from viam.components.motor import Motor

COMPONENTS = [
    {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi4", "attributes": {}},
    {"name": "stepper", "api": "rdk:component:motor", "model": "rdk:builtin:gpiostepper",
     "attributes": {"board": "pi", "pins": {"step": "11", "dir": "13", "en_low": "15"}, "ticks_per_rotation": 400}},
    {"name": "capped", "api": "rdk:component:motor", "model": "rdk:builtin:gpiostepper",
     "attributes": {"board": "pi", "pins": {"step": "29", "dir": "31"}, "ticks_per_rotation": 100,
                    "stepper_delay_usec": 20000}},
]


@pytest.fixture
async def hw(tmp_path, connect):
    server = start_server(tmp_path, COMPONENTS)
    try:
        machine = await client_for(server, connect)
        await machine.wait_ready(*(c["name"] for c in COMPONENTS))
        yield machine
    finally:
        server.stop()


async def _level(board: Board, pin: str) -> float:
    return (await board.do_command({"mock_state": {"pin": pin}}))["mock_state"]["level"]


async def test_steps_on_pins_enable_and_minimum_delay(hw):
    board, stepper = Board.from_robot(hw.client, "pi"), Motor.from_robot(hw.client, "stepper")
    assert await _level(board, "15") == 1.0, "en_low high: driver disabled while idle"
    moving = asyncio.create_task(stepper.go_for(60, 0.5))  # 200 steps at 400 steps/s: 0.5 s
    for _ in range(100):
        if await stepper.is_moving():
            break
        await asyncio.sleep(0.01)
    assert await _level(board, "15") == 0.0, "enabled while moving"
    assert await _level(board, "13") == 1.0, "dir high going forward"
    await asyncio.wait_for(moving, 5)
    assert await stepper.get_position() == 0.5 and await _level(board, "15") == 1.0
    history = (await board.do_command({"mock_state": {"pin": "11"}}))["mock_state"]["history"]
    assert history[-4:] == [1.0, 0.0, 1.0, 0.0], "the step pin pulses"
    await stepper.go_for(60, -0.25)
    assert await stepper.get_position() == 0.25 and await _level(board, "13") == 0.0
    await stepper.reset_zero_position(1)
    assert await stepper.get_position() == -1.0

    capped = Motor.from_robot(hw.client, "capped")  # 600 rpm asks for 1 ms steps; the minimum is 20 ms
    started = time.monotonic()
    await capped.go_for(600, 0.2)  # 20 steps
    assert time.monotonic() - started >= 0.38
    assert await capped.get_position() == pytest.approx(0.2)



async def test_stop_while_stepping_leaves_it_stopped_where_it_is(hw):
    """A stop that lands mid-step must not leave that step to finish (or be undone) afterwards."""
    stepper = Motor.from_robot(hw.client, "stepper")
    for _ in range(10):
        await stepper.set_rpm(15)  # 100 steps/s: a stop lands between two steps of a 10 ms period
        await asyncio.sleep(0.035)
        await stepper.stop()
        assert not await stepper.is_moving(), "moving after stop returned"
        stopped_at = await stepper.get_position()
        await asyncio.sleep(0.03)
        assert await stepper.get_position() == stopped_at, "stepped after the stop"


@pytest.mark.sdk
async def test_stepper_through_official_sdk_without_drift(hw, viam_sdk_python):
    out = run_sdk_script(viam_sdk_python, "stepper.py", hw.address).splitlines()
    assert out[-1] == "ok"
    elapsed = json.loads(out[-2])["go_for_s"]
    # 400 steps scheduled against absolute deadlines: 1.0 s plus the round trips, not 400 x (delay + write).
    assert 0.99 <= elapsed < 1.6, elapsed  # the upper bound leaves room for a loaded CI machine
