"""The official TypeScript SDK (@viamrobotics/sdk, in Node, default transport: gRPC-web over fetch)
against the main port: connect, list resources, drive the fake motor (tests/node/drive_motor.mjs).

The SDK is installed from tests/node/package-lock.json by ``make node-deps`` (run by ``make test``).
"""

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from viam.components.motor import Motor

NODE_DIR = Path(__file__).resolve().parent.parent / "node"
CONFIG = {"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "fake"}]}


def _node() -> str:
    node = shutil.which("node")
    missing = "node is not installed" if node is None else ""
    if not missing and not (NODE_DIR / "node_modules" / "@viamrobotics" / "sdk").is_dir():
        missing = "the TS SDK is not installed: run `make node-deps` (npm ci in tests/node)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    return node  # type: ignore[return-value]


async def test_ts_sdk_default_transport_drives_the_fake_motor(start_machine, connect):
    node = _node()
    machine = await start_machine(CONFIG)
    proc = await asyncio.create_subprocess_exec(
        node, "drive_motor.mjs", f"http://localhost:{machine.port}", cwd=NODE_DIR,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    text = out.decode()
    assert proc.returncode == 0, text
    assert "resources motor/motor1" in text, text
    assert "powered true 0.5" in text and "moving true" in text and "stopped moving=false" in text, text
    robot = await connect(machine)
    assert not await Motor.from_robot(robot, "motor1").is_moving()
