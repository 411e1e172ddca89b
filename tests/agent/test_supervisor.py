"""The supervisor with real child processes: restart, backoff, stop, no orphans, lock, status."""

from __future__ import annotations

import os
import re
import signal
import time

from tests.agent.helpers import AgentRoot, processes_mentioning, wait_for


def test_server_killed_is_restarted_and_answering(agent_root: AgentRoot) -> None:
    agent_root.install("1.0.0")
    agent_root.start()
    first = agent_root.wait_version("1.0.0")
    os.kill(first, signal.SIGKILL)
    second = agent_root.wait_version("1.0.0")
    assert second != first
    assert "viam-server exited with code -9" in agent_root.log()
    # Restarted at once: the delay the agent chose, not the wall clock (a loaded machine takes
    # its time to start the new process). First backoff step, or the second if it ran < 1.5 s.
    delay = float(re.search(r"exited with code -9 after [0-9.]+s; restarting in ([0-9.]+)s", agent_root.log())[1])
    assert delay <= 0.2, delay


def test_crash_loop_backoff_grows_and_is_capped(agent_root: AgentRoot) -> None:
    # Every crash must count as quick however long a loaded machine takes to start the process
    # (a run over stable_after_s would reset the backoff and read as a wrong sequence).
    agent_root.update_defaults("supervisor", stable_after_s=600)
    agent_root.install("1.0.0", mode="crash")
    agent_root.start()
    pattern = re.compile(r"(?:restarting|retrying) in ([0-9.]+)s")
    delays = wait_for(lambda: (d := [float(x) for x in pattern.findall(agent_root.log())]) and len(d) >= 6 and d,
                      timeout_s=90, what="six restarts")
    assert delays[:5] == [0.1, 0.2, 0.4, 0.8, 0.8], delays
    assert max(delays) == 0.8
    assert "crash-looping" in agent_root.log()
    assert agent_root.answering() is None


def test_sigterm_stops_server_and_leaves_no_orphans(agent_root: AgentRoot) -> None:
    artifact = agent_root.artifact("1.0.0", mode="tree")
    agent_root.cli("install", str(artifact), "--version", "1.0.0", check=True)
    agent = agent_root.start()
    server = agent_root.wait_version("1.0.0")
    marker = str(agent_root.root)
    # The server's children: one in its process group, one that escaped with setsid().
    wait_for(lambda: len(processes_mentioning(marker)) >= 4, what="server children")
    assert agent_root.stop(agent) == 0
    assert processes_mentioning(marker) == [], "processes left after the agent stopped"
    assert not os.path.exists(f"/proc/{server}/stat") or "Z" in open(f"/proc/{server}/stat").read().split()[2]
    assert agent_root.answering() is None


def test_server_ignoring_sigterm_is_killed_after_grace(agent_root: AgentRoot) -> None:
    agent_root.install("1.0.0", mode="ignore-term")
    agent = agent_root.start()
    agent_root.wait_version("1.0.0")
    began = time.monotonic()
    assert agent_root.stop(agent) == 0
    took = time.monotonic() - began
    # stop_grace_s is 1.5 in the test defaults: never sooner; the upper bound only catches a
    # stop that waits for far longer than the grace (generous for a loaded machine).
    assert 1.4 <= took < 30.0, took
    assert "did not stop within 1.5s" in agent_root.log()
    assert processes_mentioning(str(agent_root.root)) == []


def test_agent_killed_leaves_no_server_and_next_agent_starts_cleanly(agent_root: AgentRoot) -> None:
    agent_root.install("1.0.0")
    agent = agent_root.start()
    old = agent_root.wait_version("1.0.0")
    agent.kill()
    agent.wait(5)
    wait_for(lambda: not os.path.exists(f"/proc/{old}"), what="server to follow the agent")
    agent_root.start()
    assert agent_root.wait_version("1.0.0") != old


def test_single_instance_lock_and_stale_pid(agent_root: AgentRoot) -> None:
    agent_root.install("1.0.0")
    lock = agent_root.root / "opt" / "viam" / "viam-agent.pid"
    lock.write_text("999999\n")  # stale: no such process
    first = agent_root.start()
    agent_root.wait_version("1.0.0")
    assert "taking over stale lock" in agent_root.log()
    second = agent_root.start()
    assert second.wait(15) == 1
    assert f"already running (pid {first.pid}" in agent_root.log(-1)


def test_status_command(agent_root: AgentRoot) -> None:
    agent_root.install("1.0.0")
    result = agent_root.cli("status")
    assert result.returncode == 3 and "not running" in result.stdout and "1.0.0" in result.stdout
    agent = agent_root.start()
    agent_root.wait_version("1.0.0")

    def running_status() -> str | None:
        out = agent_root.cli("status").stdout
        return out if "state=running" in out else None

    out = wait_for(running_status, what="status showing the server running")
    assert f"running (pid {agent.pid})" in out
    assert "version=1.0.0" in out
    agent_root.stop(agent)
    assert agent_root.cli("status").returncode == 3
