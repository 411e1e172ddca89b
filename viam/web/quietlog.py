"""aiohttp's server log, without a traceback per malformed request.

aiohttp logs every request it cannot parse (a header over 8 KiB, bad framing) with a full
traceback, so anyone can fill the log. Those become one warning per source per minute; any
other exception (a bug in a handler) keeps its traceback.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from aiohttp.http_exceptions import HttpProcessingError

from viam.rpc.guard import OncePerSource
from viam.utils import shorten


class QuietServerLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__(logging.getLogger("aiohttp.server"), {})
        self._once = OncePerSource()

    def exception(self, msg: object, *args: Any, exc_info: Any = True, **kwargs: Any) -> None:
        exc = sys.exc_info()[1] if exc_info is True else exc_info
        if not isinstance(exc, HttpProcessingError):
            self.logger.exception(msg, *args, exc_info=exc_info, **kwargs)
            return
        text = str(msg) % args if args else str(msg)
        if self._once.allow(text):
            self.logger.warning("%s: %s (further ones from this source are not logged for %gs)", text,
                                shorten(str(exc), 120), self._once.every_s)
