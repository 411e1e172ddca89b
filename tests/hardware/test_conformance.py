"""Conformance with the reference (rdk components, viam:raspberry-pi) through the server, with the
official SDK on mock pins: one test per behaviour that differed, expected values from the
reference's code and tests (see tests/sdk_scripts/hw_conformance.py for the citations).

One server per test worker serves every test of this file; each test has its own pins.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_sdk_script
from tests.hardware.conftest import start_server
from viam.testing.process import ServerProcess


def component(name: str, api: str, model: str, **attributes: object) -> dict:
    return {"name": name, "api": f"rdk:component:{api}", "model": model, "attributes": attributes}


def motor(name: str, **attributes: object) -> dict:
    return component(name, "motor", "rdk:builtin:gpio", board="pi", **attributes)


def incremental(name: str, a: str, b: str) -> dict:
    return component(name, "encoder", "rdk:builtin:incremental", board="pi", pins={"a": a, "b": b})


COMPONENTS = [
    component("pi", "board", "viam:raspberry-pi:rpi4", pins=[
        {"name": "ea", "pin": "16", "type": "interrupt"}, {"name": "eb", "pin": "18", "type": "interrupt"}]),
    incremental("inc", "11", "13"),
    component("sgl", "encoder", "rdk:builtin:single", board="pi", pins={"i": "15"}),
    incremental("named", "ea", "eb"),
    motor("open", pins={"dir": "31", "pwm": "33", "en_low": "32"}, max_rpm=60, min_power_pct=0.1),
    motor("ab", pins={"a": "35", "b": "36"}, max_rpm=60),
    motor("abflip", pins={"a": "37", "b": "38", "pwm": "40"}, max_rpm=60, dir_flip=True),
    incremental("e_encm", "24", "26"),
    motor("encm", pins={"dir": "7", "pwm": "12"}, encoder="e_encm", ticks_per_rotation=100),
    incremental("e_pid", "8", "28"),
    motor("pidm", pins={"dir": "3", "pwm": "29"}, encoder="e_pid", ticks_per_rotation=100,
          control_parameters={"p": 0.3, "i": 4.0, "d": 0.0}),
    incremental("e_run", "21", "23"),
    motor("runaway", pins={"dir": "19", "pwm": "10"}, encoder="e_run", ticks_per_rotation=100),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_server(tmp_path_factory.mktemp("conformance"), COMPONENTS)
    yield server
    server.stop()


@pytest.fixture
async def address(server: ServerProcess, connect) -> str:
    from tests.hardware.conftest import client_for

    machine = await client_for(server, connect)
    await machine.wait_ready(*(c["name"] for c in COMPONENTS))
    return server.address


@pytest.mark.parametrize("check", ["encoder_counts", "open_loop_motor", "ab_motor", "encoded_motor", "pid_motor",
                                   "runaway"])
async def test_reference_behaviour(address: str, viam_sdk_python: Path, check: str) -> None:
    assert f"ok {check}" in run_sdk_script(viam_sdk_python, "hw_conformance.py", address, check)
