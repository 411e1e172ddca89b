"""``forward_system_logs``: journald entries to the app, through the agent's log queue.

As the reference agent: ``journalctl -f -o json`` is followed while
``system_configuration.forward_system_logs`` is set (and syscfg runs); the value is a comma list of
``SYSLOG_IDENTIFIER`` s, ``all`` for everything, ``-name`` to exclude one (``"all,-NetworkManager"``);
the agent's own entries are never forwarded (they are uploaded directly). An entry's level comes
from ``PRIORITY``, its time from ``__REALTIME_TIMESTAMP``, its logger name is ``IDENT[PID]``.
At most ~100 entries a second are taken. A change of the setting applies live.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import time
from collections.abc import Callable
from typing import Any

from viam.agent.netlog import Entry, LogQueue

LOG = logging.getLogger(__name__)
_PRIORITY = {"0": "error", "1": "error", "2": "error", "3": "error", "4": "warn", "5": "info", "6": "info",
             "7": "debug"}
RATE_SLEEP_S = 0.01


class JournalFilter:
    def __init__(self, spec: str) -> None:
        self.all = False
        self.names: dict[str, bool] = {}
        for part in (p.strip() for p in spec.split(",")):
            if part == "all":
                self.all = True
            elif part.startswith("-"):
                self.names[part[1:]] = False
            elif part:
                self.names[part] = True
        self.names["viam-agent"] = False

    def wants(self, identifier: str) -> bool:
        return self.names.get(identifier, self.all)


def _text(value: Any) -> str:
    if isinstance(value, list):  # journald's JSON gives non-UTF-8 fields as byte arrays
        return bytes(v for v in value if isinstance(v, int)).decode(errors="replace")
    return "" if value is None else str(value)


def to_entry(record: dict[str, Any]) -> Entry:
    ident = _text(record.get("SYSLOG_IDENTIFIER"))
    pid = _text(record.get("_PID"))
    try:
        stamp = int(_text(record.get("__REALTIME_TIMESTAMP"))) / 1e6
    except ValueError:
        stamp = time.time()
    return Entry(stamp, _PRIORITY.get(_text(record.get("PRIORITY")), "info"), f"{ident}[{pid}]" if pid else ident,
                 _text(record.get("MESSAGE")))


class JournalForwarder:
    """Follows journalctl while ``spec()`` names something to forward."""

    def __init__(self, queue: LogQueue, spec: Callable[[], str]) -> None:
        self.queue = queue
        self.spec = spec
        self.forwarded = 0
        self._running_spec = ""
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._warned = False

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                wanted = self.spec().strip()
                if wanted != self._running_spec or (wanted and self._reader is not None and self._reader.done()):
                    await self._stop_follow()
                    if wanted:
                        await self._start_follow(wanted)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 1.0)
        finally:
            await self._stop_follow()

    async def _start_follow(self, spec: str) -> None:
        self._running_spec = spec
        exe = shutil.which("journalctl")
        if exe is None:
            if not self._warned:
                LOG.warning("journalctl not available, log forwarding disabled")
                self._warned = True
            return
        self._proc = await asyncio.create_subprocess_exec(exe, "-f", "-o", "json", stdin=asyncio.subprocess.DEVNULL,
                                                          stdout=asyncio.subprocess.PIPE,
                                                          stderr=asyncio.subprocess.DEVNULL)
        self._reader = asyncio.create_task(self._read(self._proc, JournalFilter(spec)))
        LOG.info("started system log forwarding (%s)", spec)

    async def _read(self, proc: asyncio.subprocess.Process, wanted: JournalFilter) -> None:
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict) or not wanted.wants(_text(record.get("SYSLOG_IDENTIFIER"))):
                continue
            self.queue.put(to_entry(record))
            self.forwarded += 1
            await asyncio.sleep(RATE_SLEEP_S)

    async def _stop_follow(self) -> None:
        proc, reader = self._proc, self._reader
        self._proc, self._reader, self._running_spec = None, None, ""
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10.0)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
        if proc is not None:
            LOG.info("stopped system log forwarding")
