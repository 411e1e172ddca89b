"""Modules that crash, hang, ignore SIGTERM or never start: the machine copes and says why."""

from __future__ import annotations

import dataclasses
import os
import signal
import time

import grpc
import pytest

from tests.modules.conftest import FAST, eventually, pid_alive
from viam.components.sensor import Sensor
from viam.config.loader import parse_config
from viam.errors import ViamError
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.gen.robot.v1.robot_pb2_grpc import RobotServiceStub

READY, UNHEALTHY = pb.ModuleStatus.STATE_READY, pb.ModuleStatus.STATE_UNHEALTHY


def thermo(name: str, temp: float = 20.0) -> dict[str, object]:
    return {"name": name, "api": "rdk:component:sensor", "model": "acme:test:thermo", "attributes": {"temp": temp}}


def status_of(machine, name: str) -> pb.ModuleStatus:
    [status] = [s for s in machine.module_statuses() if s.module_name == name]
    return status


def gone(pid: int) -> bool:
    if not pid_alive(pid):
        return True
    try:
        with open(f"/proc/{int(pid)}/stat") as f:
            return f.read().split()[2] == "Z"
    except OSError:
        return True


async def test_kill_9_errors_clearly_then_serves_again(start_machine, connect, our_module):
    settings = dataclasses.replace(FAST, restart_min_s=1.0)  # a window to observe the outage
    machine = await start_machine({"modules": [{"name": "acme", "executable_path": our_module("thermo.py")}],
                                   "components": [thermo("t1", 5.0)]}, module_settings=settings)
    robot = await connect(machine)
    sensor = Sensor.from_robot(robot, "t1")
    pid = int((await sensor.get_readings())["pid"])

    os.kill(pid, signal.SIGKILL)
    await eventually(lambda: status_of(machine, "acme").state == UNHEALTHY)
    status = status_of(machine, "acme")
    assert status.consecutive_failures == 1 and "SIGKILL" in status.error
    with pytest.raises(ViamError) as info:
        await sensor.get_readings()
    assert info.value.grpc_code == grpc.StatusCode.UNAVAILABLE
    assert "module 'acme'" in str(info.value) and "SIGKILL" in str(info.value)
    [node] = machine.manager.nodes.values()
    assert node.state.name == "UNHEALTHY" and "SIGKILL" in node.error

    readings = await eventually(sensor.get_readings, timeout_s=10)
    assert readings["temp"] == 5.0 and int(readings["pid"]) != pid
    assert status_of(machine, "acme").state == READY
    assert node.state.name == "READY"


async def test_crash_loop_stays_unhealthy_without_blocking_the_machine(start_machine, connect, our_module,
                                                                       shell_module):
    crasher = shell_module("crasher", 'echo "boom: no such device /dev/acme0" >&2\nexit 3\n')
    started = time.monotonic()
    machine = await start_machine({
        "modules": [{"name": "crasher", "executable_path": crasher},
                    {"name": "acme", "executable_path": our_module("thermo.py")}],
        "components": [thermo("t1", 1.0), {"name": "fake1", "api": "rdk:component:sensor", "model": "fake"},
                       {"name": "c1", "api": "rdk:component:sensor", "model": "acme:crash:thing"}],
    }, module_settings=FAST)
    assert time.monotonic() - started < 10
    robot = await connect(machine)
    assert (await Sensor.from_robot(robot, "t1").get_readings())["temp"] == 1.0
    assert "fake1" in {n.name for n in robot.resource_names}

    await eventually(lambda: status_of(machine, "crasher").consecutive_failures >= 3, timeout_s=10)
    status = status_of(machine, "crasher")
    assert status.state in (UNHEALTHY, pb.ModuleStatus.STATE_STARTING)
    unhealthy = await eventually(lambda: (s := status_of(machine, "crasher")).state == UNHEALTHY and s)
    assert "exited with code 3" in unhealthy.error and "boom: no such device" in unhealthy.error
    machine_status = await robot.get_machine_status()
    by_name = {r.name.name: r for r in machine_status.resources}
    assert by_name["c1"].state == pb.ResourceStatus.STATE_UNHEALTHY and "acme:crash:thing" in by_name["c1"].error
    assert by_name["t1"].state == pb.ResourceStatus.STATE_READY


async def test_module_ignoring_sigterm_is_killed_after_the_grace_period(start_machine, connect, our_module):
    settings = dataclasses.replace(FAST, stop_grace_s=1.0)
    config = {"modules": [{"name": "stubborn", "executable_path": our_module("stubborn.py")}],
              "components": [{**thermo("t1"), "model": "acme:test:stubborn"}]}
    machine = await start_machine(config, module_settings=settings)
    robot = await connect(machine)
    pid = int((await Sensor.from_robot(robot, "t1").get_readings())["pid"])

    started = time.monotonic()
    await machine.apply_config(parse_config({"components": []}, "c.json"))
    elapsed = time.monotonic() - started
    assert gone(pid)
    assert 0.9 <= elapsed < 3.0, f"stop took {elapsed:.2f}s with a 1s grace period"


async def test_module_that_never_creates_its_socket_times_out(start_machine, shell_module, tmp_path):
    pid_file = tmp_path / "pid"
    silent = shell_module("silent", f'echo $$ > "{pid_file}"\ntrap "" TERM\nexec sleep 60\n')
    settings = dataclasses.replace(FAST, startup_timeout_s=0.5, restart_min_s=5, restart_max_s=5)
    started = time.monotonic()
    machine = await start_machine({"modules": [{"name": "silent", "executable_path": silent}]},
                                  module_settings=settings)
    assert time.monotonic() - started < 5
    status = status_of(machine, "silent")
    assert status.state == UNHEALTHY
    assert "did not create its socket" in status.error and "0.5s" in status.error
    assert "VIAM_MODULE_STARTUP_TIMEOUT" in status.error
    pid = int(pid_file.read_text())
    await eventually(lambda: gone(pid))


async def test_restart_module_rpc_and_config_change_restart_the_process(start_machine, connect, our_module):
    exe = our_module("thermo.py")
    config = {"modules": [{"name": "acme", "executable_path": exe}], "components": [thermo("t1", 4.0)]}
    machine = await start_machine(config, module_settings=FAST)
    robot = await connect(machine)
    sensor = Sensor.from_robot(robot, "t1")
    first = int((await sensor.get_readings())["pid"])

    await RobotServiceStub(robot.channel).RestartModule(pb.RestartModuleRequest(module_name="acme"))
    second = await _pid_if_changed(sensor, first)  # RestartModule returns once the module serves again
    assert second is not None
    assert gone(first)
    assert status_of(machine, "acme").consecutive_failures == 0

    changed = {**config, "modules": [{"name": "acme", "executable_path": exe, "env": {"X": "1"}}]}
    await machine.apply_config(parse_config(changed, "c.json"))
    third = await _pid_if_changed(sensor, second)
    assert third is not None
    assert third != first and gone(second)

    with pytest.raises(grpc.aio.AioRpcError) as info:
        await RobotServiceStub(robot.channel).RestartModule(pb.RestartModuleRequest(module_name="nope"))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND and "acme" in (info.value.details() or "")


async def _pid_if_changed(sensor: Sensor, old: int) -> int | None:
    pid = int((await sensor.get_readings())["pid"])
    return pid if pid != old else None


async def test_machine_close_stops_every_module(start_machine, our_module):
    exe = our_module("thermo.py")
    machine = await start_machine({"modules": [{"name": f"m{i}", "executable_path": exe} for i in range(3)]},
                                  module_settings=FAST)
    pids = [m.process.pid for m in machine.modules.modules.values()]
    assert all(pid_alive(p) for p in pids)
    await machine.close(grace_s=0.1)
    assert all(gone(p) for p in pids)


async def test_dependent_in_another_module_recovers_after_its_dependency_module_crashes(start_machine, connect,
                                                                                        our_module):
    machine = await start_machine({
        "modules": [{"name": "a", "executable_path": our_module("thermo.py", "a"), "env": {"ACME_MODELS": "thermo"}},
                    {"name": "b", "executable_path": our_module("thermo.py", "b"), "env": {"ACME_MODELS": "doubler"}}],
        "components": [thermo("src", 3.0),
                       {"name": "twice", "api": "rdk:component:sensor", "model": "acme:test:doubler",
                        "attributes": {"source": "src"}}],
    }, module_settings=FAST)
    robot = await connect(machine)
    twice = Sensor.from_robot(robot, "twice")
    first = await twice.get_readings()
    os.kill(int(first["source_pid"]), signal.SIGKILL)
    again = await eventually(twice.get_readings, timeout_s=15)
    assert again["temp"] == 6.0 and again["source_pid"] != first["source_pid"]
    assert again["pid"] == first["pid"], "the dependent's module kept running"
