"""Modules written with our runtime, run as real child processes under an in-process server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import stat
import sys
from pathlib import Path

import pytest

from tests.modules.conftest import FAST, OUR_MODULES, eventually, pid_alive
from viam.components.sensor import Sensor
from viam.config.loader import parse_config
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.resource.names import API, ResourceName

SENSOR = API.component("sensor")


def thermo(name: str, temp: float = 20.0, **extra: object) -> dict[str, object]:
    return {"name": name, "api": "rdk:component:sensor", "model": "acme:test:thermo", "attributes": {"temp": temp},
            **extra}


async def test_module_serves_its_resource_and_reports_status(start_machine, connect, our_module, tmp_path):
    machine = await start_machine({"modules": [{"name": "acme", "executable_path": our_module("thermo.py")}],
                                   "components": [thermo("t1", 21.5)]}, module_settings=FAST)
    robot = await connect(machine)
    assert ResourceName(SENSOR, "t1") in robot.resource_names
    readings = await Sensor.from_robot(robot, "t1").get_readings()
    assert readings["temp"] == 21.5
    assert readings["module"] == "acme"
    assert readings["pid"] != os.getpid()
    data_dir = Path(readings["data_dir"])
    assert data_dir.is_relative_to(tmp_path / "viam-home")
    assert data_dir.is_dir()  # noqa: ASYNC240 - a stat in a test

    status = await robot.get_machine_status()
    [module] = status.modules
    assert (module.module_name, module.state, module.error) == ("acme", pb.ModuleStatus.STATE_READY, "")
    models = machine.module_models()
    assert [(m.module_name, m.model, m.api) for m in models] == [
        ("acme", "acme:test:doubler", "rdk:component:sensor"), ("acme", "acme:test:thermo", "rdk:component:sensor")]

    # The private directory holding the sockets is 0700.
    assert stat.S_IMODE(os.stat(machine.private_dir).st_mode) == 0o700


async def test_reconfigure_then_remove_resource_and_module(start_machine, connect, our_module, caplog):
    caplog.set_level(logging.INFO)
    exe = our_module("thermo.py")
    config = {"modules": [{"name": "acme", "executable_path": exe}], "components": [thermo("t1", 1.0)]}
    machine = await start_machine(config, module_settings=FAST)
    robot = await connect(machine)
    sensor = Sensor.from_robot(robot, "t1")
    first = await sensor.get_readings()

    await machine.apply_config(parse_config({**config, "components": [thermo("t1", 2.0)]}, "c.json"))
    second = await sensor.get_readings()
    assert second["temp"] == 2.0
    assert second["pid"] == first["pid"], "a resource change must not restart the module"
    assert second["generation"] == 2, "the module got ReconfigureResource, not Remove + Add"

    await machine.apply_config(parse_config({**config, "components": []}, "c.json"))
    await robot.refresh()
    assert ResourceName(SENSOR, "t1") not in robot.resource_names
    assert pid_alive(first["pid"])
    # The module got RemoveResource: it closed the resource (its log reaches the server log).
    await eventually(lambda: any("thermo t1 closed" in r.getMessage() and r.name == "viam.module_logs"
                                 for r in caplog.records))

    await machine.apply_config(parse_config({"components": []}, "c.json"))
    await eventually(lambda: not pid_alive(first["pid"]) or _is_zombie(first["pid"]))
    assert machine.module_statuses() == []


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{int(pid)}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


async def test_module_depends_on_another_modules_resource(start_machine, connect, our_module):
    exe_a, exe_b = our_module("thermo.py", "a"), our_module("thermo.py", "b")
    machine = await start_machine({
        "modules": [{"name": "a", "executable_path": exe_a, "env": {"ACME_MODELS": "thermo"}},
                    {"name": "b", "executable_path": exe_b, "env": {"ACME_MODELS": "doubler"}}],
        "components": [thermo("src", 7.0),
                       {"name": "twice", "api": "rdk:component:sensor", "model": "acme:test:doubler",
                        "attributes": {"source": "src"}}],
    }, module_settings=FAST)
    robot = await connect(machine)
    readings = await Sensor.from_robot(robot, "twice").get_readings()
    assert readings["temp"] == 14.0
    assert readings["pid"] != readings["source_pid"], "the two sensors live in different module processes"
    assert {(m.module_name, m.model) for m in machine.module_models()} == {
        ("a", "acme:test:thermo"), ("b", "acme:test:doubler")}
    status = {s.name.name: s for s in (await robot.get_machine_status()).resources}
    assert status["twice"].state == pb.ResourceStatus.STATE_READY


async def test_module_logs_land_in_server_log_with_module_name(start_machine, connect, our_module, caplog):
    caplog.set_level(logging.INFO)
    machine = await start_machine({"modules": [{"name": "acme", "executable_path": our_module("thermo.py")}],
                                   "components": [thermo("t1")]}, module_settings=FAST)
    robot = await connect(machine)
    await Sensor.from_robot(robot, "t1").do_command({"log": "hello from the module"})

    def logged() -> bool:
        return any(r.name == "viam.module_logs" and "hello from the module" in r.getMessage()
                   and getattr(r, "module_name", "") == "acme" and r.levelno == logging.WARNING
                   for r in caplog.records)

    await eventually(logged)


@pytest.mark.parametrize("tcp_mode", [True])
async def test_tcp_mode(start_machine, connect, our_module, tcp_mode):
    machine = await start_machine({"modules": [{"name": "acme", "executable_path": our_module("thermo.py"),
                                                "tcp_mode": tcp_mode}],
                                   "components": [thermo("t1", 3.0)]}, module_settings=FAST)
    robot = await connect(machine)
    assert (await Sensor.from_robot(robot, "t1").get_readings())["temp"] == 3.0


async def test_our_runtime_exits_when_its_parent_is_gone(tmp_path):
    """Without the server's pdeathsig: the runtime notices its parent is gone and exits."""
    script = tmp_path / "orphan.py"
    script.write_text(
        "import os, subprocess, sys\n"
        f"p = subprocess.Popen([sys.executable, {str(OUR_MODULES / 'thermo.py')!r}, {str(tmp_path / 'm.sock')!r}],"
        f" stdout=open({str(tmp_path / 'out.log')!r}, 'w'), stderr=subprocess.STDOUT,"
        " env={**os.environ, 'VIAM_MODULE_PARENT_PID': str(os.getpid())})\n"
        "print(p.pid, flush=True)\n")
    proc = await asyncio.create_subprocess_exec(sys.executable, str(script), stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    pid = int(out.decode().strip())
    try:
        await eventually(lambda: not pid_alive(pid) or _is_zombie(pid), timeout_s=20)
        assert "is gone; exiting" in (tmp_path / "out.log").read_text()  # noqa: ASYNC240 - test file
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


async def test_ready_is_retried_until_the_module_is_ready(start_machine, connect, our_module, caplog):
    caplog.set_level(logging.INFO)
    machine = await start_machine({
        "modules": [{"name": "slow", "executable_path": our_module("slow_ready.py"), "env": {"WARM_UP_S": "0.5"}}],
        "components": [thermo("t1", 9.0)]}, module_settings=FAST)
    robot = await connect(machine)
    assert (await Sensor.from_robot(robot, "t1").get_readings())["temp"] == 9.0

    def answered(ready: bool) -> bool:  # the module's stdout reaches the log through a pipe: wait for it
        return any(f"ready={ready}" in r.getMessage() for r in caplog.records
                   if getattr(r, "module_name", "") == "slow")

    await eventually(lambda: answered(False) and answered(True))
