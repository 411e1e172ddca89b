"""The app's Restart button, the maintenance window and live settings, through the agent.

Real viam-server (the zipapp the agent installs) or the stand-in, real ``viam-app-lite`` (in this
process, so the test can press Restart and count calls) as the cloud.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.agent.helpers import AgentRoot, processes_mentioning, sha256, wait_for
from tests.agent.test_real_server import drive_motor
from viam.agent.artifact import build_zipapp
from viam.agent.supervisor import fetch_restart_status
from viam.cloud.lite.server import LiteApp

PART, SECRET = "part-1", "s3cret"


@pytest.fixture
async def lite(tmp_path: Path) -> AsyncIterator[LiteApp]:
    app = LiteApp(tmp_path / "app", restart_check_interval_s=1.0)
    await app.start()
    yield app
    await app.close()


def cloud_section(app: LiteApp) -> dict:
    return {"id": PART, "secret": SECRET, "app_address": f"http://127.0.0.1:{app.grpc_port}",
            "refresh_interval": "1s"}


def publish_machine(app: LiteApp, config: dict) -> None:
    path = app.store.root / "machines" / f"{PART}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**config, "cloud": {"id": PART, "secret": SECRET}}))


def publish_agent_config(app: LiteApp, response: dict) -> None:
    path = app.store.root / "agent" / f"{PART}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(response))
    tmp.replace(path)


async def wait_log(root: AgentRoot, text: str, timeout_s: float = 30.0) -> None:
    try:
        await asyncio.to_thread(wait_for, lambda: text in root.log(), timeout_s, repr(text))
    except AssertionError as exc:
        raise AssertionError(f"{exc}; agent log:\n{root.all_logs()[-5000:]}") from None


async def drive(root: AgentRoot) -> None:
    try:
        await drive_motor(root.port, timeout_s=60)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; agent log:\n{root.all_logs()[-6000:]}") from None


def server_extra(root: AgentRoot) -> str | None:
    """STANDIN_EXTRA as the running stand-in sees it (None while nothing answers)."""
    try:
        return fetch_restart_status("127.0.0.1", root.port, 2.0)["extra"]
    except OSError:
        return None


def server_pids(root: AgentRoot) -> list[int]:
    return processes_mentioning(str(root.bin))


async def test_app_restart_reaches_the_real_server_through_the_agent(agent_root: AgentRoot, lite: LiteApp,
                                                                     tmp_path: Path) -> None:
    artifact = build_zipapp(tmp_path / "viam-server-1.0.0", version="1.0.0", entry="viam.cli.server:main",
                            interpreter=sys.executable)
    agent_root.cli("install", str(artifact), "--version", "1.0.0", check=True)
    motor = {"name": "motor1", "api": "rdk:component:motor", "model": "fake"}
    publish_machine(lite, {"components": [motor]})
    agent_root.write_config({"cloud": cloud_section(lite)})
    agent_root.allow_slow_start()
    agent_root.start()
    await drive(agent_root)
    # The agent set the variable, the server left the check to it, and the agent asks the app.
    await asyncio.to_thread(wait_for, lambda: "viam-agent checks NeedsRestart for this server" in agent_root.log(),
                            30.0, "server deferring NeedsRestart to the agent")
    status = fetch_restart_status("127.0.0.1", agent_root.port)
    assert status["does_not_handle_needs_restart"] is True and status["restart_allowed"] is True
    before = lite.calls["NeedsRestart"]
    await asyncio.to_thread(wait_for, lambda: lite.calls["NeedsRestart"] >= before + 2, 30.0, "agent polling")
    [pid] = server_pids(agent_root)

    lite.request_restart(PART)  # the Restart button
    await asyncio.to_thread(wait_for, lambda: server_pids(agent_root) and server_pids(agent_root) != [pid],
                            60.0, "viam-server restarted")
    assert "a restart of viam-server was requested from the app" in agent_root.log()
    await drive(agent_root)
    assert not (lite.store.root / "restart" / PART).exists()


async def test_update_waits_for_the_maintenance_window(agent_root: AgentRoot, http) -> None:
    agent_root.install("1.0.0")
    gate = agent_root.root / "etc" / "restart-allowed"  # what the stand-in's /restart_status answers
    gate.write_text("false")
    agent_root.start()
    await asyncio.to_thread(agent_root.wait_version, "1.0.0", 30.0)
    artifact = agent_root.artifact("2.0.0")
    manifest = {"viam-server": {"version": "2.0.0", "url": http.url(artifact.name), "sha256": sha256(artifact)}}
    (agent_root.root / "etc" / "viam-update.json").write_text(json.dumps(manifest))
    await wait_log(agent_root, "has NOT allowed a restart")
    assert agent_root.answering()[0] == "1.0.0"
    assert agent_root.linked() == "viam-server-1.0.0"
    gate.write_text("true")  # the maintenance sensor says yes
    await asyncio.to_thread(agent_root.wait_version, "2.0.0", 30.0)


async def test_disable_viam_server_and_env_apply_live(agent_root: AgentRoot, lite: LiteApp) -> None:
    agent_root.install("1.0.0")
    publish_machine(lite, {})
    publish_agent_config(lite, {"check_interval": "1s"})
    agent_root.write_config({"cloud": cloud_section(lite)})
    agent = agent_root.start()
    await asyncio.to_thread(agent_root.wait_version, "1.0.0", 30.0)
    status = fetch_restart_status("127.0.0.1", agent_root.port)
    assert status["env"] == "true" and status["extra"] == ""

    publish_agent_config(lite, {"check_interval": "1s", "advanced_settings": {"disable_viam_server": True}})
    await asyncio.to_thread(wait_for, lambda: agent_root.answering() is None and not server_pids(agent_root),
                            30.0, "viam-server stopped by disable_viam_server")
    assert agent.poll() is None, "the agent itself must keep running"

    publish_agent_config(lite, {"check_interval": "1s", "advanced_settings": {
        "disable_viam_server": False, "viam_server_env": {"STANDIN_EXTRA": "from-app"}}})
    await asyncio.to_thread(agent_root.wait_version, "1.0.0", 30.0)
    await asyncio.to_thread(wait_for, lambda: server_extra(agent_root) == "from-app", 30.0, "viam_server_env applied")

    # A changed environment restarts the server only inside its maintenance window.
    gate = agent_root.root / "etc" / "restart-allowed"
    gate.write_text("false")
    [pid] = server_pids(agent_root)
    publish_agent_config(lite, {"check_interval": "1s", "advanced_settings": {
        "viam_server_env": {"STANDIN_EXTRA": "second"}}})
    await wait_log(agent_root, "will NOT restart it yet")
    assert server_pids(agent_root) == [pid]
    gate.write_text("true")
    await asyncio.to_thread(wait_for, lambda: server_extra(agent_root) == "second", 30.0,
                            "restart with the new environment")
    assert agent_root.stop(agent) == 0
