"""Agent logs and journald entries reach the app (``RobotService/Log`` of a real viam-app-lite).

journalctl is the boundary: a fake ``journalctl`` on the agent's PATH follows a file of JSON
entries as ``journalctl -f -o json`` follows the journal.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

from tests.agent import test_app_restart
from tests.agent.helpers import AgentRoot, processes_mentioning, wait_for
from tests.agent.test_app_restart import PART, cloud_section, publish_agent_config, publish_machine
from viam.cloud.lite.server import LiteApp

lite = test_app_restart.lite  # the in-process viam-app-lite fixture
FAKE_JOURNALCTL = '''#!{python}
import os, sys, time
assert sys.argv[1:] == ["-f", "-o", "json"], sys.argv
open(os.environ["FAKE_JOURNAL_PID"], "w").write(str(os.getpid()))
path, pos = os.environ["FAKE_JOURNAL"], 0
while True:
    data = open(path).read() if os.path.exists(path) else ""
    if len(data) > pos:
        sys.stdout.write(data[pos:])
        sys.stdout.flush()
        pos = len(data)
    time.sleep(0.05)
'''


def journal_line(ident: str, message: str, priority: str = "6", pid: str = "42") -> str:
    return json.dumps({"MESSAGE": message, "PRIORITY": priority, "SYSLOG_IDENTIFIER": ident, "_PID": pid,
                       "__REALTIME_TIMESTAMP": "1764650000000000"}) + "\n"


def fake_journal(root: AgentRoot) -> dict[str, str]:
    fakebin = root.root / "fakebin"
    fakebin.mkdir()
    exe = fakebin / "journalctl"
    exe.write_text(FAKE_JOURNALCTL.format(python=sys.executable))
    exe.chmod(0o755)
    return {"PATH": f"{fakebin}{os.pathsep}{os.environ.get('PATH', '')}",
            "FAKE_JOURNAL": str(root.root / "journal.jsonl"), "FAKE_JOURNAL_PID": str(root.root / "journalctl.pid")}


def messages(app: LiteApp) -> list[str]:
    return [entry.get("message", "") for entry in app.logs(PART)]


async def until(predicate, what: str, root: AgentRoot, timeout_s: float = 30.0) -> None:
    try:
        await asyncio.to_thread(wait_for, predicate, timeout_s, what)
    except AssertionError as exc:
        log = "\n".join(line for line in root.all_logs().splitlines() if "cygrpc" not in line)
        raise AssertionError(f"{exc}; agent log:\n{log[-5000:]}") from None


async def test_agent_logs_reach_the_app_and_survive_an_outage(agent_root: AgentRoot, lite: LiteApp) -> None:
    agent_root.install("1.0.0")
    publish_machine(lite, {})
    agent_root.write_config({"cloud": cloud_section(lite)})
    defaults = json.loads(agent_root.defaults_path.read_text().split("\n", 1)[1])
    defaults["log_upload"] = {"retry_s": 0.3}
    agent_root.defaults_path.write_text(json.dumps(defaults))
    agent_root.start()
    await until(lambda: any("ready under" in m for m in messages(lite)), "agent's start-up line at the app",
                agent_root)
    ready = next(e for e in lite.logs(PART) if "ready under" in e.get("message", ""))
    assert ready["level"] == "info" and ready["logger_name"] == "viam-agent.agent"
    assert ready["host"] == socket.gethostname() and ready["time"].startswith("20")
    await asyncio.to_thread(agent_root.wait_version, "1.0.0", 30.0)

    lite.logs_available = False  # the app's log service goes away
    calls = lite.calls["Log"]
    [server] = processes_mentioning(str(agent_root.bin))
    os.kill(server, signal.SIGKILL)  # something worth a log line happens during the outage
    await until(lambda: "exited with code -9" in agent_root.log(), "the agent noticing the kill", agent_root)
    await until(lambda: lite.calls["Log"] >= calls + 3, "retries during the outage", agent_root)
    assert not any("exited with code -9" in m for m in messages(lite))
    lite.logs_available = True
    await until(lambda: any("exited with code -9" in m for m in messages(lite)), "the outage's lines", agent_root)
    await until(lambda: "log upload resumed" in agent_root.log(), "the agent noting the recovery", agent_root)
    assert "log upload failed" in agent_root.log()


async def test_journald_forwarding_filters_bounds_and_follows_the_setting(agent_root: AgentRoot,
                                                                          lite: LiteApp) -> None:
    env = fake_journal(agent_root)
    journal = Path(env["FAKE_JOURNAL"])
    append(journal, [journal_line("sshd", "Accepted publickey for pi"), journal_line("NetworkManager", "dhcp4"),
                     journal_line("viam-agent", "our own line"), journal_line("kernel", "oops", priority="3", pid="")])
    agent_root.install("1.0.0")
    publish_machine(lite, {})
    publish_agent_config(lite, {"check_interval": "1s",
                                "system_configuration": {"forward_system_logs": "all,-NetworkManager"}})
    agent_root.write_config({"cloud": cloud_section(lite)})
    defaults = json.loads(agent_root.defaults_path.read_text().split("\n", 1)[1])
    defaults["log_upload"] = {"retry_s": 0.3, "max_queue": 40}
    agent_root.defaults_path.write_text(json.dumps(defaults))
    agent_root.start("--enable-syscfg", env=env)
    await until(lambda: {"Accepted publickey for pi", "oops"} <= set(messages(lite)), "forwarded entries",
                agent_root)
    by_message = {e["message"]: e for e in lite.logs(PART)}
    assert by_message["Accepted publickey for pi"]["logger_name"] == "sshd[42]"
    assert by_message["Accepted publickey for pi"]["level"] == "info"
    assert by_message["oops"]["logger_name"] == "kernel" and by_message["oops"]["level"] == "error"
    assert by_message["oops"]["time"].startswith("2025-12-02")
    assert "dhcp4" not in by_message and "our own line" not in by_message

    # An outage longer than the bound: the newest entries are kept, the loss is said.
    lite.logs_available = False
    append(journal, [journal_line("sshd", f"flood {i}") for i in range(120)])
    await until(lambda: "flood 119" in agent_root.cli("status", "--json").stdout or _forwarded(agent_root) >= 122,
                "flood read", agent_root)
    lite.logs_available = True
    await until(lambda: "flood 119" in messages(lite), "newest entry after the outage", agent_root)
    floods = [m for m in messages(lite) if m.startswith("flood ")]
    assert "flood 0" not in floods and len(floods) <= 40
    assert any("log entries were dropped while the app was unreachable" in m for m in messages(lite))

    # Forwarding off, live: journalctl is stopped.
    pid = read_pid(Path(env["FAKE_JOURNAL_PID"]))
    publish_agent_config(lite, {"check_interval": "1s", "system_configuration": {"forward_system_logs": ""}})
    await until(lambda: "stopped system log forwarding" in agent_root.log(), "forwarding stopped", agent_root)
    assert not alive(pid), "journalctl still running"


def append(path: Path, lines: list[str]) -> None:
    with path.open("a") as handle:
        handle.writelines(lines)


def read_pid(path: Path) -> int:
    return int(path.read_text())


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def _forwarded(root: AgentRoot) -> int:
    try:
        status = json.loads((root.root / "opt" / "viam" / "tmp" / "agent-status.json").read_text())
    except (OSError, ValueError):
        return 0
    return int(status.get("log_upload", {}).get("journal_forwarded", 0))
