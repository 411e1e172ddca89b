"""Fixtures for hardware tests: a real viam-server child running the built-in hardware modules
on mock backends, injected only at the driver boundary (gpiozero mock pins, simulated I2C/SPI
chips from ``VIAM_HW_SIM``, pyserial ``loop://``/ptys, generated video files)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from viam.client import RobotClient
from viam.gen.robot.v1 import robot_pb2
from viam.testing.process import ServerProcess

READY = robot_pb2.ResourceStatus.STATE_READY
UNHEALTHY = robot_pb2.ResourceStatus.STATE_UNHEALTHY


class HwMachine:
    """A started server, our client to it, and helpers to wait on resource states."""

    def __init__(self, server: ServerProcess, client: RobotClient) -> None:
        self.server = server
        self.client = client

    @property
    def address(self) -> str:
        return self.server.address

    async def statuses(self) -> dict[str, Any]:
        status = await self.client.get_machine_status()
        return {r.name.name: r for r in status.resources}

    async def wait_ready(self, *names: str, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            statuses = await self.statuses()
            if all(n in statuses and statuses[n].state == READY for n in names):
                await self.client.refresh()
                return
            if time.monotonic() > deadline:
                detail = {n: (s.state, s.error) for n, s in statuses.items()}
                raise TimeoutError(f"resources {names} not ready: {detail}")
            await asyncio.sleep(0.05)

    async def wait_error(self, name: str, timeout_s: float = 30.0) -> str:
        """The error of resource ``name`` once it is UNHEALTHY."""
        deadline = time.monotonic() + timeout_s
        while True:
            status = (await self.statuses()).get(name)
            if status is not None and status.state == UNHEALTHY and status.error:
                return status.error
            if time.monotonic() > deadline:
                raise TimeoutError(f"resource {name!r} did not fail: {status}")
            await asyncio.sleep(0.05)


def start_server(workdir: Path, components: list[dict[str, Any]], *, sim: dict[str, Any] | None = None,
                 env: dict[str, str] | None = None) -> ServerProcess:
    """A server on mock pins (and simulated chips from ``sim``), for module-scoped fixtures that
    share one server between a file's tests (each test uses its own pins and resources)."""
    full_env = {"GPIOZERO_PIN_FACTORY": "mock", "VIAM_HOME": str(workdir / "viam-home"), **(env or {})}
    if sim is not None:
        (workdir / "hw-sim.json").write_text(json.dumps(sim))
        full_env["VIAM_HW_SIM"] = str(workdir / "hw-sim.json")
    server = ServerProcess({"components": components}, workdir, env=full_env)
    try:
        return server.start(wait_running=False)
    except BaseException:
        server.stop()  # never leave a half-started server (and its modules) behind
        raise


async def client_for(server: ServerProcess, connect: Any) -> HwMachine:
    return HwMachine(server, await connect(server.address))


@pytest.fixture
async def hw_machine(viam_server: Callable[..., ServerProcess], connect: Any, tmp_path: Path,
                     ) -> Callable[..., Awaitable[HwMachine]]:
    """Start a server with ``components`` on mock pins (and simulated chips from ``sim``)."""

    async def start(components: list[dict[str, Any]], *, sim: dict[str, Any] | None = None,
                    env: dict[str, str] | None = None) -> HwMachine:
        full_env = {"GPIOZERO_PIN_FACTORY": "mock", **(env or {})}
        if sim is not None:
            sim_path = tmp_path / "hw-sim.json"
            sim_path.write_text(json.dumps(sim))
            full_env["VIAM_HW_SIM"] = str(sim_path)
        server = await asyncio.to_thread(viam_server, {"components": components}, env=full_env)
        client = await connect(server.address)
        return HwMachine(server, client)

    return start
