"""Apply an update target: download, verify, install, swap, restart, try, commit or roll back.

Order of durable steps (each survives a power cut): artifact verified in the cache -> installed
as ``bin/viam-server-<v>`` -> ``pending`` trial written to agent-state.json -> link swapped ->
trial -> ``current`` committed (or link swapped back and the version marked bad). On start-up
``VersionStore.repair`` finishes whatever step a killed agent left half-done.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from viam.agent import failpoints
from viam.agent.errors import UpdateError
from viam.agent.manifest import UpdateTarget
from viam.agent.paths import AgentPaths
from viam.agent.supervisor import ServerSupervisor
from viam.agent.versions import VersionStore
from viam.download import download
from viam.errors import ChecksumError, DownloadError

LOG = logging.getLogger(__name__)


class Updater:
    """Brings ``viam-server`` (and ``viam-agent``) to the versions the update source names."""

    def __init__(self, paths: AgentPaths, store: VersionStore, supervisor: ServerSupervisor, *,
                 trial_s: float, retry_s: float, restart_into: Callable[[str], None] | None = None) -> None:
        self.paths = paths
        self.restart_into = restart_into  # the agent re-executes itself as this version (its trial)
        self.running_agent = ""  # the version of this agent process
        self.store = store
        self.supervisor = supervisor
        self.trial_s = trial_s
        self.retry_s = retry_s
        self.last_result: dict[str, str] = {}
        self.targets: dict[str, str] = {}
        self._failed: dict[tuple[str, str], float] = {}
        self._gated: set[str] = set()  # versions waiting for viam-server's maintenance window (logged once)
        self._lock = asyncio.Lock()

    def status(self) -> dict[str, Any]:
        return {"targets": dict(self.targets), "last_result": dict(self.last_result)}

    async def apply(self, target: UpdateTarget) -> str:
        """Returns a one-word outcome: current, bad, waiting, failed, updated, rolled-back, installed."""
        async with self._lock:
            outcome = await self._apply(target)
            self.last_result[target.name] = f"{target.version}: {outcome}"
            return outcome

    async def _apply(self, target: UpdateTarget) -> str:
        name, version = target.name, target.version
        self.targets[name] = version
        if self.store.linked_version(name) == version:
            return "current"
        if name == "viam-agent" and self.running_agent == version:
            return "trial"  # this process is that version, in its trial
        if version in self.store.bad_versions(name):
            LOG.debug("%s %s is marked bad (%s); not retrying", name, version, self.store.bad_versions(name)[version])
            return "bad"
        failed_at = self._failed.get((name, version))
        if failed_at is not None and time.monotonic() - failed_at < self.retry_s:
            return "waiting"
        LOG.info("updating %s to %s from %s", name, version, target.source or target.url)
        cached = self.paths.cache_dir / f"{name}-{version}"
        try:
            await asyncio.to_thread(download, target.url, cached, target.sha256,
                                    on_chunk=lambda: failpoints.hit("download-chunk"))
            await asyncio.to_thread(self.store.install, name, version, cached, target.format)
        except (UpdateError, DownloadError, ChecksumError) as exc:
            self._failed[(name, version)] = time.monotonic()
            LOG.error("update of %s to %s failed, keeping %s: %s", name, version,
                      self.store.linked_version(name) or "nothing", exc)
            return "failed"
        self._failed.pop((name, version), None)
        previous = self.store.linked_version(name)
        if name == "viam-server" and not await self.supervisor.restart_allowed():
            if version not in self._gated:
                LOG.warning("viam-server has NOT allowed a restart (maintenance window closed); %s waits, "
                            "installed", version)
                self._gated.add(version)
            return "waiting"
        self._gated.discard(version)
        if name == "viam-agent" and self.restart_into is not None:
            if not await self.supervisor.restart_allowed():  # the agent's restart stops viam-server too
                if version not in self._gated:
                    LOG.warning("viam-server has NOT allowed a restart; viam-agent %s waits, installed", version)
                    self._gated.add(version)
                return "waiting"
            # The link keeps naming the running version: if the new agent dies, systemd starts the
            # old one through the link, and it marks the new one bad (see Agent.run).
            self.store.begin_trial(name, version, previous)
            entry = self.store.entry(name)
            entry["pending"]["agent_trial"] = True
            self.store.save_entry(name, entry)
            LOG.info("restarting into viam-agent %s for its trial (%.0fs)", version, self.trial_s)
            self.restart_into(version)
            return "restarting"
        if name != "viam-server":
            self.store.swap(name, version)
            self.store.commit(name, version, previous)
            self.store.cleanup(name, {version, previous})
            LOG.info("installed %s %s; it takes effect when the service restarts", name, version)
            return "installed"
        self.store.begin_trial(name, version, previous)
        failpoints.hit("after-begin-trial")
        self.store.swap(name, version)
        return await self.finish_trial(version, previous, restart=True)

    async def finish_trial(self, version: str, previous: str | None, *, restart: bool,
                           starts_before: int | None = None) -> str:
        """Restart into ``version`` and keep it only if it stays healthy for ``trial_s``."""
        name = "viam-server"
        before = self.supervisor.starts if starts_before is None else starts_before
        if restart:
            self.supervisor.request_restart()
        ok, why = await self.supervisor.trial(self.trial_s, starts_before=before)
        if ok:
            self.store.commit(name, version, previous)
            LOG.info("viam-server %s is healthy (%s); update committed", version, why)
            self.store.cleanup(name, {version, previous, self.targets.get(name)})
            return "updated"
        LOG.error("viam-server %s failed its trial: %s; rolling back to %s", version, why, previous or "nothing")
        restored = self.store.rollback(name, version, previous, why)
        if restored is not None:
            self.supervisor.request_restart()
            self.store.cleanup(name, {restored, self.store.entry(name).get("previous")})
        return "rolled-back"
