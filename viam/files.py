"""Durable file replacement: the one way state is written to disk here.

A power cut (or SIGKILL) at any instant leaves either the old file or the new one, never a torn
or empty one: the bytes go to a temp file in the same directory, are fsynced, renamed over the
target, and the directory is fsynced so the rename itself survives. Used for agent state,
credentials, NetworkManager drop-ins, the cloud config cache, package status and downloads.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def fsync_dir(directory: Path) -> None:
    """Make a rename (or create/unlink) in ``directory`` durable (a no-op where the file system
    cannot fsync a directory)."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def commit_file(tmp: Path, path: Path) -> None:
    """Move a fully written ``tmp`` over ``path`` durably (fsync, rename, fsync of the directory)."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes | str, *, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data``; the file has ``mode`` from its first byte (0600 stays private)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data.encode() if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write_json(path: Path, data: Any, *, mode: int = 0o644, indent: int | None = 2,
                      sort_keys: bool = True) -> None:
    """``atomic_write`` of ``data`` as JSON (with a trailing newline)."""
    atomic_write(path, json.dumps(data, indent=indent, sort_keys=sort_keys) + "\n", mode=mode)
