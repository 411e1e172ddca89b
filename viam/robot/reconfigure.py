"""Live reconfiguration: new config in (file save, SIGHUP, cloud poll), prepared config applied.

One ``Reconfigurer`` per server, beside the machine it feeds (it reaches the machine only through
``ConfigTarget``). Every new config goes the same way, one at a time:
parse + validate -> package step (``PackageManager.prepare``) -> ``Machine.apply_config`` (which
rebuilds only what changed) -> cleanup of unreferenced packages. A config that does not parse is
logged and reported in GetMachineStatus as an UNHEALTHY ``rdk-internal:service:config`` entry;
the machine keeps running its last good config (and ``config.revision`` stays that config's).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from google.protobuf import timestamp_pb2

from viam.config.loader import parse_config, parse_config_bytes
from viam.config.model import MachineConfig
from viam.config.watch import ConfigFileWatcher
from viam.errors import ConfigError
from viam.gen.common.v1 import common_pb2
from viam.gen.robot.v1 import robot_pb2
from viam.packages.manager import PACKAGE_TYPES, PackageManager

if TYPE_CHECKING:
    from viam.cloud.sync import CloudConfigSync

LOG = logging.getLogger(__name__)
PACKAGE_RETRY_S = 5.0
# The reference's words (viam-server v0.74.0+ ignores "processes"); logged when they are added or changed.
PROCESSES_IGNORED = ("Processes have been deprecated and are no longer supported in viam-server versions v0.74.0+. "
                     "The processes config of this machine part has been ignored.")
CLOUD_INITIAL_WAIT_S = 10.0
CONFIG_STATUS_NAME = common_pb2.ResourceName(namespace="rdk-internal", type="service", subtype="config",
                                             name="machine-config")


def startup_error(config: MachineConfig) -> ConfigError | None:
    """The error of a config file that did not parse at start (the machine starts empty)."""
    return config.errors[0] if config.errors and not config.raw else None


def settings_from_env(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Tuning knobs from the environment (tests and labs shorten the intervals)."""
    env = environ if environ is not None else dict(os.environ)
    settings: dict[str, Any] = {}
    for key, name, kind in (("VIAM_PACKAGE_RETRY_S", "package_retry_s", float),
                            ("VIAM_CLOUD_INITIAL_WAIT_S", "cloud_initial_wait_s", float),
                            ("VIAM_CONFIG_DEBOUNCE_MS", "debounce_ms", int),
                            ("VIAM_CONFIG_QUIET_MS", "quiet_ms", int)):
        if env.get(key):
            try:
                settings[name] = kind(env[key])
            except ValueError:
                LOG.warning("ignoring %s=%r: not a number", key, env[key])
    return settings


class ConfigTarget(Protocol):
    """The machine as its reconfigurer sees it (``viam.robot.machine.Machine`` is the one in use)."""

    config: MachineConfig  # the running config (its revision is reported with a rejected config)

    async def apply_config(self, config: MachineConfig) -> None: ...
    def running_modules(self) -> Collection[str]: ...
    def stop_waiting_for_modules(self) -> None: ...
    def use_config_source(self, source: Reconfigurer) -> None: ...


class Reconfigurer:
    """Feeds configs from the file (and the cloud, when configured) into a running machine.

    ``machine`` is told at once (``use_config_source``) to build its first config through this
    reconfigurer (package step, cloud config) and to report its status and close it.
    """

    def __init__(self, machine: ConfigTarget, config_path: str | Path | None, *, packages: PackageManager | None = None,
                 initial_bytes: bytes | None = None, initial_error: ConfigError | None = None,
                 package_retry_s: float = PACKAGE_RETRY_S, cloud_initial_wait_s: float = CLOUD_INITIAL_WAIT_S,
                 debounce_ms: int = 500, quiet_ms: int = 50) -> None:
        self.machine = machine
        self.path = Path(config_path) if config_path else None
        self.packages = packages or PackageManager()
        self.package_retry_s = package_retry_s
        self.cloud_initial_wait_s = cloud_initial_wait_s
        self.file_config = machine.config  # last good config read from the file
        self.last_good: MachineConfig = machine.config  # last good unprepared config (file or cloud)
        self._processes_seen: Any = None  # the "processes" section last applied (only to report it)
        self.error = str(initial_error) if initial_error else ""
        self.error_at = time.time() if initial_error else 0.0
        self.cloud: CloudConfigSync | None = None
        self.applied = 0  # number of configs applied (tests and bench wait on it)
        self._applied_event = asyncio.Event()
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[Any]] = []
        if initial_bytes is None and self.path is not None:
            try:
                initial_bytes = self.path.read_bytes()
            except OSError:
                initial_bytes = None
        self._watcher = (ConfigFileWatcher(self.path, self._on_file_bytes, initial=initial_bytes,
                                           debounce_ms=debounce_ms, quiet_ms=quiet_ms, on_saved=self._hurry)
                         if self.path else None)
        machine.use_config_source(self)

    # -- start-up (called by the machine's build task) ------------------------------------------
    async def apply_initial(self) -> None:
        """Build the first config: the file's, or the cloud's (cached first, for offline boot)."""
        config = self.file_config
        if config.cloud is not None and config.cloud.id:
            cloud_config = await self._start_cloud(config)
            if cloud_config is not None:
                config = cloud_config
        await self.apply(config, initial=True)
        if self.cloud is not None:
            self.cloud.start()

    async def start(self) -> None:
        """Watch the file and start the retry loop (and cloud polling). Call once the machine serves."""
        if self._watcher is not None:
            await self._watcher.start()
        self._tasks.append(asyncio.create_task(self._retry_packages(), name="package-retry"))

    async def close(self) -> None:
        """Stop watching and polling (idempotent: the machine's close calls it too)."""
        if self._watcher is not None:
            watcher, self._watcher = self._watcher, None
            await watcher.close()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing
                pass
        await self._stop_cloud()

    async def _stop_cloud(self) -> None:
        """Stop cloud polling and forget its client everywhere: a package step must never call
        through a closed channel (that crashed grpc)."""
        cloud, self.cloud = self.cloud, None
        if cloud is None:
            return
        if self.packages.resolver is cloud.client:
            self.packages.resolver = None
        await cloud.close()

    def _hurry(self) -> None:
        """A newer config is on its way: an apply in progress stops waiting for modules still
        starting (they keep starting; their resources follow once they are ready), so a module
        that never comes up cannot hold up the next config."""
        if self._lock.locked():
            self.machine.stop_waiting_for_modules()

    def request_reload(self) -> None:
        """SIGHUP handler: re-read in the background."""
        self._hurry()
        self._tasks.append(asyncio.create_task(self.reload(), name="sighup-reload"))

    async def reload(self) -> None:
        """Re-read the file now (SIGHUP), even if its bytes look unchanged."""
        LOG.info("re-reading config", extra={"path": str(self.path)})
        if self._watcher is not None:
            await self._watcher.check(force=True)
        if self.cloud is not None:
            await self.cloud.poll_once()

    async def wait_applied(self, count: int, timeout_s: float) -> None:
        """Wait until at least ``count`` configs have been applied in total."""
        async def wait() -> None:
            while self.applied < count:
                self._applied_event.clear()
                await self._applied_event.wait()
        await asyncio.wait_for(wait(), timeout_s)

    # -- applying ---------------------------------------------------------------------------------
    async def apply(self, config: MachineConfig, *, initial: bool = False) -> None:
        """Package step, then apply, then clean up: one config at a time."""
        self._hurry()
        async with self._lock:
            started = time.monotonic()
            self.machine.reconfiguring = True
            try:
                prepared = await self.packages.prepare(config)
                await self.machine.apply_config(prepared)
            finally:
                self.machine.reconfiguring = False
            self.last_good = config
            self._report_processes(config)
            try:
                running = set(self.machine.running_modules())  # built-in modules have no config entry
                await asyncio.to_thread(self.packages.cleanup, prepared, running)
            except OSError as exc:
                LOG.warning("package cleanup failed: %s", exc)
            self.applied += 1
            self._applied_event.set()
            LOG.info("config applied", extra={"revision": prepared.revision, "initial": initial,
                                              "seconds": round(time.monotonic() - started, 4)})

    def _report_processes(self, config: MachineConfig) -> None:
        processes = config.raw.get("processes") or None
        if processes is not None and processes != self._processes_seen:
            LOG.error(PROCESSES_IGNORED, extra={"processes": len(processes) if isinstance(processes, list) else 1})
        self._processes_seen = processes

    async def _on_file_bytes(self, data: bytes) -> None:
        source = str(self.path)
        try:
            config = parse_config_bytes(data, source)
        except ConfigError as exc:
            self._report(exc)
            return
        self._clear_error()
        old_cloud = self.file_config.cloud
        self.file_config = config
        if config.cloud is not None and config.cloud.id:
            if self.cloud is None or old_cloud is None or old_cloud.raw != config.cloud.raw:
                await self._stop_cloud()
                cloud_config = await self._start_cloud(config)
                if self.cloud is not None:
                    self.cloud.start()
                await self.apply(cloud_config or config)
            elif self.cloud.current is not None:
                await self.apply(self._cloud_to_config(self.cloud.current))
            return
        if self.cloud is not None:  # the cloud section went away: the file is the config again
            await self._stop_cloud()
        await self.apply(config)

    def _report(self, exc: ConfigError) -> None:
        self.error, self.error_at = str(exc), time.time()
        LOG.error("config rejected; the machine keeps its last good config (revision %s): %s",
                  self.machine.config.revision, exc)

    def _clear_error(self) -> None:
        if self.error:
            LOG.info("config error cleared")
        self.error, self.error_at = "", 0.0

    async def _retry_packages(self) -> None:
        while True:
            await asyncio.sleep(self.package_retry_s)
            if self.packages.needs_retry:
                LOG.info("retrying packages that failed")
                try:
                    await self.apply(self.last_good)
                except Exception:  # noqa: BLE001 - keep retrying
                    LOG.exception("package retry failed")

    # -- cloud ------------------------------------------------------------------------------------
    async def _start_cloud(self, file_config: MachineConfig) -> MachineConfig | None:
        from viam.cloud.sync import CloudConfigSync

        assert file_config.cloud is not None
        try:
            self.cloud = CloudConfigSync(file_config.cloud, self.packages.viam_home, self._on_cloud_config,
                                         on_restart=self.machine.request_shutdown)
        except Exception as exc:  # noqa: BLE001 - a bad cloud section must not stop a local machine
            self._report(exc if isinstance(exc, ConfigError) else ConfigError(str(exc), path="cloud"))
            return None
        self.packages.resolver = self.cloud.client
        data = await self.cloud.initial(self.cloud_initial_wait_s)
        if data is None:
            return None
        try:
            config = self._cloud_to_config(data)
        except ConfigError as exc:
            self._report(exc)
            return None
        await asyncio.to_thread(self.cloud.remember, data)
        return config

    def _cloud_to_config(self, data: dict[str, Any]) -> MachineConfig:
        from viam.cloud.convert import merge_local

        assert self.cloud is not None
        merged = merge_local(data, self.file_config.raw)
        return parse_config(merged, f"cloud:{self.cloud.cloud.id}")

    async def _on_cloud_config(self, data: dict[str, Any]) -> None:
        try:
            config = self._cloud_to_config(data)
        except ConfigError as exc:
            self._report(exc)
            raise
        self._clear_error()
        await self.apply(config)

    # -- status -------------------------------------------------------------------------------
    def add_status(self, response: robot_pb2.GetMachineStatusResponse) -> None:
        """Add the config problem (if any) and package states to a GetMachineStatus answer."""
        if self.error:
            status = robot_pb2.ResourceStatus(
                name=CONFIG_STATUS_NAME, state=robot_pb2.ResourceStatus.STATE_UNHEALTHY, error=self.error,
                revision=self.machine.config.revision, reachability=robot_pb2.ResourceStatus.REACHABILITY_REACHABLE,
            )
            status.last_updated.CopyFrom(_timestamp(self.error_at))
            response.resources.append(status)
        for state in self.packages.statuses():
            response.packages.append(robot_pb2.PackageStatus(
                name=state.name, type=PACKAGE_TYPES.get(state.type, 0), state=state.state, error=state.error,  # type: ignore[arg-type]
            ))


def _timestamp(seconds: float) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromNanoseconds(int(seconds * 1e9))
    return stamp
