"""Process trees from /proc (no psutil): find descendants, signal them, wait for them to go."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path


def pid_alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (children, grandchildren, ...), even ones that setsid()."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def signal_pids(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


async def wait_gone(pids: list[int], timeout_s: float) -> list[int]:
    """Wait until the pids are gone; return the ones still alive after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    alive = [p for p in pids if pid_alive(p)]
    while alive and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
        alive = [p for p in alive if pid_alive(p)]
    return alive


async def kill_tree(pid: int, grace_s: float, known: set[int] | None = None) -> bool:
    """SIGTERM ``pid``, then SIGKILL its whole tree and process group after ``grace_s``.

    Only the leader gets SIGTERM so it can shut its own children down in order. The tree is
    re-read while waiting, because once the leader exits its children are re-parented and can no
    longer be found from it. ``known`` adds pids seen earlier. Returns True if SIGKILL was needed.
    """
    tree = set(known or ()) | {pid, *descendants(pid)}
    signal_pids([pid], signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while pid_alive(pid) and time.monotonic() < deadline:
        tree.update(descendants(pid))
        await asyncio.sleep(0.02)
    forced = pid_alive(pid)
    signal_group(pid, signal.SIGKILL)
    leftovers = [p for p in tree if pid_alive(p)]
    for p in list(leftovers):
        leftovers.extend(descendants(p))
    signal_pids(leftovers, signal.SIGKILL)
    await wait_gone([pid, *leftovers], 5.0)
    return forced
