"""Collectors: one asyncio task per (resource, method), writing capture files.

Layout as the reference: ``<capture_dir>/<api>/<resource name>/<method>/<timestamp>.capture``
(``:`` replaced by ``_``). Tabular readings share one open ``.prog`` file per collector,
rotated when it passes ``maximum_capture_file_size_bytes`` or is older than the rotation
interval (the sync interval); each binary reading (camera image) is a file of its own.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import any_pb2

from viam.config.capture import CaptureMethod
from viam.gen.app.datasync.v1 import data_sync_pb2 as pb
from viam.resource.names import ResourceName
from viam.services.data_manager.capture_file import CaptureFileWriter
from viam.services.data_manager.collectors import (
    MIME_ENUM,
    Capturer,
    CaptureResult,
    NoCaptureError,
    file_extension,
    is_binary,
)
from viam.utils import python_to_value

LOG = logging.getLogger(__name__)
ERROR_LOG_INTERVAL_S = 10.0


def target_dir(capture_dir: Path, name: ResourceName, method: str) -> Path:
    return capture_dir / str(name.api).replace(":", "_") / name.name.replace(":", "_") / method


def capture_metadata(name: ResourceName, method: CaptureMethod, tags: list[str]) -> pb.DataCaptureMetadata:
    md = pb.DataCaptureMetadata(
        component_type=str(name.api), component_name=name.name, method_name=method.method,
        type=pb.DATA_TYPE_BINARY_SENSOR if is_binary(method.method) else pb.DATA_TYPE_TABULAR_SENSOR,
        file_extension=file_extension(method.method, method.additional_params), tags=tags,
    )
    for key, value in method.additional_params.items():
        packed = any_pb2.Any()
        packed.Pack(python_to_value(value))
        md.method_parameters[key].CopyFrom(packed)
    return md


class CaptureBuffer:
    """Where one collector's readings go: the open tabular file, or one file per binary."""

    def __init__(self, directory: Path, metadata: pb.DataCaptureMetadata, max_file_size: int,
                 rotate_after_s: float) -> None:
        self.directory = directory
        self.metadata = metadata
        self.max_file_size = max_file_size
        self.rotate_after_s = rotate_after_s
        self._open: CaptureFileWriter | None = None
        self.written = 0

    def write(self, result: CaptureResult) -> None:
        if result.binaries:
            for binary, data in zip(result.binaries, result.to_sensor_data(), strict=True):
                md = pb.DataCaptureMetadata()
                md.CopyFrom(self.metadata)
                md.mime_type = binary.mime_type
                if binary.mime_type in MIME_ENUM:
                    data.metadata.mime_type = MIME_ENUM[binary.mime_type]
                writer = CaptureFileWriter(self.directory, md)
                try:
                    writer.write(data)
                    writer.close()
                except BaseException:
                    writer.discard()
                    raise
                self.written += 1
            return
        for data in result.to_sensor_data():
            if self._open is not None and (self._open.size > self.max_file_size
                                           or time.monotonic() - self._open.opened_at >= self.rotate_after_s):
                self.flush()
            if self._open is None:
                self._open = CaptureFileWriter(self.directory, self.metadata)
            self._open.write(data)
            self.written += 1

    def flush(self) -> None:
        """Complete the open file (if any), so it can be synced."""
        if self._open is not None:
            writer, self._open = self._open, None
            writer.close()


class Collector:
    """Captures one method of one resource every 1/frequency seconds."""

    def __init__(self, capturer: Capturer, buffer: CaptureBuffer, frequency_hz: float,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.capturer = capturer
        self.buffer = buffer
        self.interval_s = 1.0 / frequency_hz
        self.on_error = on_error
        self.captured = 0
        self.errors = 0
        self.last_error = ""
        self._last_logged = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        name = f"capture-{self.capturer.name}-{self.capturer.method.method}"
        self._task = asyncio.create_task(self._run(), name=name)

    async def _run(self) -> None:
        next_at = time.monotonic()
        while True:
            try:
                result = await self.capturer.capture()
                self.buffer.write(result)
                self.captured += 1
            except asyncio.CancelledError:
                raise
            except NoCaptureError:
                pass
            except (grpc.aio.AioRpcError, OSError, ValueError, Exception) as exc:  # noqa: BLE001 - keep capturing
                self._error(exc)
            next_at += self.interval_s
            now = time.monotonic()
            if now - next_at > self.interval_s:  # more than a tick behind: drop the missed ticks
                next_at = now
            await asyncio.sleep(max(0.0, next_at - now))

    def _error(self, exc: Exception) -> None:
        self.errors += 1
        detail = exc.details() if isinstance(exc, grpc.aio.AioRpcError) else str(exc)
        self.last_error = detail or type(exc).__name__
        now = time.monotonic()
        if now - self._last_logged >= ERROR_LOG_INTERVAL_S:
            self._last_logged = now
            LOG.warning("capture failed", extra={"resource": str(self.capturer.name),
                                                 "method": self.capturer.method.method, "error": self.last_error})

    def flush(self) -> None:
        try:
            self.buffer.flush()
        except OSError as exc:
            self._error(exc)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing anyway
                pass
            self._task = None
        self.flush()

    def status(self) -> dict[str, Any]:
        return {"resource": str(self.capturer.name), "method": self.capturer.method.method,
                "capture_frequency_hz": 1.0 / self.interval_s, "captured": self.captured, "errors": self.errors,
                "last_error": self.last_error}
