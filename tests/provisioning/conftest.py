"""Fixtures: a private NetworkManager mock per test and a factory for the networking subsystem."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import grpc
import pytest

from provisioning.state import State
from provisioning.subsystem import NetworkingSubsystem
from viam.gen.provisioning.v1 import provisioning_pb2_grpc as pb_grpc
from viam.testing.ports import free_port  # noqa: F401 - re-exported to the tests

from .nmmock import NMMock, require_tools

HOSTNAME = "testpi"
HOTSPOT_SSID = f"viam-setup-{HOSTNAME}"




async def wait_until(predicate: Callable[[], Any], timeout_s: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.05)


def write_machine_credentials(root: Path) -> None:
    path = root / "etc/viam.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cloud": {"id": "part-1", "secret": "s3cret", "app_address": "https://x:443"}}))


@pytest.fixture
async def nm_mock(tmp_path: Path) -> AsyncIterator[NMMock]:
    require_tools()
    directory = tmp_path / "dbus"
    directory.mkdir()
    mock = NMMock(directory)
    try:
        await mock.start()
        yield mock
    finally:
        await mock.stop()


class Harness:
    """Builds, starts and always stops ``NetworkingSubsystem`` instances for one test."""

    def __init__(self, root: Path, mock: NMMock) -> None:
        self.root = root
        self.mock = mock
        self.credential_calls = 0
        self.reboots = 0
        self.subsystems: list[NetworkingSubsystem] = []

    def defaults(self, **overrides: Any) -> dict[str, Any]:
        conf: dict[str, Any] = {
            "bind_address": "127.0.0.1",
            "portal_port": 0,
            "grpc_port": 0,
            "dns_port": free_port(),
            "poll_interval_seconds": 0.05,
            "scan_interval_seconds": 0.3,
            "connect_timeout_seconds": 3,
            "offline_before_starting_hotspot_minutes": 0.01,
            "user_idle_minutes": 0,
            "retry_connection_timeout_minutes": 60,
        }
        extra = overrides.pop("additional_networks", None)
        conf.update(overrides)
        out: dict[str, Any] = {"network_configuration": conf}
        if extra is not None:
            out["additional_networks"] = extra
        return out

    async def start(self, restart_bluetooth: Any = None, **overrides: Any) -> NetworkingSubsystem:
        async def on_credentials() -> None:
            self.credential_calls += 1

        async def reboot() -> None:
            self.reboots += 1

        sub = NetworkingSubsystem(
            self.root,
            self.defaults(**overrides),
            on_credentials,
            bus_address=self.mock.address,
            hostname=HOSTNAME,
            reboot=reboot,
            agent_version="9.9.9-test",
            restart_bluetooth=restart_bluetooth,
        )
        self.subsystems.append(sub)
        await sub.start()
        return sub

    async def close(self) -> None:
        for sub in self.subsystems:
            await sub.stop()


@pytest.fixture
async def harness(tmp_path: Path, nm_mock: NMMock) -> AsyncIterator[Harness]:
    root = tmp_path / "root"
    root.mkdir()
    h = Harness(root, nm_mock)
    try:
        yield h
    finally:
        await h.close()


async def wait_state(sub: NetworkingSubsystem, state: State, timeout_s: float = 10.0) -> None:
    """Wait for ``state``; for HOTSPOT also for the hotspot, the portal and the API to be up."""

    def reached() -> bool:
        if sub.provisioner.state is not state:
            return False
        if state is not State.HOTSPOT:
            return True
        return bool(sub.api.port and sub.portal.port and sub.status()["hotspot_active"])

    await wait_until(reached, timeout_s, f"state {state.value} (now {sub.status()})")


def grpc_stub(sub: NetworkingSubsystem) -> tuple[grpc.aio.Channel, pb_grpc.ProvisioningServiceStub]:
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{sub.api.port}")
    return channel, pb_grpc.ProvisioningServiceStub(channel)
