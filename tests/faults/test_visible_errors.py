"""Every rejected config entry is visible twice, each time naming the file and the JSON path:
as a GetMachineStatus entry (on its resource, its module, or ``rdk-internal:service:config``)
and as a logged error. The share of config errors in the status that name both must be 100 %."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time

import pytest

from viam.config.loader import load_config_file
from viam.packages import PackageManager
from viam.robot.machine import Machine
from viam.robot.reconfigure import Reconfigurer
from viam.robot.status import machine_status

pytest.importorskip("gpiozero")

MOTOR = "rdk:component:motor"
# Each case: the entry's JSON path and what the error says about it.
CONFIG = {
    "network": {"bind_address": "127.0.0.1:0", "web_bind_address": "off"},
    "components": [
        {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi",
         "attributes": {"pin_factory": "mock"}},
        {"name": "gm", "api": MOTOR, "model": "gpio",
         "attributes": {"board": "pi", "pins": {"a": "11", "b": "13", "pwm": "15"}, "max_rpm": "fast"}},
        {"name": "fm", "api": MOTOR, "model": "fake", "attributes": {"max_rpm": "fast"}},
        {"name": "dup", "api": MOTOR, "model": "fake"},
        {"name": "dup", "api": MOTOR, "model": "fake"},
        {"name": 7, "api": MOTOR, "model": "fake"},
        {"api": MOTOR, "model": "fake"},
        {"name": "lst", "api": [MOTOR], "model": "fake"},
        "just a string",
        {"name": "nomodel", "api": MOTOR, "model": "acme:robots:teleporter"},
        {"name": "cyc1", "api": MOTOR, "model": "fake", "depends_on": ["cyc2"]},
        {"name": "cyc2", "api": MOTOR, "model": "fake", "depends_on": ["cyc1"]},
        {"name": "orphan", "api": MOTOR, "model": "fake", "depends_on": ["ghost"]},
    ],
    "modules": [
        {"name": "../x", "executable_path": "/bin/true"},
        {"name": "twin", "executable_path": "/nonexistent/module"},
        {"name": "twin", "executable_path": "/nonexistent/module"},
        {"name": "nopath"},
    ],
    "remotes": [{"name": "r1", "address": "127.0.0.1:1", "reconnect_interval": "x"}],
}
EXPECTED = {
    "components[1].attributes.max_rpm": "max_rpm must be a number, got 'fast'",
    "components[2].attributes.max_rpm": "max_rpm must be a number, got 'fast'",
    "components[4]": "duplicate name 'dup'",
    "components[5].name": "expected a string, got a number",
    "components[6]": "missing required field 'name'",
    "components[7].api": "expected a string, got a list",
    "components[8]": "expected an object, got a string",
    "components[9].model": "unknown model acme:robots:teleporter",
    "components[10].depends_on": "dependency cycle",
    "components[12]": "missing dependency 'ghost'",
    "modules[0].name": "module name '../x' must start with a letter or number",
    "modules[1].executable_path": "cannot run '/nonexistent/module'",
    "modules[2]": "duplicate module name 'twin'",
    "modules[3]": "missing required field 'executable_path'",
    "remotes[0].reconnect_interval": "expected a duration",
}
RUNTIME = ("dependency not ready",)  # not about the config: waiting on another entry's fix


async def test_every_rejected_entry_shows_in_status_and_log_with_file_and_path(tmp_path, caplog):
    path = tmp_path / "robot.json"
    path.write_text(json.dumps(CONFIG))
    caplog.set_level(logging.WARNING)
    machine = Machine(load_config_file(path))
    reconfigurer = Reconfigurer(machine, path, packages=PackageManager(tmp_path / "home"))
    await machine.start()
    try:
        await machine.wait_running(60)
        deadline = time.monotonic() + 30
        while True:
            status = machine_status(machine)
            errors = [r.error for r in status.resources if r.error and r.state != 3] + \
                     [m.error for m in status.modules if m.error]
            missing = {p: w for p, w in EXPECTED.items() if not any(f"{path}: {p}: " in e and w in e for e in errors)}
            if not missing:
                break
            assert time.monotonic() < deadline, f"not in GetMachineStatus: {missing}\n" + "\n".join(errors)
            await asyncio.sleep(0.2)
        logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        for json_path, what in EXPECTED.items():
            if json_path.startswith("modules[1]"):
                continue  # a module that cannot run is a start failure, logged by the module supervisor
            assert any(f"{path}: {json_path}: " in line and what in line for line in logged), (json_path, logged)
        # The measure: every config error in the status names the file and the JSON path.
        config_errors = [e for e in errors if not any(r in e for r in RUNTIME)]
        named = [e for e in config_errors if str(path) in e and re.search(r"\b(components|modules|remotes)\[\d+\]", e)]
        print(f"status errors naming file and JSON path: {len(named)}/{len(config_errors)}")
        assert named == config_errors, [e for e in config_errors if e not in named]
    finally:
        await reconfigurer.close()
        await machine.close(grace_s=0.1)
