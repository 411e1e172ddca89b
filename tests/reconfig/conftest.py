"""An in-process machine driven by a real config file, with the real watcher and package step."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest

from viam.config.loader import load_config_file
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.packages import PackageManager
from viam.robot.machine import Machine
from viam.robot.reconfigure import Reconfigurer


@dataclass
class LiveMachine:
    machine: Machine
    reconfigurer: Reconfigurer
    path: Path
    channel: grpc.aio.Channel

    def write(self, config: dict[str, Any]) -> None:
        """Save in place (truncate + write), as most editors and ``echo >`` do."""
        config = {**config, "network": {"bind_address": "127.0.0.1:0"}}
        self.path.write_text(json.dumps(config, indent=1))

    def write_atomic(self, config: dict[str, Any]) -> None:
        """Save by temp file + rename, as vim, VS Code and config managers do."""
        config = {**config, "network": {"bind_address": "127.0.0.1:0"}}
        tmp = self.path.with_name(".config.json.swp")
        tmp.write_text(json.dumps(config, indent=1))
        os.replace(tmp, self.path)

    async def save_and_wait(self, config: dict[str, Any], *, atomic: bool = False, timeout_s: float = 10) -> None:
        before = self.reconfigurer.applied
        (self.write_atomic if atomic else self.write)(config)
        await self.reconfigurer.wait_applied(before + 1, timeout_s)

    async def status(self) -> robot_pb2.GetMachineStatusResponse:
        stub = robot_pb2_grpc.RobotServiceStub(self.channel)
        return await stub.GetMachineStatus(robot_pb2.GetMachineStatusRequest(), timeout=5)


def motor(name: str, **attributes: Any) -> dict[str, Any]:
    return {"name": name, "api": "rdk:component:motor", "model": "rdk:builtin:fake", "attributes": attributes}


@pytest.fixture
async def live_machine(tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[LiveMachine]]]:
    started: list[LiveMachine] = []

    async def start(config: dict[str, Any], **kwargs: Any) -> LiveMachine:
        path = tmp_path / "config.json"
        path.write_text(json.dumps({**config, "network": {"bind_address": "127.0.0.1:0"}}, indent=1))
        machine = Machine(load_config_file(path))
        packages = PackageManager(tmp_path / "viam-home", environ={"HOME_DIR": str(tmp_path)})
        reconfigurer = Reconfigurer(machine, path, packages=packages, **kwargs)
        await machine.start()
        await reconfigurer.start()
        await machine.wait_running(30)
        live = LiveMachine(machine, reconfigurer, path, grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}"))
        started.append(live)
        return live

    yield start
    for live in started:
        await live.channel.close()
        await live.reconfigurer.close()
        await live.machine.close(grace_s=0.1)
