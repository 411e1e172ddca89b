"""The agent supervising the real viam-server (as the zipapp artifact it installs), driven by a client."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

from tests.agent.helpers import processes_mentioning
from viam.agent.artifact import build_zipapp
from viam.client import DialOptions, RobotClient
from viam.components.motor import Motor


async def drive_motor(port: int, timeout_s: float = 120.0) -> None:
    """Connect (retrying until the server answers) and check the fake motor really moves."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            robot = await RobotClient.at_address(f"127.0.0.1:{port}",
                                                 DialOptions(refresh_interval_s=0, connect_timeout_s=2))
            try:
                if any(n.name == "motor1" for n in robot.resource_names):
                    motor = Motor.from_robot(robot, "motor1")
                    await motor.set_power(0.5)
                    assert await motor.is_moving()
                    await motor.stop()
                    return
            finally:
                await robot.close()
        except Exception:  # noqa: BLE001 - not up yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError("viam-server under the agent never served motor1")
        await asyncio.sleep(0.2)


async def test_agent_runs_restarts_and_stops_the_real_server(agent_root, tmp_path):
    artifact = build_zipapp(tmp_path / "viam-server-1.0.0", version="1.0.0", entry="viam.cli.server:main",
                            interpreter=sys.executable)
    agent_root.cli("install", str(artifact), "--version", "1.0.0", check=True)
    agent_root.write_config({"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "fake"}]})
    agent_root.allow_slow_start()
    agent = agent_root.start()
    await drive_motor(agent_root.port)

    bin_dir = str(agent_root.bin)
    servers = processes_mentioning(bin_dir)
    assert len(servers) == 1, servers
    os.kill(servers[0], signal.SIGKILL)
    await drive_motor(agent_root.port)  # restarted by the agent, serving again
    assert processes_mentioning(bin_dir) != servers

    assert agent_root.stop(agent) == 0
    assert processes_mentioning(bin_dir) == []
