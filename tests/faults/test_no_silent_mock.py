"""No silent mock pins: a Raspberry Pi board with no usable GPIO backend is UNHEALTHY with an
error naming the package to install; mock pins only when asked for, and then said loudly."""

from __future__ import annotations

import asyncio
import time

import pytest

from viam.client import DialOptions, RobotClient
from viam.config.model import ResourceConfig
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.resource.names import API, Model
from viam.robot.status_notes import status_note
from viam.testing.process import ServerProcess

pytest.importorskip("gpiozero")

FAST = DialOptions(insecure=True, refresh_interval_s=0, connect_timeout_s=5)
BOARD = {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi"}


async def _board_status(address: str, want_state: int, timeout_s: float = 20.0) -> pb.ResourceStatus:
    robot = await RobotClient.at_address(address, FAST)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            status = await robot.get_machine_status()
            found = [r for r in status.resources if r.name.name == "pi" and r.name.subtype == "board"]
            if found and found[0].state == want_state:
                return found[0]
            assert time.monotonic() < deadline, f"board never reached state {want_state}: {found}"
            await asyncio.sleep(0.1)
    finally:
        await robot.close()


async def test_board_without_a_usable_backend_is_unhealthy_naming_the_package(tmp_path):
    # Not a Pi (CI): lgpio, if installed, finds no GPIO chip; nothing asks for mock pins.
    with ServerProcess({"components": [BOARD]}, tmp_path, env={"GPIOZERO_PIN_FACTORY": ""}) as server:
        status = await _board_status(server.address, pb.ResourceStatus.STATE_UNHEALTHY)
        assert "no usable GPIO pin factory" in status.error, status.error
        assert "lgpio" in status.error and "GPIOZERO_PIN_FACTORY=mock" in status.error, status.error
        assert not any("MOCK" in line for line in server.lines)


async def test_mock_pins_when_asked_for_are_announced(tmp_path):
    board = {**BOARD, "attributes": {"pin_factory": "mock"}}
    with ServerProcess({"components": [board]}, tmp_path, env={"GPIOZERO_PIN_FACTORY": ""}) as server:
        status = await _board_status(server.address, pb.ResourceStatus.STATE_READY)
        server.wait_for_line(r"using MOCK GPIO pins \(asked for by config\)")
        # Said where a user looks, on that board's GetMachineStatus entry, not only in the log.
        assert status.error == ('mock GPIO pins (asked for by config attribute pin_factory "mock"): '
                                "nothing on the header is driven"), status.error


async def test_mock_pins_asked_for_by_the_environment_show_in_the_status(tmp_path):
    components = [BOARD, {"name": "fb", "api": "rdk:component:board", "model": "fake"}]
    with ServerProcess({"components": components}, tmp_path, env={"GPIOZERO_PIN_FACTORY": "mock"}) as server:
        status = await _board_status(server.address, pb.ResourceStatus.STATE_READY)
        assert "mock GPIO pins (asked for by GPIOZERO_PIN_FACTORY=mock)" in status.error, status.error
        robot = await RobotClient.at_address(server.address, FAST)
        try:
            entries = {r.name.name: r for r in (await robot.get_machine_status()).resources}
        finally:
            await robot.close()
        assert entries["fb"].state == pb.ResourceStatus.STATE_READY and entries["fb"].error == ""  # no pins


def test_a_real_pin_factory_named_in_the_config_wins_over_the_environment():
    config = ResourceConfig(name="pi", api=API.parse("rdk:component:board"), model=Model.parse("viam:raspberry-pi:rpi"),
                            attributes={"pin_factory": "lgpio"})
    assert status_note(config, {"GPIOZERO_PIN_FACTORY": "mock"}) == ""
    config.attributes = {}
    assert "GPIOZERO_PIN_FACTORY=mock" in status_note(config, {"GPIOZERO_PIN_FACTORY": "MOCK"})
    assert status_note(config, {}) == ""
