"""Single-instance lock: one viam-agent per root (``opt/viam/viam-agent.pid``, a ``viam.pidlock``).

The PID written inside lets a second instance name the holder and lets ``viam-agent status`` tell a
live agent from a stale file.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from viam.agent.errors import AlreadyRunningError
from viam.pidlock import LockHeld, PidLock, read_pid
from viam.proctree import pid_alive

LOG = logging.getLogger(__name__)
class InstanceLock(PidLock):
    """Hold the agent's PID lock for the lifetime of the process."""

    def acquire(self) -> int | None:
        try:
            stale = super().acquire()
        except LockHeld as held:
            if held.pid is not None and pid_alive(held.pid):
                raise AlreadyRunningError(
                    f"viam-agent is already running (pid {held.pid}, lock {self.path})", held.pid
                ) from None
            raise AlreadyRunningError(
                f"{self.path} is locked by another process (recorded pid {held.pid} is not running)", held.pid
            ) from None
        if stale is not None:
            LOG.warning("taking over stale lock %s (pid %d is gone)", self.path, stale)
        return stale

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
