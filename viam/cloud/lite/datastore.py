"""viam-app-lite's data store: a SQLite index (``datasync/index.sqlite``) plus binary files.

Each upload is keyed by a hash of its part and its (deterministically serialized) content, so
a machine that re-sends a file it had already had acknowledged (a crash between the app's ack
and its delete) gets the same id back and nothing is stored twice.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from google.protobuf import json_format, struct_pb2

from viam.gen.app.datasync.v1 import data_sync_pb2 as pb

SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY, part_id TEXT NOT NULL, kind TEXT NOT NULL, component_type TEXT, component_name TEXT,
    method_name TEXT, tags TEXT, file_name TEXT, file_extension TEXT, mime_type TEXT, method_parameters TEXT,
    received_at REAL NOT NULL, readings INTEGER NOT NULL, bytes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS readings (
    upload_id TEXT NOT NULL, seq INTEGER NOT NULL, part_id TEXT NOT NULL, component_type TEXT,
    component_name TEXT, method_name TEXT, time_requested REAL, time_received REAL, data BLOB, blob TEXT,
    mime_type TEXT, tags TEXT, PRIMARY KEY (upload_id, seq)
);
CREATE INDEX IF NOT EXISTS readings_by_part_time ON readings (part_id, time_requested);
"""
_EXT = {"image/jpeg": ".jpeg", "image/png": ".png", "pointcloud/pcd": ".pcd"}


def _seconds(ts: Any) -> float:
    return ts.seconds + ts.nanos / 1e9


@dataclass
class Stored:
    id: str
    duplicate: bool


class DataStore:
    def __init__(self, root: Path) -> None:
        self.root = root / "datasync"
        self.blobs = self.root / "blobs"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.root / "index.sqlite", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def key(part_id: str, *parts: bytes) -> str:
        digest = hashlib.sha256(part_id.encode())
        for part in parts:
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()[:32]

    def _write_blob(self, name: str, data: bytes) -> str:
        path = self.blobs / name
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        return name

    def store_capture(self, meta: pb.UploadMetadata, readings: list[pb.SensorData]) -> Stored:
        """DataCaptureUpload / StreamingDataCaptureUpload: tabular readings or binary payloads."""
        upload_id = self.key(meta.part_id, meta.SerializeToString(deterministic=True),
                             *[r.SerializeToString(deterministic=True) for r in readings])
        with self._lock:
            if self._db.execute("SELECT 1 FROM uploads WHERE id = ?", (upload_id,)).fetchone():
                return Stored(upload_id, True)
            binary = meta.type == pb.DATA_TYPE_BINARY_SENSOR
            tags = json.dumps(list(meta.tags))
            rows = []
            size = 0
            for seq, reading in enumerate(readings):
                data = blob = None
                if reading.WhichOneof("data") == "binary":
                    ext = meta.file_extension or _EXT.get(meta.mime_type, ".bin")
                    blob = self._write_blob(f"{upload_id}-{seq}{ext}", reading.binary)
                    size += len(reading.binary)
                else:
                    data = reading.struct.SerializeToString()
                    size += reading.ByteSize()
                rows.append((upload_id, seq, meta.part_id, meta.component_type, meta.component_name, meta.method_name,
                             _seconds(reading.metadata.time_requested), _seconds(reading.metadata.time_received),
                             data, blob, meta.mime_type, tags))
            self._db.execute("BEGIN")
            self._db.executemany("INSERT INTO readings VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            self._db.execute("INSERT INTO uploads VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                upload_id, meta.part_id, "binary" if binary else "tabular", meta.component_type, meta.component_name,
                meta.method_name, tags, meta.file_name, meta.file_extension, meta.mime_type,
                json.dumps({k: json_format.MessageToDict(v) for k, v in meta.method_parameters.items()}),
                time.time(), len(rows), size))
            self._db.execute("COMMIT")
        return Stored(upload_id, False)

    def store_file(self, meta: pb.UploadMetadata, content: bytes) -> Stored:
        """FileUpload: an arbitrary file."""
        upload_id = self.key(meta.part_id, meta.SerializeToString(deterministic=True), content)
        with self._lock:
            if self._db.execute("SELECT 1 FROM uploads WHERE id = ?", (upload_id,)).fetchone():
                return Stored(upload_id, True)
            blob = self._write_blob(f"{upload_id}{meta.file_extension}", content)
            tags = json.dumps(list(meta.tags))
            modified = _seconds(meta.file_modify_time) if meta.HasField("file_modify_time") else time.time()
            self._db.execute("BEGIN")
            self._db.execute("INSERT INTO readings VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (
                upload_id, 0, meta.part_id, meta.component_type, meta.component_name, meta.method_name, modified,
                modified, None, blob, meta.mime_type, tags))
            self._db.execute("INSERT INTO uploads VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                upload_id, meta.part_id, "file", meta.component_type, meta.component_name, meta.method_name, tags,
                meta.file_name, meta.file_extension, meta.mime_type, "{}", time.time(), 1, len(content)))
            self._db.execute("COMMIT")
        return Stored(upload_id, False)

    def export(self, part_id: str, since: float = 0.0, until: float | None = None) -> Iterator[dict[str, Any]]:
        """Every stored reading of a part from ``since`` (time requested), oldest first."""
        query = ("SELECT r.upload_id, r.seq, r.component_type, r.component_name, r.method_name, r.time_requested, "
                 "r.time_received, r.data, r.blob, r.mime_type, r.tags, u.kind, u.file_name FROM readings r "
                 "JOIN uploads u ON u.id = r.upload_id WHERE r.part_id = ? AND r.time_requested >= ?")
        args: list[Any] = [part_id, since]
        if until is not None:
            query += " AND r.time_requested < ?"
            args.append(until)
        query += " ORDER BY r.time_requested, r.upload_id, r.seq"
        with self._lock:
            rows = self._db.execute(query, args).fetchall()
        for (upload_id, seq, ctype, cname, method, requested, received, data, blob, mime, tags, kind,
             file_name) in rows:
            record: dict[str, Any] = {
                "id": f"{upload_id}/{seq}", "kind": kind, "component_type": ctype, "component_name": cname,
                "method_name": method, "time_requested": _iso(requested), "time_received": _iso(received),
                "tags": json.loads(tags or "[]"),
            }
            if data is not None:
                record["data"] = json_format.MessageToDict(struct_pb2.Struct.FromString(data))
            if blob is not None:
                record["file"] = str(self.blobs / blob)
                record["mime_type"] = mime
            if file_name:
                record["file_name"] = file_name
            yield record


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_since(text: str) -> float:
    """``--since``: an ISO 8601 time, seconds since the epoch, or a duration ago (``10m``, ``2h``, ``1d``)."""
    text = text.strip()
    if not text:
        return 0.0
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    if text[-1] in units and text[:-1].replace(".", "", 1).isdigit():
        return time.time() - float(text[:-1]) * units[text[-1]]
    try:
        return float(text)
    except ValueError:
        pass
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
