"""Keep the machine's config in step with the app, and keep working without it.

At start the cached copy of the last good cloud config is used at once if there is one (so a
machine with a warm cache boots offline, as fast as from a file); otherwise the app is asked,
for up to ``initial_wait_s``. Then the app is polled every ``cloud.refresh_interval``; a config
that differs from the running one is handed to ``on_config`` and, once it parsed and applied,
written to the cache (mode 0600: it holds the part secret) by temp file + rename.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from viam.cloud.client import AppClient
from viam.cloud.convert import proto_to_dict
from viam.cloud.errors import CloudError, CloudUnavailableError
from viam.config.model import CloudConfig
from viam.errors import ConfigError
from viam.files import atomic_write_json

LOG = logging.getLogger(__name__)
AGENT_HANDLES_NEEDS_RESTART = "VIAM_AGENT_HANDLES_NEEDS_RESTART_CHECKING"
NEEDS_RESTART_DEFAULT_S = 5.0  # the reference's first wait and fallback
NEEDS_RESTART_MIN_S = 1.0
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def cached_config_path(viam_home: Path, part_id: str) -> Path:
    return Path(viam_home) / f"cached_cloud_config_{_UNSAFE.sub('-', part_id)}.json"


def write_private_json(path: Path, data: Any) -> None:
    """Write JSON readable by the owner only, atomically (never a half-written or world-readable file)."""
    atomic_write_json(path, data, mode=0o600, indent=1)


def read_cached(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        LOG.error("cached cloud config unreadable; ignoring it: %s", exc, extra={"path": str(path)})
        return None
    return data if isinstance(data, dict) else None


class CloudConfigSync:
    """Fetches, caches and polls one part's config. ``on_config`` raises ``ConfigError`` to reject one."""

    def __init__(self, cloud: CloudConfig, viam_home: Path,
                 on_config: Callable[[dict[str, Any]], Awaitable[None]], *, client: AppClient | None = None,
                 on_restart: Callable[[], None] | None = None) -> None:
        self.cloud = cloud
        self.on_restart = on_restart
        self.client = client or AppClient(cloud)
        self.cache_path = cached_config_path(viam_home, cloud.id)
        self.on_config = on_config
        self.current: dict[str, Any] | None = None
        self.last_error = ""
        self._task: asyncio.Task[None] | None = None
        self._restart_task: asyncio.Task[None] | None = None

    async def initial(self, wait_s: float) -> dict[str, Any] | None:
        """The config to boot with: the cached one, else the app's (waiting up to ``wait_s``), else None."""
        cached = await asyncio.to_thread(read_cached, self.cache_path)
        if cached is not None:
            LOG.info("booting from cached cloud config", extra={"path": str(self.cache_path),
                                                                 "revision": cached.get("revision", "")})
            self.current = cached
            return cached
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s
        while True:
            try:
                data = await self.fetch()
                self.current = data
                return data
            except CloudUnavailableError as exc:
                if loop.time() >= deadline:
                    LOG.error("no cached config and the app is unreachable; starting empty: %s", exc)
                    return None
                await asyncio.sleep(min(1.0, max(0.05, deadline - loop.time())))
            except CloudError as exc:
                LOG.error("cannot get config from the app; starting empty: %s", exc)
                return None

    async def fetch(self) -> dict[str, Any]:
        config = await self.client.config()
        data = proto_to_dict(config)
        self.last_error = ""
        return data

    def remember(self, data: dict[str, Any]) -> None:
        """Cache ``data`` as the last good config (call after it applied)."""
        self.current = data
        write_private_json(self.cache_path, data)

    def start(self) -> None:
        self._task = asyncio.create_task(self._poll(), name="cloud-config-poll")
        if self.on_restart is None:
            return
        if os.environ.get(AGENT_HANDLES_NEEDS_RESTART, ""):
            LOG.info("viam-agent checks NeedsRestart for this server (%s is set)", AGENT_HANDLES_NEEDS_RESTART)
            return
        LOG.info("no agent checks NeedsRestart; this server asks the app itself")
        self._restart_task = asyncio.create_task(self._poll_needs_restart(), name="needs-restart-poll")

    async def _poll_needs_restart(self) -> None:
        """The app's Restart button: ask every interval it names; on must_restart, shut down (the
        supervisor, agent or systemd, starts the server again)."""
        interval = NEEDS_RESTART_DEFAULT_S
        while True:
            await asyncio.sleep(interval)
            try:
                must, answer = await self.client.needs_restart()
            except CloudError as exc:
                LOG.debug("NeedsRestart check failed: %s", exc)
                continue
            if answer < NEEDS_RESTART_MIN_S:
                LOG.warning("app's restart check interval %.3fs is under %.0fs; using %.0fs", answer,
                            NEEDS_RESTART_MIN_S, NEEDS_RESTART_DEFAULT_S)
                answer = NEEDS_RESTART_DEFAULT_S
            interval = answer
            if must:
                LOG.info("the app asked for a restart; shutting down")
                assert self.on_restart is not None
                self.on_restart()
                return

    async def poll_once(self) -> bool:
        """Fetch; hand a changed config to ``on_config``. Returns whether it changed."""
        try:
            data = await self.fetch()
        except CloudError as exc:
            if str(exc) != self.last_error:
                LOG.warning("cloud config poll failed; keeping the running config: %s", exc)
            self.last_error = str(exc)
            return False
        if data == self.current:
            return False
        try:
            await self.on_config(data)
        except ConfigError as exc:
            LOG.error("cloud config rejected; keeping the running config: %s", exc)
            self.current = data  # do not re-apply the same broken config every poll
            return False
        await asyncio.to_thread(self.remember, data)
        return True

    async def _poll(self) -> None:
        while True:
            await self.poll_once()
            await asyncio.sleep(self.cloud.refresh_interval_s)

    async def close(self) -> None:
        for task in (self._task, self._restart_task):
            if task is None:
                continue
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing
                pass
        await self.client.close()
