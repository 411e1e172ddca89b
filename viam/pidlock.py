"""A pid file held with an exclusive ``flock``: the single-instance lock of viam-agent and viam-server.

The kernel drops the lock when the holder exits, even on SIGKILL, so a killed process never blocks
the next one; the pid written inside only names the holder. ``O_CLOEXEC`` keeps child processes
(modules, viam-server under the agent) from inheriting, and so holding, the lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockHeld(Exception):
    """Another live process holds the lock; ``pid`` is the one it recorded (None if unreadable)."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(f"{path} is locked (recorded pid {pid})")
        self.path = path
        self.pid = pid


def read_pid(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


class PidLock:
    """Held for the lifetime of the process; ``acquire`` raises ``LockHeld`` at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> int | None:
        """Take the lock and write our pid; returns the pid a previous (dead) holder left, if any."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(self.path, read_pid(self.path)) from None
        previous = read_pid(self.path)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        os.fsync(fd)
        self._fd = fd
        return previous if previous != os.getpid() else None

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        finally:
            os.close(self._fd)
            self._fd = None
