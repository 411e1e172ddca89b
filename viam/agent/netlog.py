"""Agent logs to the app: ``viam.app.v1.RobotService/Log``, batched, bounded, kept through outages.

Records go into one bounded queue (``log_upload.max_queue`` entries, 20000 as the reference's net
appender: when full, the oldest are dropped and the count is logged once the app is back). A
sender takes up to ``batch`` entries at a time, every 0.1 s while the app answers and every
``retry_s`` (5 s) while it does not; an entry leaves the queue only after the app accepted it, so an
outage loses nothing up to the bound. Journald entries (``viam.agent.journal``) join the same queue.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger(__name__)
NORMAL_INTERVAL_S = 0.1
_SERVER_LINE = re.compile(r"\b(DEBUG|INFO|WARNING|ERROR|CRITICAL)\b")
_LEVELS = {"DEBUG": "debug", "INFO": "info", "WARNING": "warn", "ERROR": "error", "CRITICAL": "error"}


@dataclass
class Entry:
    """One log entry as the app takes it (``viam.common.v1.LogEntry``)."""

    time: float
    level: str
    logger_name: str
    message: str
    fields: dict[str, Any] = field(default_factory=dict)
    seq: int = 0


class LogQueue:
    """Bounded, thread-safe; entries carry a sequence number so a send removes only what it sent."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max(1, int(max_entries))
        self._entries: collections.deque[Entry] = collections.deque()
        self._lock = threading.Lock()
        self._seq = 0
        self.dropped = 0

    def put(self, entry: Entry) -> None:
        with self._lock:
            self._seq += 1
            entry.seq = self._seq
            self._entries.append(entry)
            while len(self._entries) > self.max_entries:
                self._entries.popleft()
                self.dropped += 1

    def peek(self, count: int) -> list[Entry]:
        with self._lock:
            return [self._entries[i] for i in range(min(count, len(self._entries)))]

    def remove_through(self, seq: int) -> None:
        with self._lock:
            while self._entries and self._entries[0].seq <= seq:
                self._entries.popleft()

    def take_dropped(self) -> int:
        with self._lock:
            dropped, self.dropped = self.dropped, 0
            return dropped

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class QueueHandler(logging.Handler):
    """The agent's own records (``viam.*`` loggers), and viam-server's output lines, into the queue."""

    def __init__(self, queue: LogQueue, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.queue = queue

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("viam") or record.name == __name__:
            return  # grpc's own chatter, and never our own upload errors (they would feed themselves)
        try:
            if record.msg == "[viam-server] %s" and record.args:
                line = str(record.args[0] if isinstance(record.args, tuple) else record.args)
                found = _SERVER_LINE.search(line)
                entry = Entry(record.created, _LEVELS[found.group(1)] if found else "info", "viam-server", line)
            else:
                name = "viam-agent" + record.name.removeprefix("viam.agent").removeprefix("viam")
                entry = Entry(record.created, _LEVELS.get(record.levelname, "info"), name, record.getMessage())
            self.queue.put(entry)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


class LogUploader:
    """Sends the queue to the app of the part in ``etc/viam.json`` (its ``cloud`` section)."""

    def __init__(self, queue: LogQueue, cloud: Callable[[], dict[str, Any]], *, batch: int = 100,
                 retry_s: float = 5.0) -> None:
        self.queue = queue
        self.cloud = cloud
        self.batch = max(1, int(batch))
        self.retry_s = retry_s
        self.sent = 0
        self.last_error = ""
        self._host = socket.gethostname()

    async def run(self, stop: asyncio.Event) -> None:
        client = None
        try:
            while not stop.is_set():
                wait = NORMAL_INTERVAL_S
                cloud = self.cloud()
                if not len(self.queue) or not cloud.get("id") or not cloud.get("app_address"):
                    wait = NORMAL_INTERVAL_S if len(self.queue) == 0 else 1.0
                else:
                    if client is None or client.cloud != cloud:
                        from viam.agent.cloud import CloudClient

                        if client is not None:
                            await client.close()
                        client = CloudClient(cloud, agent_version="")
                    wait = await self._send_one(client)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), wait)
            if client is not None and len(self.queue):  # a last try at shutdown, briefly
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._send_one(client), 2.0)
        finally:
            if client is not None:
                await client.close()

    async def _send_one(self, client: Any) -> float:
        from viam.agent.errors import AgentError
        from viam.cloud.errors import CloudError  # what the cloud client raises

        dropped = self.queue.take_dropped()
        if dropped:
            self.queue.put(Entry(time.time(), "warn", "viam-agent.netlog",
                                 f"{dropped} log entries were dropped while the app was unreachable "
                                 f"(queue bound {self.queue.max_entries})"))
        batch = self.queue.peek(self.batch)
        try:
            await client.log(self._host, batch)
        except (AgentError, CloudError) as exc:
            if str(exc) != self.last_error:
                LOG.warning("log upload failed (kept %d entries, retrying every %.1fs): %s", len(self.queue),
                            self.retry_s, exc)
            self.last_error = str(exc)
            return self.retry_s
        if self.last_error:
            LOG.info("log upload resumed")
            self.last_error = ""
        self.queue.remove_through(batch[-1].seq)
        self.sent += len(batch)
        return 0.0 if len(self.queue) else NORMAL_INTERVAL_S

