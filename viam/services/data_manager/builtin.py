"""The ``builtin`` data manager: capture every configured method, sync to the app, offline-first.

It watches the running machine's config (``service_configs`` on components and services) and
keeps one collector per enabled capture method. Captures go through the machine's own gRPC
services over its private UNIX socket (see ``collectors``), so modular and remote resources are
captured like local ones. Every ``sync_interval_mins`` the open files are completed and every
completed file is uploaded; when the app is unreachable the round stops, capture goes on, and
the next attempt backs off (0.2 s doubling, at most the sync interval).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import time
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import grpc

from viam.cloud.client import AppClient
from viam.config.capture import CaptureMethod
from viam.config.model import MachineConfig, ResourceConfig
from viam.errors import ConfigError, FailedPreconditionError
from viam.resource.base import Extra, Resource
from viam.resource.names import Model, ResourceName
from viam.resource.registry import Dependencies, Registry
from viam.services.data_manager.api import DataManager
from viam.services.data_manager.capture import CaptureBuffer, Collector, capture_metadata, target_dir
from viam.services.data_manager.capture_file import COMPLETED_EXT, recover_in_progress
from viam.services.data_manager.collectors import Capturer
from viam.services.data_manager.config import DataManagerConfig, parse_data_manager_config
from viam.services.data_manager.sync import (
    Offline,
    Uploader,
    arbitrary_files,
    capture_files,
    finish_interrupted_deletes,
)

LOG = logging.getLogger(__name__)
BUILTIN_MODEL = Model("rdk", "builtin", "builtin")
CONFIG_POLL_S = 0.25
DISK_CHECK_INTERVAL_S = float(os.environ.get("VIAM_DATA_DISK_CHECK_INTERVAL_S", "30"))
INITIAL_BACKOFF_S = 0.2


class CaptureHost(Protocol):
    """The machine as its data manager sees it (``viam.robot.machine.Machine`` is the one in use)."""

    config: MachineConfig  # what to capture (service_configs) and the cloud credentials to sync with
    parent_socket: Path | None  # captures are gRPC calls over this socket, like a module's
    registry: Registry  # each captured API's service descriptor


class ResourceLister(Protocol):
    def resource_names(self, exclude_origins: Collection[str] = ()) -> list[ResourceName]: ...
    def resource(self, name: ResourceName) -> Resource: ...


class BuiltinDataManagerModel:
    """The model registered by the machine; it hands each instance the machine it runs in."""

    def __init__(self, machine: CaptureHost) -> None:
        self.machine = machine

    def validate_config(self, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        parse_data_manager_config(config)
        return [], []

    async def new(self, config: ResourceConfig, dependencies: Dependencies) -> BuiltinDataManager:
        manager = BuiltinDataManager(config.name, parse_data_manager_config(config), self.machine)
        await manager.start()
        return manager


class BuiltinDataManager(DataManager):
    def __init__(self, name: str, config: DataManagerConfig, machine: CaptureHost) -> None:
        super().__init__(name)
        self.config = config
        self.machine = machine
        self.collectors: dict[tuple[ResourceName, str], tuple[tuple[Any, ...], Collector]] = {}
        self.warnings: dict[str, str] = {}
        self.deleted_when_full = 0
        self.online: bool | None = None
        self._channel: grpc.aio.Channel | None = None
        self._seen_config: object = None
        self._tasks: list[asyncio.Task[None]] = []
        self._sync_lock = asyncio.Lock()
        self._app: AppClient | None = None
        self._app_key: tuple[str, str, str] | None = None
        self.uploader: Uploader | None = None
        self._wake = asyncio.Event()
        self._closed = False

    async def start(self) -> None:
        capture_dir = self.config.capture_dir
        capture_dir.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(finish_interrupted_deletes, capture_dir)
        recovered = await asyncio.to_thread(recover_in_progress, capture_dir)
        if recovered:
            LOG.info("completed capture files left open by a crash", extra={"resource": self.name,
                                                                            "files": len(recovered)})
        self._tasks.append(asyncio.create_task(self._watch_config(), name=f"data-manager-{self.name}-config"))
        if not self.config.sync_disabled:
            self._tasks.append(asyncio.create_task(self._sync_loop(), name=f"data-manager-{self.name}-sync"))
        self._tasks.append(asyncio.create_task(self._disk_loop(), name=f"data-manager-{self.name}-disk"))

    # -- collectors ------------------------------------------------------------------------------
    def _channel_or_open(self) -> grpc.aio.Channel:
        if self._channel is None:
            socket = self.machine.parent_socket
            if socket is None:
                raise FailedPreconditionError("the machine is not serving yet")
            self._channel = grpc.aio.insecure_channel(f"unix:{socket}")
        return self._channel

    def wanted(self) -> dict[tuple[ResourceName, str], tuple[ResourceConfig, CaptureMethod]]:
        out: dict[tuple[ResourceName, str], tuple[ResourceConfig, CaptureMethod]] = {}
        if self.config.capture_disabled:
            return out
        for resource in self.machine.config.resources:
            for method in resource.capture_methods:
                if method.disabled or method.capture_frequency_hz <= 0:
                    continue
                ident = f"{method.method}{sorted(method.additional_params.items())!r}"
                out[(resource.resource_name, ident)] = (resource, method)
        return out

    async def reconcile(self) -> None:
        """Start, restart or stop collectors to match the machine's current config."""
        wanted = self.wanted()
        for key in [k for k in self.collectors if k not in wanted or self.collectors[k][0] != wanted[k][1].key()]:
            _, collector = self.collectors.pop(key)
            await collector.close()
        for key, (resource, method) in wanted.items():
            if key in self.collectors:
                continue
            try:
                collector = self._new_collector(resource.resource_name, method)
            except (ValueError, FailedPreconditionError, ConfigError, Exception) as exc:  # noqa: BLE001
                self.warnings[f"collector {resource.resource_name} {method.method}"] = str(exc)
                LOG.error("cannot capture", extra={"resource": str(resource.resource_name),
                                                   "method": method.method, "error": str(exc)})
                continue
            self.warnings.pop(f"collector {resource.resource_name} {method.method}", None)
            collector.start()
            self.collectors[key] = (method.key(), collector)

    def _new_collector(self, name: ResourceName, method: CaptureMethod) -> Collector:
        service = self.machine.registry.api(name.api).service_descriptor
        capturer = Capturer(self._channel_or_open(), service, name, method)
        directory = target_dir(self.config.capture_dir, name, method.method)
        buffer = CaptureBuffer(directory, capture_metadata(name, method, self.config.tags),
                               self.config.maximum_capture_file_size_bytes, self.config.sync_interval_s)
        return Collector(capturer, buffer, method.capture_frequency_hz)

    async def _watch_config(self) -> None:
        while True:
            if self.machine.config is not self._seen_config:
                self._seen_config = self.machine.config
                await self.reconcile()
            await asyncio.sleep(CONFIG_POLL_S)

    def flush(self) -> None:
        for _, collector in self.collectors.values():
            collector.flush()

    # -- sync ------------------------------------------------------------------------------------
    def _uploader(self) -> Uploader | None:
        cloud = self.machine.config.cloud
        if cloud is None or not cloud.id or not cloud.app_address:
            self.warnings["sync"] = "no cloud credentials (cloud.id, cloud.app_address): data is kept on the machine"
            return None
        key = (cloud.id, cloud.app_address, repr(sorted((k, str(v)) for k, v in cloud.raw.items())))
        if key != self._app_key or self.uploader is None:
            if self._app is not None:
                old = self._app
                asyncio.get_running_loop().create_task(old.close())
            self._app = AppClient(cloud)
            self._app_key = key
            self.uploader = Uploader(self._app, self.config.capture_dir)
        self.warnings.pop("sync", None)
        return self.uploader

    async def _sync_loop(self) -> None:
        backoff = INITIAL_BACKOFF_S
        delay = self.config.sync_interval_s
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), delay)
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.sync_once()
                backoff = INITIAL_BACKOFF_S
                delay = self.config.sync_interval_s
            except Offline as exc:
                if self.online is not False:
                    LOG.warning("data sync paused: app unreachable; capture goes on",
                                extra={"resource": self.name, "error": str(exc)})
                self.online = False
                self.warnings["sync"] = f"sync paused: {exc}"
                delay = min(backoff, max(self.config.sync_interval_s, INITIAL_BACKOFF_S))
                backoff *= 2
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the loop must survive anything
                LOG.exception("data sync round failed", extra={"resource": self.name})
                self.warnings["sync"] = f"sync failed: {exc}"
                delay = self.config.sync_interval_s

    async def sync_once(self) -> int:
        """Complete open files and upload everything ready; return how many files were uploaded."""
        async with self._sync_lock:
            self.flush()
            uploader = self._uploader()
            if uploader is None:
                return 0
            groups = await asyncio.to_thread(self._ready_files)
            semaphore = asyncio.Semaphore(max(1, self.config.maximum_num_sync_threads))
            uploaded = 0

            async def run(group: list[Path]) -> None:
                nonlocal uploaded
                async with semaphore:
                    for path in group:
                        if await self._upload_one(uploader, path):
                            uploaded += 1
            results = await asyncio.gather(*(run(g) for g in groups), return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException):
                    raise result
            if self.online is False:
                LOG.info("data sync resumed", extra={"resource": self.name})
            self.online = True
            self.warnings.pop("sync", None)
            return uploaded

    def _ready_files(self) -> list[list[Path]]:
        """Capture files per collector directory (uploaded in order), then each arbitrary file."""
        groups = list(capture_files(self.config.capture_dir).values())
        extra = arbitrary_files(self.config.additional_sync_paths, self.config.file_last_modified_s, time.time())
        groups.extend([p] for p in extra)
        return groups

    async def _upload_one(self, uploader: Uploader, path: Path) -> bool:
        try:
            if path.suffix == COMPLETED_EXT:
                await uploader.upload_capture_file(path)
            else:
                await uploader.upload_file(path, list(self.config.tags))
        except FileNotFoundError:
            return False
        except grpc.aio.AioRpcError as exc:  # not retryable: the app rejected this file
            uploader.move_failed(path, f"{exc.code().name}: {exc.details()}")
            return False
        except ValueError as exc:  # unreadable capture file
            uploader.move_failed(path, str(exc))
            return False
        await asyncio.to_thread(uploader.mark_synced_and_delete, path)
        return True

    async def sync(self, *, extra: Extra = None, timeout: float | None = None) -> None:
        try:
            await self.sync_once()
        except Offline as exc:
            raise FailedPreconditionError(f"data manager {self.name!r}: cannot sync: {exc}") from None

    async def upload_from_path(self, path: Path, tags: list[str], dataset_ids: list[str]) -> dict[str, Any]:
        """RobotService/UploadDataFromPath: upload (then delete) a file or every file under a directory."""
        uploader = self._uploader()
        if uploader is None:
            raise FailedPreconditionError("not connected to the cloud: the machine config has no cloud section")
        files = await asyncio.to_thread(_files_under, path)
        result: dict[str, Any] = {"files_uploaded": 0, "files_failed": 0, "bytes_uploaded": 0, "bytes_total": 0,
                                  "ids": []}
        for file in files:
            if file.suffix in (COMPLETED_EXT, ".prog"):
                continue
            try:
                size = (await asyncio.to_thread(file.stat)).st_size
            except OSError:
                result["files_failed"] += 1
                continue
            result["bytes_total"] += size
            try:
                file_id = await uploader.upload_file(file, tags, dataset_ids)
            except (Offline, grpc.aio.AioRpcError, OSError) as exc:
                LOG.error("upload failed", extra={"path": str(file), "error": str(exc)})
                result["files_failed"] += 1
                continue
            await asyncio.to_thread(file.unlink, missing_ok=True)
            result["files_uploaded"] += 1
            result["bytes_uploaded"] += size
            if file_id:
                result["ids"].append(file_id)
        return result

    # -- disk ------------------------------------------------------------------------------------
    async def _disk_loop(self) -> None:
        while True:
            await asyncio.sleep(DISK_CHECK_INTERVAL_S)
            try:
                await asyncio.to_thread(self.check_disk)
            except OSError as exc:
                LOG.warning("disk check failed", extra={"resource": self.name, "error": str(exc)})

    def check_disk(self) -> int:
        """The reference's policy: when the disk is fuller than ``disk_usage_deletion_threshold`` and the
        capture directory holds at least ``capture_dir_deletion_threshold`` of it, delete every nth
        completed capture file. Returns how many files were deleted."""
        directory = self.config.capture_dir
        usage = shutil.disk_usage(directory)
        used = 1.0 - usage.free / usage.total if usage.total else 0.0
        if used < self.config.disk_usage_deletion_threshold:
            self.warnings.pop("disk", None)
            return 0
        files = sorted(p for p in directory.rglob("*" + COMPLETED_EXT)
                       if "failed" not in p.relative_to(directory).parts)
        dir_size = sum(p.stat().st_size for p in files if p.exists())
        if dir_size / usage.total < self.config.capture_dir_deletion_threshold:
            self.warnings["disk"] = (f"disk {used:.0%} full, but the capture directory is below "
                                     f"{self.config.capture_dir_deletion_threshold:.0%} of it: no files deleted")
            return 0
        nth = max(1, self.config.delete_every_nth_when_disk_full)
        deleted = 0
        for index, path in enumerate(files):
            if index % nth == 0:
                path.unlink(missing_ok=True)
                deleted += 1
        self.deleted_when_full += deleted
        self.warnings["disk"] = (f"disk {used:.0%} full (threshold {self.config.disk_usage_deletion_threshold:.0%}): "
                                 f"deleted every {nth}th capture file ({self.deleted_when_full} so far)")
        LOG.warning("disk nearly full: deleted capture files", extra={"resource": self.name, "files": deleted})
        return deleted

    # -- status / lifecycle ----------------------------------------------------------------------
    async def get_status(self) -> Mapping[str, Any]:
        stats = self.uploader.stats if self.uploader is not None else None
        return {
            "capture_dir": str(self.config.capture_dir),
            "collectors": [c.status() for _, c in self.collectors.values()],
            "online": self.online,
            "files_uploaded": stats.files_uploaded if stats else 0,
            "bytes_uploaded": stats.bytes_uploaded if stats else 0,
            "files_failed": stats.files_failed if stats else 0,
            "files_deleted_disk_full": self.deleted_when_full,
            "warnings": sorted(self.warnings.values()),
        }

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        if command.get("sync"):
            return {"files_uploaded": await self.sync_once()}
        if command.get("flush"):
            self.flush()
            return {"flushed": True}
        return await super().do_command(command, timeout=timeout)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing anyway
                pass
        for _, collector in list(self.collectors.values()):
            await collector.close()
        self.collectors.clear()
        if self._channel is not None:
            await self._channel.close()
        if self._app is not None:
            await self._app.close()


def _files_under(path: Path) -> list[Path]:
    if not path.exists():
        raise FileNotFoundError(f"no such file or directory: {path}")
    return [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())


def find_data_manager(machine: CaptureHost) -> BuiltinDataManager | None:
    for name in machine.manager.ready_names():
        if name.api == DataManager.API:
            resource = machine.manager.resource(name)
            if isinstance(resource, BuiltinDataManager):
                return resource
    return None
