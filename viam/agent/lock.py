"""Single-instance lock: one viam-agent per root.

An exclusive ``flock`` on ``opt/viam/viam-agent.pid`` is the lock (the kernel drops it when the
holder dies, even on kill -9); the PID written inside lets a second instance name the holder and
lets ``viam-agent status`` tell a live agent from a stale file.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from viam.agent.errors import AlreadyRunningError
from viam.proctree import pid_alive

LOG = logging.getLogger(__name__)


def read_pid(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


class InstanceLock:
    """Hold the agent's PID lock for the lifetime of the process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = read_pid(self.path)
            if holder is not None and pid_alive(holder):
                raise AlreadyRunningError(
                    f"viam-agent is already running (pid {holder}, lock {self.path})", holder
                ) from None
            raise AlreadyRunningError(
                f"{self.path} is locked by another process (recorded pid {holder} is not running)", holder
            ) from None
        stale = read_pid(self.path)
        if stale is not None and stale != os.getpid():
            LOG.warning("taking over stale lock %s (pid %d is gone)", self.path, stale)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def running_agent_pid(path: Path) -> int | None:
    """PID of the agent holding the lock, or None when no live agent holds it."""
    pid = read_pid(path)
    if pid is None or not pid_alive(pid):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return pid
    finally:
        os.close(fd)
    return None
