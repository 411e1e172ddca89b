"""Capture files in the reference's on-disk format.

A file is one length-delimited (uvarint length, then bytes) ``DataCaptureMetadata`` followed by
length-delimited ``SensorData`` messages. It is written as ``<timestamp>.prog`` and renamed to
``<timestamp>.capture`` when complete (after an fsync), so a completed file is never half written.

Durability: each message goes to the kernel in one ``write`` (a kill -9 loses nothing written);
the open file is fsync'ed at most ``FSYNC_INTERVAL_S`` apart, so a power cut loses at most that
much of the open file. A ``.prog`` left by a crash is recovered at start: cut back to its last
whole message and completed (``recover_in_progress``).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from viam.files import commit_file
from viam.gen.app.datasync.v1 import data_sync_pb2 as pb
from viam.rpc.wire import encode_varint

LOG = logging.getLogger(__name__)

IN_PROGRESS_EXT = ".prog"
COMPLETED_EXT = ".capture"
FSYNC_INTERVAL_S = 1.0


def delimited(message: pb.DataCaptureMetadata | pb.SensorData) -> bytes:
    payload = message.SerializeToString()
    return encode_varint(len(payload)) + payload


def _read_varint(data: bytes | memoryview, offset: int) -> tuple[int, int] | None:
    """(value, next offset), or None when the varint runs past the end."""
    result = shift = 0
    while offset < len(data):
        byte = data[offset]
        offset += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, offset
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")
    return None


def iter_delimited(data: bytes) -> Iterator[tuple[bytes, int]]:
    """Each whole message's bytes and the offset just after it; stops at a torn tail."""
    view = memoryview(data)
    offset = 0
    while offset < len(data):
        header = _read_varint(view, offset)
        if header is None:
            return
        length, start = header
        if start + length > len(data):
            return
        yield bytes(view[start:start + length]), start + length
        offset = start + length


def file_timestamp_name(now: float | None = None) -> str:
    """The reference's name: local time with microseconds and offset, ':' replaced by '_'."""
    stamp = datetime.fromtimestamp(time.time() if now is None else now).astimezone()
    text = stamp.isoformat(timespec="microseconds")
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text.replace(":", "_")


class CaptureFileWriter:
    """An open ``.prog`` file: metadata written at creation, then one message per ``write``."""

    def __init__(self, directory: Path, metadata: pb.DataCaptureMetadata) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        stem = file_timestamp_name()
        path = directory / (stem + IN_PROGRESS_EXT)
        suffix = 0
        while path.exists() or path.with_suffix(COMPLETED_EXT).exists():
            suffix += 1
            path = directory / f"{stem}-{suffix}{IN_PROGRESS_EXT}"
        self.path = path
        self.opened_at = time.monotonic()
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_EXCL, 0o600)
        self._last_fsync = self.opened_at
        self.size = 0
        self.count = 0
        self._write(delimited(metadata))

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self.size += len(data)

    def write(self, message: pb.SensorData) -> None:
        self._write(delimited(message))
        self.count += 1
        now = time.monotonic()
        if now - self._last_fsync >= FSYNC_INTERVAL_S:
            os.fsync(self._fd)
            self._last_fsync = now

    def close(self) -> Path:
        """fsync, close and rename to ``.capture``; return the completed path."""
        if self._fd < 0:
            return self.path
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self._fd = -1
        done = self.path.with_suffix(COMPLETED_EXT)
        commit_file(self.path, done)
        self.path = done
        return done

    def discard(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self.path.unlink(missing_ok=True)


def read_capture_file(path: Path) -> tuple[pb.DataCaptureMetadata, list[pb.SensorData]]:
    """Metadata and every whole SensorData of a file (a torn tail is ignored)."""
    data = path.read_bytes()
    messages = iter_delimited(data)
    first = next(messages, None)
    if first is None:
        raise ValueError(f"{path}: no DataCaptureMetadata")
    metadata = pb.DataCaptureMetadata.FromString(first[0])
    readings = [pb.SensorData.FromString(raw) for raw, _ in messages]
    return metadata, readings


def recover_in_progress(root: Path) -> list[Path]:
    """Complete every ``.prog`` under ``root`` left by a crash: cut a torn tail, rename to ``.capture``.

    Call only when no writer is open (at start). A file without whole metadata is removed.
    """
    recovered: list[Path] = []
    if not root.exists():
        return recovered
    for path in sorted(root.rglob("*" + IN_PROGRESS_EXT)):
        try:
            data = path.read_bytes()
            good = 0
            whole = 0
            for _, end in iter_delimited(data):
                good = end
                whole += 1
            if whole == 0:
                path.unlink()
                LOG.warning("removed an in-progress capture file with no metadata", extra={"path": str(path)})
                continue
            if good < len(data):
                LOG.warning("cut a torn message off an in-progress capture file",
                            extra={"path": str(path), "bytes_cut": len(data) - good})
                with open(path, "r+b") as handle:
                    handle.truncate(good)
                    handle.flush()
                    os.fsync(handle.fileno())
            if whole == 1:  # metadata only: nothing was captured
                path.unlink()
                continue
            done = path.with_suffix(COMPLETED_EXT)
            commit_file(path, done)
            recovered.append(done)
        except (OSError, ValueError) as exc:
            LOG.error("cannot recover in-progress capture file", extra={"path": str(path), "error": str(exc)})
    return recovered
