"""Official-SDK modules (both documented styles) with dependencies, run by a real viam-server.

Module A (``run_from_registry``) serves a sensor depending on a built-in fake motor and a
generic service; module B (``from_args`` + ``add_model_from_registry``) serves a motor
depending on module A's sensor. The config file is then edited under the running server
(reconfigure in place, a rebuilt dependency) and module B is removed.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path

from tests.sdk_compat.conftest import run_compat_script

MODULES = Path(__file__).resolve().parent / "modules"


def wrapper(tmp_path: Path, python: Path, script: str) -> str:
    path = tmp_path / f"run-{Path(script).stem}.sh"
    path.write_text(f'#!/bin/sh\nexec "{python}" "{MODULES / script}" "$@"\n')
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def machine(tmp_path: Path, python: Path, *, label: str, max_rpm: int, with_b: bool = True,
            ghost: bool = False) -> dict:
    modules = [{"type": "local", "name": "moda", "executable_path": wrapper(tmp_path, python, "watcher_module.py")}]
    components = [
        # The watcher reads m1's position: a fake motor has one only through a fake encoder (as rdk's).
        {"name": "m1", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
         "attributes": {"max_rpm": max_rpm, "encoder": "m1-enc", "ticks_per_rotation": 1}},
        {"name": "m1-enc", "api": "rdk:component:encoder", "model": "rdk:builtin:fake"},
        {"name": "watch", "api": "rdk:component:sensor", "model": "acme:compat:motor-watcher",
         "attributes": {"motor": "m1", "label": label, "also": ["late", "ghost"]}},
        # Optional dependency two levels deeper than the watcher's required one: it must still be built
        # first and passed in; the missing "ghost" must not block anything.
        {"name": "chain", "api": "rdk:component:sensor", "model": "rdk:builtin:fake", "depends_on": ["m1"]},
        {"name": "late", "api": "rdk:component:sensor", "model": "rdk:builtin:fake", "depends_on": ["chain"]},
    ]
    if ghost:  # the watcher's missing optional dependency appears: the watcher is rebuilt with it
        components.append({"name": "ghost", "api": "rdk:component:sensor", "model": "rdk:builtin:fake"})
    if with_b:
        modules.append({"type": "local", "name": "modb",
                        "executable_path": wrapper(tmp_path, python, "sensed_motor_module.py")})
        components.append({"name": "sm", "api": "rdk:component:motor", "model": "acme:compat:sensed-motor",
                           "attributes": {"sensor": "watch"}})
    return {"modules": modules, "components": components,
            "services": [{"name": "echo", "api": "rdk:service:generic", "model": "acme:compat:echo"}]}


def rewrite(server, config: dict) -> None:
    data = {**config, "network": json.loads(server.config_path.read_text())["network"]}
    tmp = server.config_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.rename(server.config_path)


def pids_with_args(*parts: str) -> list[int]:
    """Processes whose command line holds every one of ``parts`` (read from /proc, no pgrep needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if all(part in cmdline for part in parts):
            found.append(int(entry.name))
    return found


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_official_sdk_modules_with_dependencies(viam_server, viam_sdk_python, tmp_path):
    server = viam_server(machine(tmp_path, viam_sdk_python, label="one", max_rpm=100))
    run_compat_script(viam_sdk_python, "modules_check.py", server.address, "initial")
    # self.logger in an SDK module reaches the server log, tagged with module and resource.
    server.wait_for_line(r"watcher watch reconfigured label=one.*module_name=moda")
    server.wait_for_line(r"WARNING.*echo do_command.*module_name=moda.*logger_name=rdk:service:generic/echo")
    [modb_line] = [line for line in server.lines if "starting module process" in line and "module_name=modb" in line]

    # Edit the file under the running server: the watcher is reconfigured in place, the fake motor rebuilt.
    rewrite(server, machine(tmp_path, viam_sdk_python, label="two", max_rpm=50))
    server.wait_for_line(r"watcher watch reconfigured label=two", timeout_s=30)
    server.wait_for_line(r"config applied .*initial=False", timeout_s=30)
    run_compat_script(viam_sdk_python, "modules_check.py", server.address, "reconfigured")

    # Remove module B and its motor: the resource goes, then the process exits.
    socket = re.search(r"(\S+/modb\.sock)", modb_line).group(1)  # unique to this server's module B
    modb_pids = pids_with_args("sensed_motor_module.py", socket)
    assert modb_pids, modb_line
    rewrite(server, machine(tmp_path, viam_sdk_python, label="two", max_rpm=50, with_b=False, ghost=True))
    server.wait_for_line(r"stopping module.*module_name=modb", timeout_s=30)
    deadline = time.monotonic() + 30
    while any(pid_alive(p) for p in modb_pids):
        assert time.monotonic() < deadline, "module B still running after its removal"
        time.sleep(0.1)
    run_compat_script(viam_sdk_python, "modules_check.py", server.address, "removed")


def test_module_api_without_local_protos_is_learnt_over_reflection(viam_server, viam_sdk_python, tmp_path):
    server = viam_server({
        "modules": [{"name": "eyes", "executable_path": wrapper(tmp_path, viam_sdk_python, "vision_module.py")}],
        "services": [{"name": "counter", "api": "rdk:service:vision", "model": "acme:compat:counter"}],
    })
    server.wait_for_line(r"learnt a module's API over gRPC reflection.*service=viam.service.vision.v1.VisionService")
    assert run_compat_script(viam_sdk_python, "vision_check.py", server.address).strip().endswith("ok")


def test_official_sdk_base_module(viam_server, viam_sdk_python, tmp_path):
    """A module's base, driven with the official client through the built-in Base API."""
    server = viam_server({
        "modules": [{"name": "rovers", "executable_path": wrapper(tmp_path, viam_sdk_python, "base_module.py")}],
        "components": [{"name": "rover", "api": "rdk:component:base", "model": "acme:compat:rover"}],
    })
    assert run_compat_script(viam_sdk_python, "base_check.py", server.address).strip().endswith("ok")
