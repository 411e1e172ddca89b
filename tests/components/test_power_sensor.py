"""The fake power sensor through our client and through the official SDK, over real gRPC."""

import pytest

from tests.conftest import run_sdk_script
from viam.components.power_sensor import PowerSensor
from viam.errors import NotSupportedError, ResourceNotFoundError

CONFIG = {"components": [
    {"name": "power1", "api": "rdk:component:power_sensor", "model": "rdk:builtin:fake"},
    {"name": "mains", "api": "rdk:component:power_sensor", "model": "rdk:builtin:fake",
     "attributes": {"voltage": 230, "current": 1.5, "is_ac": True}},
]}


async def test_fake_power_sensor_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    battery = PowerSensor.from_robot(robot, "power1")
    # rdk's fake power sensor's figures (its power is not voltage x current) and readings keys
    assert await battery.get_voltage() == (1.5, True)
    assert await battery.get_current(extra={"x": 1}) == (2.2, True)
    assert await battery.get_power() == pytest.approx(9.8)
    assert await battery.get_readings() == {"volts": 1.5, "amps": 2.2, "is_ac": True, "watts": 9.8}
    assert await battery.do_command({"cmd": "x", "n": [1]}) == {"cmd": "x", "n": [1]}
    assert await battery.get_status() == {}
    with pytest.raises(NotSupportedError, match="no GetGeometries"):
        await battery.get_geometries()

    mains = PowerSensor.from_robot(robot, "mains")
    assert await mains.get_voltage() == (230.0, True)
    assert await mains.get_current() == (1.5, True)
    assert await mains.get_power() == pytest.approx(345.0)
    assert await mains.get_readings() == {"volts": 230.0, "amps": 1.5, "is_ac": True, "watts": 345.0}


async def test_unknown_power_sensor_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no power_sensor named 'nope'"):
        PowerSensor.from_robot(robot, "nope")


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"voltage": "12V"}, "components[0].attributes.voltage: voltage must be a number, got '12V'"),
    ({"current": True}, "components[0].attributes.current: current must be a number, got True"),
    ({"is_ac": "yes"}, "components[0].attributes.is_ac: is_ac must be true or false, got 'yes'"),
])
async def test_bad_attributes_name_the_path(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:power_sensor", "model": "fake",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    status = await robot.get_machine_status()
    errors = {s.name.name: s.error for s in status.resources}
    assert expected in errors["bad"], errors


@pytest.mark.sdk
def test_fake_power_sensor_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "power_sensor.py", server.address).strip().endswith("ok")
