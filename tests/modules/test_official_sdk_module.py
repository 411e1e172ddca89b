"""A module written with the OFFICIAL viam-sdk, unchanged, under our server."""

from __future__ import annotations

import asyncio
import json
import logging

from tests.modules.conftest import FAST, SDK_MODULES, eventually
from viam.components.sensor import Sensor
from viam.config.loader import parse_config
from viam.errors import ViamError
from viam.gen.robot.v1 import robot_pb2 as pb


def weather(name: str, **attributes: object) -> dict[str, object]:
    return {"name": name, "api": "rdk:component:sensor", "model": "acme:sdk:weather", "attributes": attributes}


async def official_readings(python, address: str, name: str) -> dict:
    """Run the official client in its own process (async: the server runs on this event loop)."""
    proc = await asyncio.create_subprocess_exec(str(python), str(SDK_MODULES / "read_sensor.py"), address, name,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, f"official client failed:\n{out.decode()}\n{err.decode()}"
    return json.loads(out.decode().strip().splitlines()[-1])


async def test_official_sdk_sensor_module(start_machine, connect, sdk_module, viam_sdk_python, caplog):
    caplog.set_level(logging.INFO)
    exe = sdk_module("sdk_sensor.py")
    config = {"modules": [{"name": "weatherco", "executable_path": exe}],
              "components": [weather("w1", city="Oslo", celsius=-3.5)]}
    machine = await start_machine(config, module_settings=FAST)
    address = f"127.0.0.1:{machine.port}"

    # Added and served: read by the official client and by ours.
    by_sdk = await official_readings(viam_sdk_python, address, "w1")
    assert (by_sdk["city"], by_sdk["celsius"], by_sdk["module"]) == ("Oslo", -3.5, "weatherco")
    robot = await connect(machine)
    sensor = Sensor.from_robot(robot, "w1")
    ours = await sensor.get_readings()
    assert (ours["city"], ours["celsius"], ours["pid"]) == ("Oslo", -3.5, by_sdk["pid"])
    [status] = machine.module_statuses()
    assert status.state == pb.ModuleStatus.STATE_READY

    # A dependency: the SDK module reads our in-process fake sensor back through the server.
    await machine.apply_config(parse_config({**config, "components": [
        *config["components"],
        {"name": "inside", "api": "rdk:component:sensor", "model": "fake", "attributes": {"readings": {"x": 7}}},
        {"name": "relay", "api": "rdk:component:sensor", "model": "acme:sdk:relay",
         "attributes": {"source": "inside"}}]}, "c.json"))
    await robot.refresh()
    relayed = await Sensor.from_robot(robot, "relay").get_readings()
    assert relayed["relayed"] == {"x": 7} and relayed["pid"] == by_sdk["pid"]

    # Its logs (the SDK sends them with RobotService/Log) land in our server log, tagged with the module.
    def configured_log() -> bool:
        return any(r.name == "viam.module_logs" and "configured for Oslo" in r.getMessage()
                   and getattr(r, "module_name", "") == "weatherco" for r in caplog.records)

    await eventually(configured_log)

    # Reconfigured: the SDK module gets ReconfigureResource and keeps its process.
    await machine.apply_config(parse_config({**config, "components": [weather("w1", city="Lima", celsius=19)]},
                                            "c.json"))
    again = await sensor.get_readings()
    assert (again["city"], again["celsius"], again["pid"]) == ("Lima", 19, by_sdk["pid"])

    # Validation errors from the module show on the resource.
    await machine.apply_config(parse_config({**config, "components": [weather("w1", city=5)]}, "c.json"))
    [node] = [n for n in machine.manager.nodes.values() if n.name.name == "w1"]
    assert node.state.name == "UNHEALTHY" and "city must be a string" in node.error

    # Removed: the resource disappears, then the module process stops.
    await machine.apply_config(parse_config({**config, "components": []}, "c.json"))
    await robot.refresh()
    assert [n for n in robot.resource_names if n.name == "w1"] == []
    try:
        await sensor.get_readings()
        raise AssertionError("a removed resource must not answer")
    except ViamError as exc:
        assert "w1" in str(exc)
    await machine.apply_config(parse_config({"components": []}, "c.json"))
    assert machine.module_statuses() == []
