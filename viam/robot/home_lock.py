"""One viam-server per ``VIAM_HOME``.

Two servers on one home would remove each other's packages and module data as "unused", so the
second one must refuse to start. The lock is a ``viam.pidlock`` on ``$VIAM_HOME/viam-server.pid``,
which a killed server never leaves held.
"""

from __future__ import annotations

from pathlib import Path

from viam.pidlock import LockHeld, PidLock

LOCK_NAME = "viam-server.pid"


class HomeInUseError(RuntimeError):
    """Another live process holds the lock of this ``VIAM_HOME``."""

    def __init__(self, home: Path, pid: int | None) -> None:
        holder = f"pid {pid}" if pid else "another process"
        super().__init__(f"VIAM_HOME {home} is in use by another viam-server ({holder}, lock "
                         f"{home / LOCK_NAME}); give each server its own VIAM_HOME")
        self.home = home
        self.pid = pid


class HomeLock:
    """Held for the lifetime of the server; ``acquire`` raises ``HomeInUseError`` at once."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self._lock = PidLock(self.home / LOCK_NAME)

    @property
    def path(self) -> Path:
        return self._lock.path

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except LockHeld as held:
            raise HomeInUseError(self.home, held.pid) from None

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> HomeLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
