"""The agent hosts networking through the Subsystem protocol, and survives without it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.agent.helpers import AgentRoot, wait_for
from viam.agent.subsystem import Subsystem
from viam.agent.supervisor import ServerSupervisor
from viam.agent.syscfg import SyscfgSubsystem

STAND_IN = '''
import asyncio, json
from pathlib import Path

class NetworkingSubsystem:
    name = "networking"

    def __init__(self, root, defaults, on_credentials):
        self.root = Path(root)
        self.defaults = defaults
        self.on_credentials = on_credentials
        self.task = None

    async def start(self):
        (self.root / "networking-started.json").write_text(json.dumps(
            {"root": str(self.root), "hotspot": self.defaults.get("network_configuration", {})}))
        self.task = asyncio.ensure_future(self._provision())

    async def _provision(self):
        await asyncio.sleep(0.5)
        await self.on_credentials()

    async def stop(self):
        self.task.cancel()
        (self.root / "networking-stopped").touch()

    def healthy(self):
        return True

    def status(self):
        return {"mode": "stand-in"}
'''


def test_builtin_subsystems_implement_protocol() -> None:
    from viam.agent.paths import AgentPaths
    from viam.agent.supervisor import SupervisorSettings

    paths = AgentPaths.under("/nonexistent")
    assert isinstance(ServerSupervisor(paths, SupervisorSettings()), Subsystem)
    assert isinstance(SyscfgSubsystem(paths, dict), Subsystem)


def test_networking_subsystem_hosted(agent_root: AgentRoot, tmp_path: Path) -> None:
    package = tmp_path / "pkgs" / "provisioning"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "subsystem.py").write_text(STAND_IN)
    agent_root.defaults_path.write_text(agent_root.defaults_path.read_text().rstrip()[:-1]
                                        + ', "network_configuration": {"hotspot_prefix": "acme"}}')
    agent_root.install("1.0.0")
    agent = agent_root.start("--enable-networking", env={"PYTHONPATH_FIRST": str(tmp_path / "pkgs")})
    agent_root.wait_version("1.0.0")
    started = json.loads((agent_root.root / "networking-started.json").read_text())
    assert started == {"root": str(agent_root.root), "hotspot": {"hotspot_prefix": "acme"}}
    # on_credentials() restarts viam-server (it may come before the first run answered: count starts).
    wait_for(lambda: agent_root.log().count("started viam-server 1.0.0") >= 2 and agent_root.answering(),
             what="server restart after credentials")
    assert "machine credentials changed" in agent_root.log()
    status = wait_for(lambda: "networking: mode=stand-in" in (out := agent_root.cli("status").stdout) and out,
                      what="networking in status")
    assert "viam-server: state=" in status
    agent_root.stop(agent)
    assert (agent_root.root / "networking-stopped").exists()


def test_missing_networking_is_logged_and_agent_continues(agent_root: AgentRoot, tmp_path: Path) -> None:
    package = tmp_path / "pkgs" / "provisioning"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "subsystem.py").write_text('raise ImportError("dbus_fast is not installed")\n')
    agent_root.install("1.0.0")
    agent_root.start("--enable-networking", env={"PYTHONPATH_FIRST": str(tmp_path / "pkgs")})
    agent_root.wait_version("1.0.0")
    expected = "networking subsystem unavailable, continuing without it: ImportError: dbus_fast is not installed"
    assert expected in agent_root.log(), agent_root.log()
