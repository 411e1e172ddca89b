"""Structured logging: one line per record, ``key=value`` fields after the message.

Records may carry ``resource`` (a resource name) and any other fields through ``extra``;
``resource_logger`` binds the resource name once.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Mapping
from typing import Any

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "taskName"}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}


class TextFormatter(logging.Formatter):
    """``2026-01-01T00:00:00.000Z INFO logger message key=value ...``"""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"
        parts = [stamp, record.levelname, record.name, record.getMessage()]
        parts += [f"{key}={_quote(value)}" for key, value in _fields(record).items()]
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": record.created,
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **{k: v if isinstance(v, int | float | bool | str) else str(v) for k, v in _fields(record).items()},
        }
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data)


def _quote(value: Any) -> str:
    text = str(value)
    return json.dumps(text) if (" " in text or '"' in text or not text) else text


LOG_FILE_MAX_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5


def setup_logging(debug: bool = False, json_lines: bool = False, stream: Any = None,
                  log_file: str | None = None) -> None:
    """Log to ``stream`` (stderr), and also to ``log_file`` rotated at 10 MB when given."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    handlers: list[logging.Handler] = [handler]
    if log_file:
        from logging.handlers import RotatingFileHandler  # only the server keeps a file; modules skip it

        to_file = RotatingFileHandler(log_file, maxBytes=LOG_FILE_MAX_BYTES, backupCount=LOG_FILE_BACKUPS)
        to_file.setFormatter(handler.formatter)
        handlers.append(to_file)
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for noisy in ("asyncio", "grpc"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class _BoundLogger(logging.LoggerAdapter):
    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        extra = dict(self.extra or {})
        extra.update(kwargs.get("extra") or {})
        kwargs["extra"] = extra
        return msg, kwargs


def resource_logger(logger: logging.Logger, resource: object, **fields: Any) -> logging.LoggerAdapter:
    """A logger that adds ``resource=<name>`` (and ``fields``) to every record."""
    bound: Mapping[str, Any] = {"resource": str(resource), **fields}
    return _BoundLogger(logger, bound)
