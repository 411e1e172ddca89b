"""One viam-server per ``VIAM_HOME``.

Two servers on one home would remove each other's packages and module data as "unused", so the
second one must refuse to start. An exclusive ``flock`` on ``$VIAM_HOME/viam-server.pid`` is the
lock: the kernel drops it when the holder exits, even on SIGKILL, so a killed server never
blocks the next one. The pid written inside only serves to name the holder in the error.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_NAME = "viam-server.pid"


class HomeInUseError(RuntimeError):
    """Another live process holds the lock of this ``VIAM_HOME``."""

    def __init__(self, home: Path, pid: int | None) -> None:
        holder = f"pid {pid}" if pid else "another process"
        super().__init__(f"VIAM_HOME {home} is in use by another viam-server ({holder}, lock "
                         f"{home / LOCK_NAME}); give each server its own VIAM_HOME")
        self.home = home
        self.pid = pid


def _recorded_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode(errors="replace").strip()
    return int(text) if text.isdigit() else None


class HomeLock:
    """Held for the lifetime of the server; ``acquire`` raises ``HomeInUseError`` at once."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return self.home / LOCK_NAME

    def acquire(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        # O_CLOEXEC: modules must not inherit (and so keep holding) the lock after a kill -9.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _recorded_pid(fd)
            os.close(fd)
            raise HomeInUseError(self.home, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> HomeLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
