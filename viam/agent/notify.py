"""systemd sd_notify over ``$NOTIFY_SOCKET`` (a UNIX datagram socket; ``@`` = abstract namespace).

Written directly rather than through a library: the protocol is one datagram per message, and the
agent must keep running when no socket is set (outside systemd, in tests).
"""

from __future__ import annotations

import logging
import os
import socket

LOG = logging.getLogger(__name__)


class Notifier:
    """Send ``KEY=VALUE`` lines to systemd; a no-op when ``NOTIFY_SOCKET`` is unset."""

    def __init__(self, address: str | None = None) -> None:
        address = address if address is not None else os.environ.get("NOTIFY_SOCKET", "")
        self.address = address
        self._sock: socket.socket | None = None
        if address:
            self._target = "\0" + address[1:] if address.startswith("@") else address
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
        self._last_status = ""

    @property
    def enabled(self) -> bool:
        return self._sock is not None

    def send(self, *lines: str) -> bool:
        if self._sock is None:
            return False
        try:
            self._sock.sendto("\n".join(lines).encode(), self._target)
        except OSError as exc:
            LOG.warning("sd_notify to %s failed: %s", self.address, exc)
            return False
        return True

    def ready(self, status: str) -> None:
        self._last_status = status
        self.send("READY=1", f"STATUS={status}", f"MAINPID={os.getpid()}")

    def status(self, status: str) -> None:
        """Send STATUS= only when it changed (systemd shows the last one)."""
        if status != self._last_status:
            self._last_status = status
            self.send(f"STATUS={status}")

    def watchdog(self) -> None:
        self.send("WATCHDOG=1")

    def stopping(self, status: str = "stopping") -> None:
        self.send("STOPPING=1", f"STATUS={status}")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def watchdog_interval_s(configured: float) -> float | None:
    """Ping interval: the configured one, else half of systemd's ``WATCHDOG_USEC``, else None."""
    if configured > 0:
        return configured
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if usec.isdigit() and (not pid or pid == str(os.getpid())):
        return int(usec) / 2e6
    return None
