"""Watch the config file and report its new bytes when its content really changes.

inotify watches the file's *directory*, so editors that save by writing a temp file and
renaming it over the config (atomic-rename saves) are seen as well as in-place writes. A burst of
events is collected until it has been quiet for ``quiet_ms`` (50 ms), and for at most
``debounce_ms`` (500 ms), then the file is read once: a single save is live quickly, a stream of
writes is read at most twice a second. Bytes identical to the last ones reported are ignored, so
touching or re-saving an unchanged file does nothing. Where inotify is unavailable, the file is
polled every ``poll_s`` seconds instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from viam.config.inotify import DirectoryWatch, InotifyUnavailable

LOG = logging.getLogger(__name__)
DEBOUNCE_MS = 500
QUIET_MS = 50
POLL_S = 1.0


class ConfigFileWatcher:
    """Calls ``on_change(data)`` with the file's bytes after each real change (one call at a time)."""

    def __init__(self, path: str | Path, on_change: Callable[[bytes], Awaitable[None]], *,
                 initial: bytes | None = None, debounce_ms: int = DEBOUNCE_MS, quiet_ms: int = QUIET_MS,
                 poll_s: float = POLL_S, on_saved: Callable[[], None] | None = None) -> None:
        """``on_saved`` is called at once on each save event, even while an earlier change is
        still being applied (so the owner can cut that apply's waits short)."""
        self.path = Path(path).absolute()
        self.on_change = on_change
        self.on_saved = on_saved
        self.debounce_s = debounce_ms / 1000
        self.quiet_s = quiet_ms / 1000
        self.poll_s = poll_s
        self._digest = _digest(initial) if initial is not None else ""
        self._poke = asyncio.Event()
        self._watch: DirectoryWatch | None = None
        self._task: asyncio.Task[None] | None = None
        self._check_lock = asyncio.Lock()

    async def start(self) -> None:
        """Arm the watch, then look once for edits made since ``initial`` was read."""
        try:
            self._watch = DirectoryWatch(self.path.parent, self._on_event)
            self._watch.open()
            self._task = asyncio.create_task(self._settle_loop(), name=f"config-watch:{self.path.name}")
        except InotifyUnavailable as exc:
            LOG.warning("inotify unavailable (%s); polling the config file every %gs", exc, self.poll_s)
            self._watch = None
            self._task = asyncio.create_task(self._poll_loop(), name=f"config-poll:{self.path.name}")
        try:
            await self.check()
        except Exception:  # noqa: BLE001 - a save in the first moments must not take the server down
            LOG.exception("applying the changed config failed")

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - stopping anyway
                pass

    async def check(self, *, force: bool = False) -> bool:
        """Read the file; report it if its bytes changed (or ``force``). Returns whether it reported."""
        async with self._check_lock:
            try:
                data = await asyncio.to_thread(self.path.read_bytes)
            except FileNotFoundError:
                LOG.warning("config file is gone; keeping the running config", extra={"path": str(self.path)})
                return False
            except OSError as exc:
                LOG.error("cannot read config file: %s", exc, extra={"path": str(self.path)})
                return False
            digest = _digest(data)
            if digest == self._digest and not force:
                LOG.debug("config file saved with identical bytes; ignored", extra={"path": str(self.path)})
                return False
            self._digest = digest
            await self.on_change(data)
            return True

    def _on_event(self, name: str) -> None:
        if name in (self.path.name, "."):
            self._poke.set()
            if self.on_saved is not None and self._check_lock.locked():
                self.on_saved()

    async def _settle_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._poke.wait()
            first = loop.time()
            while True:  # wait for quiet, but never longer than the debounce window
                self._poke.clear()
                remaining = self.debounce_s - (loop.time() - first)
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._poke.wait(), min(self.quiet_s, remaining))
                except TimeoutError:
                    break
            try:
                await self.check()
            except Exception:  # noqa: BLE001 - a failed apply must not stop the watch
                LOG.exception("applying the changed config failed")

    async def _poll_loop(self) -> None:
        while True:
            await asyncio.sleep(self.poll_s)
            try:
                await self.check()
            except Exception:  # noqa: BLE001 - a failed apply must not stop the watch
                LOG.exception("applying the changed config failed")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
