"""Fixtures shared by the whole suite (the ``viam.testing.plugin`` fixtures are loaded too)."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from viam.client import RobotClient
from viam.client.robot import DialOptions
from viam.config.loader import parse_config
from viam.robot.machine import Machine

REPO = Path(__file__).resolve().parent.parent
SDK_SCRIPTS = Path(__file__).resolve().parent / "sdk_scripts"


@pytest.fixture(autouse=True)
def _own_viam_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own VIAM_HOME: none touches ~/.viam, and servers of tests run in
    parallel never share one (a second server on a home refuses to start)."""
    monkeypatch.setenv("VIAM_HOME", str(tmp_path / "viam-home"))


@pytest.fixture
async def start_machine() -> AsyncIterator[Callable[[dict[str, Any]], Awaitable[Machine]]]:
    """Start in-process machines on 127.0.0.1:<ephemeral>; closed at teardown."""
    machines: list[Machine] = []

    async def start(config: dict[str, Any], **kwargs: Any) -> Machine:
        config = {**config, "network": {"bind_address": "127.0.0.1:0", **config.get("network", {})}}
        machine = Machine(parse_config(config, "test-config.json"), **kwargs)
        machines.append(machine)
        await machine.start()
        await machine.wait_running(30)
        return machine

    yield start
    for machine in machines:
        await machine.close(grace_s=0.1)


@pytest.fixture
async def connect() -> AsyncIterator[Callable[[Machine | str], Awaitable[RobotClient]]]:
    """Connect our RobotClient to a machine (or an address); closed at teardown."""
    clients: list[RobotClient] = []

    async def dial(target: Machine | str) -> RobotClient:
        address = target if isinstance(target, str) else f"127.0.0.1:{target.port}"
        client = await RobotClient.at_address(address, DialOptions(refresh_interval_s=0))
        clients.append(client)
        return client

    yield dial
    for client in clients:
        await client.close()


def run_sdk_script(python: Path, script: str, address: str, *args: str, timeout_s: float = 60) -> str:
    """Run ``tests/sdk_scripts/<script>`` under the official SDK; fail with its output on error."""
    proc = subprocess.run([str(python), str(SDK_SCRIPTS / script), address, *args], capture_output=True,
                          text=True, timeout=timeout_s)
    if proc.returncode != 0:
        pytest.fail(f"{script} failed (exit {proc.returncode}):\nSTDOUT:\n{proc.stdout}\nSTDERR:\n{proc.stderr}")
    return proc.stdout
