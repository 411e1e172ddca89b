"""A minimal asyncio inotify reader (Linux, through libc with ctypes; no extra dependency).

Only what the config watcher needs: watch one directory, report the names of entries that were
written, created, moved in or out, or deleted. The watch is armed when ``open`` returns, so no
change made afterwards can be missed.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import os
import struct
from collections.abc import Callable
from pathlib import Path

IN_MODIFY = 0x00000002
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
DIR_MASK = IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
_HEADER = struct.Struct("iIII")


class InotifyUnavailable(OSError):
    """This platform (or its limits) gives no inotify; callers fall back to polling."""


class DirectoryWatch:
    """Calls ``on_event(name)`` on the event loop for each change of an entry in ``directory``."""

    def __init__(self, directory: Path, on_event: Callable[[str], None]) -> None:
        self.directory = directory
        self.on_event = on_event
        self._fd = -1
        self._loop: asyncio.AbstractEventLoop | None = None

    def open(self) -> None:
        libc_name = ctypes.util.find_library("c")
        if not libc_name:
            raise InotifyUnavailable("no C library found for inotify")
        libc = ctypes.CDLL(libc_name, use_errno=True)
        if not hasattr(libc, "inotify_init1"):
            raise InotifyUnavailable("the C library has no inotify")
        fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            raise InotifyUnavailable(f"inotify_init1 failed: {os.strerror(ctypes.get_errno())}")
        wd = libc.inotify_add_watch(fd, os.fsencode(self.directory), DIR_MASK | IN_DELETE_SELF | IN_MOVE_SELF)
        if wd < 0:
            err = ctypes.get_errno()
            os.close(fd)
            raise InotifyUnavailable(f"cannot watch {self.directory}: {os.strerror(err)}")
        self._fd = fd
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(fd, self._read)

    def _read(self) -> None:
        try:
            data = os.read(self._fd, 64 * 1024)
        except BlockingIOError:
            return
        except OSError:
            return
        offset = 0
        while offset + _HEADER.size <= len(data):
            _wd, mask, _cookie, length = _HEADER.unpack_from(data, offset)
            raw = data[offset + _HEADER.size: offset + _HEADER.size + length]
            offset += _HEADER.size + length
            name = raw.split(b"\0", 1)[0].decode(errors="surrogateescape")
            self.on_event(name if name else ("" if not mask & (IN_DELETE_SELF | IN_MOVE_SELF) else "."))

    def close(self) -> None:
        if self._fd >= 0:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(self._fd)
            os.close(self._fd)
            self._fd = -1
