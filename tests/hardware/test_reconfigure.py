"""Reconfiguration: a changed motor or board is rebuilt on its new pins, and the old ones are freed."""

from __future__ import annotations

import asyncio
import json
import time

from viam.components.board import Board
from viam.components.motor import Motor


def components(pwm: str, interrupt_pin: str) -> list[dict]:
    return [
        {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi",
         "attributes": {"pins": [{"name": "di", "pin": interrupt_pin, "type": "interrupt"}]}},
        {"name": "m", "api": "rdk:component:motor", "model": "rdk:builtin:gpio",
         "attributes": {"board": "pi", "pins": {"dir": "36", "pwm": pwm}, "max_rpm": 100}},
    ]


async def reserved(board: Board) -> dict:
    return (await board.do_command({"reserved_pins": {}}))["reserved_pins"]


async def until(check, timeout_s: float = 20.0):
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if await check():
                return
        except Exception:  # noqa: BLE001 - resources are being rebuilt
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("reconfiguration did not happen")
        await asyncio.sleep(0.1)


async def test_motor_and_board_rebuilt_on_new_pins(hw_machine) -> None:
    machine = await hw_machine(components("32", "37"))
    await machine.wait_ready("pi", "m")
    board, motor = Board.from_robot(machine.client, "pi"), Motor.from_robot(machine.client, "m")
    assert (await reserved(board))["pin 32 (GPIO12)"] == "motor 'm'"
    data = json.loads(machine.server.config_path.read_text())
    data["components"] = components("33", "38")
    machine.server.config_path.write_text(json.dumps(data))

    async def moved() -> bool:
        pins = await reserved(board)
        return pins.get("pin 33 (GPIO13)") == "motor 'm'" and "pin 32 (GPIO12)" not in pins and \
            pins.get("pin 38 (GPIO20)") == "board 'pi' digital interrupt 'di'" and "pin 37 (GPIO26)" not in pins

    await until(moved)
    await motor.set_power(0.3)
    pin33 = await board.gpio_pin_by_name("33")
    assert abs(await pin33.get_pwm() - 0.3) < 1e-9
