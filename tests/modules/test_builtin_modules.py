"""Built-in modules: found by manifest, started on demand, stopped when no longer used."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

from tests.modules.conftest import FAST
from viam.components.sensor import Sensor
from viam.config.loader import parse_config
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.module.builtin import BuiltinCatalog
from viam.resource.names import API, Model

HOST_STATS = {"name": "host", "api": "rdk:component:sensor", "model": "viam-pi:system:host-stats"}


def fake_host(root: Path) -> dict[str, str]:
    proc, sys_root = root / "proc", root / "sys"
    (sys_root / "class" / "thermal" / "thermal_zone0").mkdir(parents=True)
    proc.mkdir()
    (proc / "loadavg").write_text("0.50 0.25 0.10 1/123 4567\n")
    (proc / "meminfo").write_text("MemTotal:        1000 kB\nMemFree:          100 kB\nMemAvailable:     250 kB\n")
    (proc / "uptime").write_text("12345.67 999.00\n")
    (sys_root / "class" / "thermal" / "thermal_zone0" / "temp").write_text("48312\n")
    return {"proc_root": str(proc), "sys_root": str(sys_root), "disk_path": str(root)}


def test_catalog_reads_manifests_and_skips_bad_ones(tmp_path, caplog):
    good = tmp_path / "good"
    good.mkdir()
    (good / "meta.json").write_text(json.dumps({"name": "good", "entrypoint": "builtin_modules.good",
                                                "models": [{"api": "rdk:component:sensor", "model": "a:b:c"}]}))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "meta.json").write_text(json.dumps({"name": "bad", "models": [{"api": "nope", "model": "a:b:c"}]}))
    with caplog.at_level(logging.ERROR):
        catalog = BuiltinCatalog(tmp_path)
    assert list(catalog.modules) == ["good"]
    assert catalog.provider(API.component("sensor"), Model("a", "b", "c")).name == "good"
    assert any("bad built-in module manifest" in r.getMessage() and "meta.json" in r.getMessage()
               for r in caplog.records)


def test_shipped_catalog_has_the_system_sensors_module():
    catalog = BuiltinCatalog()
    module = catalog.provider(API.component("sensor"), Model("viam-pi", "system", "host-stats"))
    assert module is not None and module.name == "builtin-system-sensors"


async def test_builtin_module_starts_on_demand_and_stops_when_unused(start_machine, connect, tmp_path):
    attributes = fake_host(tmp_path / "host")
    config = {"components": [{**HOST_STATS, "attributes": attributes}]}
    machine = await start_machine(config, module_settings=FAST)
    robot = await connect(machine)
    readings = await Sensor.from_robot(robot, "host").get_readings()
    assert readings["load_1m"] == 0.5 and readings["load_15m"] == 0.1
    assert (readings["mem_total_kb"], readings["mem_available_kb"], readings["mem_used_pct"]) == (1000, 250, 75.0)
    assert readings["uptime_s"] == 12345.67 and readings["cpu_temp_c"] == 48.312
    assert readings["disk_total_bytes"] > 0

    [status] = machine.module_statuses()
    assert (status.module_name, status.state) == ("builtin-system-sensors", pb.ModuleStatus.STATE_READY)
    [model] = machine.module_models()
    assert (model.model, model.from_local_module) == ("viam-pi:system:host-stats", False)

    await machine.apply_config(parse_config({"components": []}, "c.json"))
    assert machine.module_statuses() == []


async def test_builtin_module_not_started_when_config_does_not_use_it(start_machine):
    machine = await start_machine({"components": [{"name": "s", "api": "rdk:component:sensor", "model": "fake"}]},
                                  module_settings=FAST)
    assert machine.module_statuses() == []


async def test_builtin_modules_run_from_the_zipapp_artifact(tmp_path):
    """The artifact the agent installs (and the image ships) finds and runs its built-in modules."""
    from viam.agent.artifact import build_zipapp
    from viam.client import DialOptions, RobotClient
    from viam.testing.process import ServerProcess

    artifact = build_zipapp(tmp_path / "viam-server-9.9.9", version="9.9.9", entry="viam.cli.server:main")
    host = dict(HOST_STATS, attributes=fake_host(tmp_path / "host"))
    # Run from elsewhere, so nothing but the artifact can provide the packages.
    env = {"PYTHONPATH": "", "VIAM_BUILTIN_MODULES_DIR": ""}
    with ServerProcess({"components": [host]}, tmp_path, command=[str(artifact)], env=env) as server:
        server.wait_for_line(r"module ready.*builtin-system-sensors", timeout_s=30)
        robot = await RobotClient.at_address(server.address, DialOptions(insecure=True, refresh_interval_s=0))
        try:
            readings = await Sensor.from_robot(robot, "host").get_readings()
        finally:
            await robot.close()
        assert readings["load_1m"] == 0.5


async def test_a_config_job_reads_a_module_sensor(start_machine, tmp_path, caplog):
    """Jobs go through the parent socket, so a module's resource is reached like a built-in one."""
    caplog.set_level(logging.DEBUG, logger="viam.robot.jobs")
    config = {"components": [{**HOST_STATS, "attributes": fake_host(tmp_path / "host")}],
              "jobs": [{"name": "stats", "schedule": "200ms", "resource": "host", "method": "GetReadings"}]}
    machine = await start_machine(config, module_settings=FAST)
    deadline = time.monotonic() + 20
    while not [r for r in caplog.records if r.getMessage() == "Job succeeded"]:
        assert time.monotonic() < deadline, [r.getMessage() for r in caplog.records]
        await asyncio.sleep(0.05)
    succeeded = next(r for r in caplog.records if r.getMessage() == "Job succeeded")
    assert "load_1m" in succeeded.response
    assert not [r for r in caplog.records if r.getMessage() == "Job failed"]
    [status] = machine.status().job_statuses
    assert status.job_name == "stats" and status.recent_successful_runs
