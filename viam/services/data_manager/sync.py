"""Upload completed capture files and arbitrary files to ``viam.app.datasync.v1.DataSyncService``.

A file is deleted only after the app acknowledged its upload. Before deleting, its path is
appended (and fsync'ed) to ``<capture_dir>/.synced``; at start, files named there that still
exist are deleted without a second upload, so a crash between ack and delete sends nothing
twice. (The bundled app also de-duplicates identical uploads, for senders without that journal.)
Files the app rejects as invalid are moved to ``<capture_dir>/failed/``, as the reference does.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from viam.cloud.client import AppClient
from viam.files import commit_file
from viam.gen.app.datasync.v1 import data_sync_pb2 as pb
from viam.gen.app.datasync.v1 import data_sync_pb2_grpc as pb_grpc
from viam.services.data_manager.capture_file import COMPLETED_EXT, IN_PROGRESS_EXT, read_capture_file

LOG = logging.getLogger(__name__)
MAX_UNARY_BINARY = 1024 * 1024  # larger binary readings go over StreamingDataCaptureUpload
CHUNK_SIZE = 64 * 1024
FAILED_DIR = "failed"
JOURNAL = ".synced"
RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED,
             grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.ABORTED,
             grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}


class Offline(Exception):
    """The app cannot be reached (or refused for a reason worth retrying): pause syncing."""


@dataclass
class SyncStats:
    files_uploaded: int = 0
    bytes_uploaded: int = 0
    files_failed: int = 0
    last_error: str = ""


def upload_metadata(part_id: str, md: pb.DataCaptureMetadata) -> pb.UploadMetadata:
    out = pb.UploadMetadata(part_id=part_id, component_type=md.component_type, component_name=md.component_name,
                            method_name=md.method_name, type=md.type, tags=list(md.tags),
                            file_extension=md.file_extension, mime_type=md.mime_type)
    for key, value in md.method_parameters.items():
        out.method_parameters[key].CopyFrom(value)
    return out


class Uploader:
    """One machine part's uploads over an authenticated app channel."""

    def __init__(self, app: AppClient, capture_dir: Path, timeout_s: float = 30.0) -> None:
        self.app = app
        self.part_id = app.cloud.id
        self.capture_dir = capture_dir
        self.timeout_s = timeout_s
        self.stub = pb_grpc.DataSyncServiceStub(app.channel)
        self.stats = SyncStats()

    async def _with_auth(self, call: Callable[[tuple[tuple[str, str], ...]], Awaitable[Any]]) -> Any:
        for attempt in range(2):
            try:
                metadata = await self.app.auth_metadata(renew=attempt > 0)
                return await call(metadata)
            except grpc.aio.AioRpcError as exc:
                if exc.code() == grpc.StatusCode.UNAUTHENTICATED and attempt == 0:
                    continue
                if exc.code() in RETRYABLE:
                    raise Offline(f"{exc.code().name}: {exc.details()}") from None
                raise
            except Exception as exc:  # noqa: BLE001 - auth failures from AppClient (CloudError)
                if isinstance(exc, grpc.aio.AioRpcError):
                    raise
                raise Offline(str(exc)) from None
        raise Offline("not authenticated")

    # -- capture files ---------------------------------------------------------------------------
    async def upload_capture_file(self, path: Path) -> list[str]:
        """Upload one ``.capture`` file; return the app's ids."""
        md, readings = await asyncio.to_thread(read_capture_file, path)
        meta = upload_metadata(self.part_id, md)
        if not readings:
            return []
        ids: list[str] = []
        if md.type == pb.DATA_TYPE_BINARY_SENSOR:
            for reading in readings:
                if len(reading.binary) > MAX_UNARY_BINARY:
                    ids.append(await self._stream_binary(meta, reading))
                else:
                    ids.append(await self._unary(meta, [reading]))
        else:
            ids.append(await self._unary(meta, readings))
        return ids

    async def _unary(self, meta: pb.UploadMetadata, readings: list[pb.SensorData]) -> str:
        request = pb.DataCaptureUploadRequest(metadata=meta, sensor_contents=readings)

        async def call(metadata: tuple[tuple[str, str], ...]) -> str:
            response = await self.stub.DataCaptureUpload(request, timeout=self.timeout_s, metadata=metadata)
            return response.binary_data_id or response.file_id
        result: str = await self._with_auth(call)
        self.stats.bytes_uploaded += request.ByteSize()
        return result

    async def _stream_binary(self, meta: pb.UploadMetadata, reading: pb.SensorData) -> str:
        header = pb.DataCaptureUploadMetadata(upload_metadata=meta, sensor_metadata=reading.metadata)
        data = reading.binary

        async def requests() -> AsyncIterator[pb.StreamingDataCaptureUploadRequest]:
            yield pb.StreamingDataCaptureUploadRequest(metadata=header)
            for start in range(0, len(data), CHUNK_SIZE):
                yield pb.StreamingDataCaptureUploadRequest(data=data[start:start + CHUNK_SIZE])

        async def call(metadata: tuple[tuple[str, str], ...]) -> str:
            response = await self.stub.StreamingDataCaptureUpload(requests(), timeout=self.timeout_s,
                                                                  metadata=metadata)
            return response.binary_data_id or response.file_id
        result: str = await self._with_auth(call)
        self.stats.bytes_uploaded += len(data)
        return result

    # -- arbitrary files -------------------------------------------------------------------------
    async def upload_file(self, path: Path, tags: list[str], dataset_ids: list[str] | None = None) -> str:
        """``FileUpload`` of one file (metadata, then 64 KiB chunks)."""
        info = await asyncio.to_thread(path.stat)
        meta = pb.UploadMetadata(part_id=self.part_id, type=pb.DATA_TYPE_FILE, file_name=str(path),
                                 file_extension=path.suffix, tags=tags, dataset_ids=dataset_ids or [])
        meta.file_create_time.FromNanoseconds(int(getattr(info, "st_birthtime", info.st_ctime) * 1e9))
        meta.file_modify_time.FromNanoseconds(info.st_mtime_ns)

        async def requests() -> AsyncIterator[pb.FileUploadRequest]:
            yield pb.FileUploadRequest(metadata=meta)
            handle = await asyncio.to_thread(path.open, "rb")
            try:
                while chunk := await asyncio.to_thread(handle.read, CHUNK_SIZE):
                    yield pb.FileUploadRequest(file_contents=pb.FileData(data=chunk))
            finally:
                handle.close()

        async def call(metadata: tuple[tuple[str, str], ...]) -> str:
            response = await self.stub.FileUpload(requests(), timeout=self.timeout_s, metadata=metadata)
            return response.binary_data_id or response.file_id
        result: str = await self._with_auth(call)
        self.stats.bytes_uploaded += info.st_size
        return result

    # -- bookkeeping -----------------------------------------------------------------------------
    def mark_synced_and_delete(self, path: Path) -> None:
        journal = self.capture_dir / JOURNAL
        self.capture_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (str(path) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        path.unlink(missing_ok=True)
        self.stats.files_uploaded += 1

    def move_failed(self, path: Path, cause: str) -> None:
        try:
            relative = path.relative_to(self.capture_dir)
        except ValueError:
            relative = Path(path.name)
        target = self.capture_dir / FAILED_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        LOG.warning("moving a file the app rejected to the failed directory",
                    extra={"path": str(path), "to": str(target), "error": cause})
        commit_file(path, target)
        self.stats.files_failed += 1


def finish_interrupted_deletes(capture_dir: Path) -> int:
    """Delete files the app already acknowledged (named in the journal); then empty the journal."""
    journal = capture_dir / JOURNAL
    try:
        lines = journal.read_text().splitlines()
    except FileNotFoundError:
        return 0
    removed = 0
    for line in lines:
        path = Path(line)
        if line and path.exists():
            path.unlink(missing_ok=True)
            removed += 1
    journal.unlink(missing_ok=True)
    if removed:
        LOG.info("deleted files already synced before a restart", extra={"files": removed})
    return removed


def capture_files(capture_dir: Path) -> dict[Path, list[Path]]:
    """Completed capture files per collector directory, oldest first (the names are timestamps)."""
    by_dir: dict[Path, list[Path]] = {}
    if not capture_dir.exists():
        return by_dir
    failed = capture_dir / FAILED_DIR
    for path in sorted(capture_dir.rglob("*" + COMPLETED_EXT)):
        if failed in path.parents:
            continue
        by_dir.setdefault(path.parent, []).append(path)
    return by_dir


def arbitrary_files(roots: list[Path], min_age_s: float, now: float) -> list[Path]:
    """Files under ``additional_sync_paths`` not written to for ``min_age_s`` (capture files excluded)."""
    out: list[Path] = []
    for root in roots:
        if not root.exists():
            continue
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in candidates:
            if path.suffix in (COMPLETED_EXT, IN_PROGRESS_EXT) or FAILED_DIR in path.parts:
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if info.st_size and now - info.st_mtime >= min_age_s:
                out.append(path)
    return out
