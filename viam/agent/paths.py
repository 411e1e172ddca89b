"""Every path the agent touches, under one root so tests run against a temp dir."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AgentPaths:
    """File layout under ``root`` (``/`` on a machine)."""

    root: Path
    # The reference agent's --config, --defaults and --viam-dir: absolute paths that replace the
    # ones under ``root`` (None keeps the layout under root).
    machine_config_file: Path | None = None
    defaults_config_file: Path | None = None
    viam_dir_override: Path | None = None

    @classmethod
    def under(cls, root: str | os.PathLike[str], *, machine_config: str | None = None, defaults: str | None = None,
              viam_dir: str | None = None) -> AgentPaths:
        def resolved(path: str | None) -> Path | None:
            return Path(path).resolve() if path else None

        return cls(Path(root).resolve(), resolved(machine_config), resolved(defaults), resolved(viam_dir))

    @property
    def machine_config(self) -> Path:
        return self.machine_config_file or self.root / "etc" / "viam.json"

    @property
    def defaults_config(self) -> Path:
        return self.defaults_config_file or self.root / "etc" / "viam-defaults.json"

    @property
    def viam_dir(self) -> Path:
        return self.viam_dir_override or self.root / "opt" / "viam"

    @property
    def bin_dir(self) -> Path:
        return self.viam_dir / "bin"

    @property
    def cache_dir(self) -> Path:
        return self.viam_dir / "cache"

    @property
    def tmp_dir(self) -> Path:
        return self.viam_dir / "tmp"

    @property
    def server_link(self) -> Path:
        return self.bin_dir / "viam-server"

    @property
    def agent_link(self) -> Path:
        return self.bin_dir / "viam-agent"

    @property
    def lock_file(self) -> Path:
        return self.viam_dir / "viam-agent.pid"

    @property
    def state_file(self) -> Path:
        """Installed versions, pending trial, bad versions (written atomically)."""
        return self.viam_dir / "agent-state.json"

    @property
    def status_file(self) -> Path:
        """Last status snapshot, read by ``viam-agent status``."""
        return self.tmp_dir / "agent-status.json"

    @property
    def server_pid_file(self) -> Path:
        """PID of the running viam-server, so a restarted agent can clean up after a crash."""
        return self.tmp_dir / "viam-server.pid"

    @property
    def cloud_cache(self) -> Path:
        return self.cache_dir / "cloud-agent-config.json"

    def ensure(self) -> None:
        for directory in (self.bin_dir, self.cache_dir, self.tmp_dir):
            directory.mkdir(parents=True, exist_ok=True)

    def under_root(self, absolute: str) -> Path:
        """Map an absolute system path (``/etc/systemd/...``) under the root."""
        return self.root / absolute.lstrip("/")
