"""The server's private temp directory (module sockets, the parent socket), and the removal of
those left behind by servers that were killed.

Each directory holds an ``owner.pid`` marker with the server's pid. At start, ``viam-*``
directories in the temp dir that carry the marker, belong to this user and name a pid that is no
longer running are removed; anything without the marker was not made by a server and is left.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

LOG = logging.getLogger(__name__)
PREFIX = "viam-"
MARKER = "owner.pid"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(temp_root: Path | None = None) -> list[Path]:
    """Remove private dirs of dead servers (this user's, with the marker); return what went."""
    root = Path(temp_root or tempfile.gettempdir())
    removed = []
    try:
        entries = list(root.glob(f"{PREFIX}*"))
    except OSError:
        return removed
    for entry in entries:
        try:
            if entry.is_symlink() or not entry.is_dir() or entry.stat().st_uid != os.getuid():
                continue
            pid = int((entry / MARKER).read_text().strip())
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or _running(pid):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    if removed:
        LOG.info("removed private dirs of servers no longer running", extra={"count": len(removed)})
    return removed


def create() -> Path:
    """A new 0700 private dir with this server's marker."""
    path = Path(tempfile.mkdtemp(prefix=PREFIX))
    path.chmod(0o700)
    (path / MARKER).write_text(f"{os.getpid()}\n")
    return path
