"""The server's recent log lines, kept in memory for the control page's log panel (``/api/logs``).

A ring buffer on the root logger: the newest ``MAX_LINES`` records, each numbered so a poller asks
only for what is newer than the last one it saw (``after``). Nothing is written anywhere.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from typing import Any

from viam.logging import _fields, _quote

MAX_LINES = 1000
MAX_MESSAGE_CHARS = 2000


class LogTail(logging.Handler):
    def __init__(self, level: int = logging.INFO, max_lines: int = MAX_LINES) -> None:
        super().__init__(level)
        self._lines: collections.deque[dict[str, Any]] = collections.deque(maxlen=max_lines)
        self._seq = 0
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not break logging
            message = str(record.msg)
        fields = _fields(record)
        if fields:
            message += " " + " ".join(f"{key}={_quote(value)}" for key, value in fields.items())
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"
        with self._lock:
            self._seq += 1
            self._lines.append({"seq": self._seq, "time": stamp, "level": record.levelname, "logger": record.name,
                                "message": message[:MAX_MESSAGE_CHARS]})

    def since(self, after: int, limit: int = 200) -> dict[str, Any]:
        """Lines numbered above ``after`` (at most ``limit``, the oldest first) and the next ``after``."""
        with self._lock:
            lines = [line for line in self._lines if line["seq"] > after][:limit]
            latest = self._seq
        if lines:
            return {"lines": lines, "next": lines[-1]["seq"]}
        return {"lines": [], "next": after if 0 <= after <= latest else 0}  # a restarted server counts anew

    def install(self) -> None:
        logging.getLogger().addHandler(self)

    def uninstall(self) -> None:
        logging.getLogger().removeHandler(self)
