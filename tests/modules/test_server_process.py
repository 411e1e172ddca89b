"""Modules under a real viam-server child process: log lines and shutdown."""

from __future__ import annotations

import os
import re
import signal
import time

from tests.modules.conftest import pid_alive

FAST_ENV = {"VIAM_MODULE_STOP_GRACE": "1", "VIAM_MODULE_REMOVE_TIMEOUT": "2", "VIAM_MODULE_SHUTDOWN_TIMEOUT": "5"}


def _gone(pid: int) -> bool:
    if not pid_alive(pid):
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] == "Z"
    except OSError:
        return True


def test_server_logs_module_output_and_stops_modules_on_sigterm(viam_server, our_module, tmp_path):
    config = {"modules": [{"name": "acme", "executable_path": our_module("thermo.py")},
                          {"name": "stubborn", "executable_path": our_module("stubborn.py")}],
              "components": [{"name": "t1", "api": "rdk:component:sensor", "model": "acme:test:thermo",
                              "attributes": {"temp": 1.5}}]}
    server = viam_server(config, env={**FAST_ENV, "VIAM_HOME": str(tmp_path / "home")})
    # RobotService/Log from the module: logger viam.module_logs, tagged with the module name.
    server.wait_for_line(r"viam\.module_logs .*thermo t1 created with temp=1\.5.*module_name=acme", timeout_s=20)
    line = server.wait_for_line(r"module ready .*module_name=stubborn", timeout_s=20)
    assert "viam.module" in line
    for name in ("acme", "stubborn"):
        assert server.wait_for_line(rf"starting module process .*module_name={name}")
    pids = _children(server.proc.pid)
    assert len(pids) >= 2, f"expected module children of the server, found {pids}"

    started = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    code = server.proc.wait(20)
    elapsed = time.monotonic() - started
    assert code == 0, "\n".join(server.lines[-30:])
    assert elapsed < 8, f"shutdown took {elapsed:.1f}s"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.05)
    assert all(_gone(p) for p in pids), "module processes outlived the server"
    assert any(re.search(r"module did not exit after SIGTERM; killing it .*module_name=stubborn", line)
               for line in server.lines)


def test_module_stderr_is_logged_as_error_with_the_module_name(viam_server, shell_module, tmp_path):
    noisy = shell_module("noisy", 'echo "out line"\necho "err line" >&2\necho "args: $*"\n'
                                  'echo "env: name=$VIAM_MODULE_NAME root=$VIAM_MODULE_ROOT cwd=$(pwd)"\nexit 1\n')
    server = viam_server({"modules": [{"name": "noisy", "executable_path": noisy}]},
                         env={**FAST_ENV, "VIAM_MODULE_RESTART_MIN": "5", "VIAM_MODULE_STARTUP_TIMEOUT": "5"})
    out = server.wait_for_line(r"out line", timeout_s=20)
    err = server.wait_for_line(r"err line", timeout_s=20)
    assert " INFO viam.module out line" in out and "module_name=noisy" in out and "stream=stdout" in out
    assert " ERROR viam.module err line" in err and "module_name=noisy" in err and "stream=stderr" in err
    args = server.wait_for_line(r"args: ", timeout_s=5)
    assert re.search(r"args: /\S+/noisy\.sock --log-level=info ", args), args
    env = server.wait_for_line(r"env: ", timeout_s=5)
    assert f"name=noisy root={tmp_path} cwd={tmp_path} " in env, env


def test_modules_exit_when_the_server_is_killed(viam_server, our_module, tmp_path):
    server = viam_server({"modules": [{"name": "acme", "executable_path": our_module("thermo.py")}]},
                         env={**FAST_ENV, "VIAM_HOME": str(tmp_path / "home")})
    server.wait_for_line(r"module ready .*module_name=acme", timeout_s=20)
    children = [p for p in _children(server.proc.pid)]
    assert children
    os.kill(server.proc.pid, signal.SIGKILL)  # the server only: no chance to stop its modules
    server.proc.wait(10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(_gone(p) for p in children):
        time.sleep(0.05)
    assert all(_gone(p) for p in children), "modules outlived a killed server"


def _children(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
    return found
