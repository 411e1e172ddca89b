"""Supervision by process exit: a module's death is seen whatever holds its output pipes, and
nothing it started outlives it (same process group or not)."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys

from tests.modules.conftest import FAST, OUR_MODULES, eventually
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.proctree import descendants, pid_alive

READY, UNHEALTHY = pb.ModuleStatus.STATE_READY, pb.ModuleStatus.STATE_UNHEALTHY


def _status(machine, name: str) -> pb.ModuleStatus:
    [status] = [s for s in machine.module_statuses() if s.module_name == name]
    return status


async def test_death_is_seen_though_a_background_child_holds_the_pipes(start_machine, shell_module):
    # The wrapper leaves `sleep` running with the module's stdout/stderr, then execs the module.
    exe = shell_module("leaves-child", f'sleep 300 &\nexec "{sys.executable}" "{OUR_MODULES / "thermo.py"}" "$@"\n')
    machine = await start_machine({"modules": [{"name": "acme", "executable_path": exe}],
                                   "components": [{"name": "t1", "api": "rdk:component:sensor",
                                                   "model": "acme:test:thermo"}]},
                                  module_settings=dataclasses.replace(FAST, restart_min_s=0.5))
    module = machine.modules.modules["acme"]
    pid = module.process.pid
    [sleeper] = [p for p in descendants(pid) if pid_alive(p)] or [None]
    assert sleeper is not None, "the wrapper's background child is running"

    os.kill(pid, signal.SIGKILL)
    await eventually(lambda: _status(machine, "acme").state == UNHEALTHY, timeout_s=5)
    assert "SIGKILL" in _status(machine, "acme").error
    await eventually(lambda: not pid_alive(sleeper), timeout_s=5)  # killed with the module's group
    await eventually(lambda: _status(machine, "acme").state == READY and module.process.pid != pid, timeout_s=10)


async def test_detached_grandchild_of_a_module_that_never_serves_is_killed(start_machine, shell_module, tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    # A grandchild in its own session (outside the module's process group), then never a socket.
    exe = shell_module("detaches", f'sh -c \'echo $$ > "{pidfile}"; exec setsid sleep 300\' &\nexec sleep 300\n')
    settings = dataclasses.replace(FAST, startup_timeout_s=1.0, restart_min_s=30, restart_max_s=30)
    machine = await start_machine({"modules": [{"name": "stuck", "executable_path": exe}]}, module_settings=settings)
    await eventually(lambda: _status(machine, "stuck").state == UNHEALTHY, timeout_s=10)
    assert "did not create its socket" in _status(machine, "stuck").error
    grandchild = int(pidfile.read_text())
    await eventually(lambda: not pid_alive(grandchild), timeout_s=5)


async def test_detached_grandchild_does_not_outlive_shutdown(start_machine, shell_module, tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    exe = shell_module("serves-and-detaches", f'sh -c \'echo $$ > "{pidfile}"; exec setsid sleep 300\' &\n'
                                              f'exec "{sys.executable}" "{OUR_MODULES / "thermo.py"}" "$@"\n')
    machine = await start_machine({"modules": [{"name": "acme", "executable_path": exe}]}, module_settings=FAST)
    await eventually(lambda: _status(machine, "acme").state == READY)
    await eventually(lambda: pidfile.exists() and pidfile.read_text().strip())
    grandchild = int(pidfile.read_text())
    assert pid_alive(grandchild)
    await machine.close(grace_s=0.1)
    await eventually(lambda: not pid_alive(grandchild), timeout_s=5)


async def test_a_module_that_never_serves_does_not_hold_up_config_changes(start_machine, shell_module):
    import asyncio
    import time

    from viam.config.loader import parse_config

    stuck = shell_module("never-serves", "exec sleep 300\n")
    slow = shell_module("slow", f'sleep 2\nexec "{sys.executable}" "{OUR_MODULES / "thermo.py"}" "$@"\n')
    settings = dataclasses.replace(FAST, startup_timeout_s=300, first_start_wait_s=0.5)
    motor = {"name": "m1", "api": "rdk:component:motor", "model": "fake"}
    config = {"network": {"bind_address": "127.0.0.1:0"},
              "modules": [{"name": "stuck", "executable_path": stuck}, {"name": "slow", "executable_path": slow}],
              "components": [motor, {"name": "t1", "api": "rdk:component:sensor", "model": "acme:test:thermo"}]}
    started = time.monotonic()
    machine = await start_machine(config, module_settings=settings)
    assert time.monotonic() - started < 8, "the first build waited for the stuck module"
    assert _status(machine, "stuck").state != READY
    # A later save applies at once, though 'stuck' is still starting.
    config["components"].append({"name": "m2", "api": "rdk:component:motor", "model": "fake"})
    await asyncio.wait_for(machine.apply_config(parse_config(config, "test-config.json")), 5)
    assert "m2" in {n.name for n in machine.manager.ready_names()}
    # The slow module's resource is built once the module is ready (not at the next 5 s retry only).
    await eventually(lambda: "t1" in {n.name for n in machine.manager.ready_names()}, timeout_s=15)
