"""The agent under a real sd_notify socket (a datagram socket that records what it receives)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.agent.helpers import AgentRoot, wait_for


class NotifySocket:
    def __init__(self, address: str) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + address[1:] if address.startswith("@") else address)
        self.sock.settimeout(0.1)
        self.messages: list[tuple[float, str]] = []
        self._stop = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self._stop:
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            now = time.monotonic()
            self.messages.extend((now, line) for line in data.decode().splitlines())

    def lines(self, prefix: str, since: float = 0.0) -> list[str]:
        return [line for t, line in list(self.messages) if line.startswith(prefix) and t >= since]

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.mark.parametrize("abstract", [False, True])
def test_ready_status_watchdog_stopping(agent_root: AgentRoot, tmp_path: Path, abstract: bool) -> None:
    address = f"@viam-agent-test-{uuid.uuid4().hex}" if abstract else str(tmp_path / "notify.sock")
    notify = NotifySocket(address)
    try:
        agent_root.install("1.0.0")
        # WATCHDOG_USEC as systemd sets it for WatchdogSec=0.6s: the agent pings every 0.3 s.
        agent_root.defaults_path.write_text(agent_root.defaults_path.read_text().replace(
            '"watchdog_interval_s": 0.2', '"watchdog_interval_s": 0'))
        agent = agent_root.start(env={"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "600000"})
        wait_for(lambda: notify.lines("READY=1"), what="READY=1")
        ready_at = next(t for t, line in notify.messages if line == "READY=1")
        agent_root.wait_version("1.0.0")
        wait_for(lambda: len(notify.lines("WATCHDOG=1")) >= 4, what="watchdog pings")
        assert any("running" in s for s in notify.lines("STATUS=")), notify.messages
        assert f"MAINPID={agent.pid}" in notify.lines("MAINPID=")
        first_ping = next(t for t, line in notify.messages if line == "WATCHDOG=1")
        assert first_ping >= ready_at
        agent_root.stop(agent)
        assert notify.lines("STOPPING=1")
    finally:
        notify.close()


def test_watchdog_keeps_pinging_while_viam_server_crash_loops(agent_root: AgentRoot, tmp_path: Path) -> None:
    """systemd's watchdog is for the agent's own loop: a crash-looping server is reported, not punished by
    a restart of the whole agent (and of the hotspot a user may need to fix the machine)."""
    notify = NotifySocket(str(tmp_path / "notify.sock"))
    try:
        agent_root.install("1.0.0", mode="crash")  # never answers: a crash loop
        agent = agent_root.start(env={"NOTIFY_SOCKET": notify.address})
        wait_for(lambda: notify.lines("READY=1"), what="READY=1")
        wait_for(lambda: any("crash-loop" in s for s in notify.lines("STATUS=")), what="STATUS to say crash-loop")
        wait_for(lambda: "unhealthy: viam-server" in agent_root.log(), what="the agent to log the unhealthy server")
        looping = time.monotonic()
        wait_for(lambda: len(notify.lines("WATCHDOG=1", since=looping)) >= 3, what="pings during the crash loop")
        assert agent.poll() is None
        status = subprocess.run([sys.executable, "-m", "viam.agent.cli", "status", "--json",
                                 "--root", str(agent_root.root)], capture_output=True, text=True, timeout=60)
        assert json.loads(status.stdout)["healthy"] is False, "status never says healthy during a crash loop"
    finally:
        notify.close()
