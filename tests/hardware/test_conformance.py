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
    component("gs", "servo", "rdk:builtin:gpio", board="pi", pin="27", min_angle_deg=20, frequency_hz=50),
    component("rs", "servo", "viam:raspberry-pi:rpi-servo", board="pi", pin="5", min=30, max=150,
              max_rotation_deg=270, hold_position=False, starting_position_degs=90),
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
                                   "runaway", "servos"])
async def test_reference_behaviour(address: str, viam_sdk_python: Path, check: str) -> None:
    assert f"ok {check}" in run_sdk_script(viam_sdk_python, "hw_conformance.py", address, check)


async def test_reference_config_errors(hw_machine) -> None:
    """The reference's validation errors (rdk servo/gpio, motor/gpio)."""
    board = component("pi", "board", "viam:raspberry-pi:rpi4")
    machine = await hw_machine([
        board,
        component("slow", "servo", "rdk:builtin:gpio", board="pi", pin="12", frequency_hz=30),
        component("narrow", "servo", "rdk:builtin:gpio", board="pi", pin="16", min_width_us=400),
        component("start", "servo", "rdk:builtin:gpio", board="pi", pin="18", starting_position_deg=190),
        component("rot", "servo", "viam:raspberry-pi:rpi-servo", board="pi", pin="22", max=200),
        motor("nopins", pins={"a": "11"}, max_rpm=10),
    ])
    expected = {
        "slow": "PWM frequencies should not be above 450Hz or below 50Hz, have 30Hz",
        "narrow": "min_width_us cannot be lower than 500",
        "start": "starting_position_deg should be between minimum (0.0) and maximum (180.0) positions",
        "rot": "maxRotation is less than maximum",
        "nopins": "motor pin config has specified pin A but not pin B",
    }
    for name, message in expected.items():
        error = await machine.wait_error(name)
        assert message in error, f"{name}: {error}"


async def test_registry_model_names_are_served_by_the_builtins(hw_machine) -> None:
    """Today's registry triplets (viam:bosch:bme280, viam:texas-instruments:ina219, viam:gps:nmea)
    take the same attributes and give the same readings; the status says which built-in serves them."""
    from tests.hardware.test_sensors import SIM
    from viam.components.power_sensor import PowerSensor
    from viam.components.sensor import Sensor

    machine = await hw_machine([
        component("env", "sensor", "viam:bosch:bme280", i2c_bus="1", i2c_addr="0x77"),
        component("power", "power_sensor", "viam:texas-instruments:ina219", i2c_bus="1", i2c_addr=0x40,
                  shunt_resistance=0.1),
        component("gps", "movement_sensor", "viam:gps:nmea", connection_type="serial",
                  serial_attributes={"serial_path": "loop://", "serial_baud_rate": 9600}),
    ], sim=SIM)
    await machine.wait_ready("env", "power", "gps")
    env = Sensor.from_robot(machine.client, "env")
    assert (await env.get_readings())["temperature_celsius"] == pytest.approx(25.0825, abs=1e-4)
    assert (await env.get_status())["model_alias"]["served_by"] == "rdk:builtin:bme280"
    power = PowerSensor.from_robot(machine.client, "power")
    assert (await power.get_voltage())[0] == pytest.approx(12.0)
    assert (await power.get_status())["model_alias"]["model"] == "viam:texas-instruments:ina219"
