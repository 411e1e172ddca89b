"""The serial link interface and its pyserial backend.

`open_serial` uses `serial.serial_for_url`, so device paths (`/dev/ttyAMA0`, `/dev/ttyUSB0`),
pty slaves and pyserial URLs (`loop://` echoes what is written, used by tests) all work.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from typing import Any

from drivers.errors import SerialError, SerialUnavailable

log = logging.getLogger(__name__)


class SerialLink(ABC):
    """A byte stream to one serial device. Subclasses implement the four methods."""

    url: str

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Send `data` (blocks until it is handed to the driver)."""

    @abstractmethod
    def read(self, size: int, timeout_s: float | None = None) -> bytes:
        """Return up to `size` bytes; fewer (maybe none) if `timeout_s` passes first."""

    @abstractmethod
    def readline(self, timeout_s: float | None = None) -> bytes:
        """Return one line including b"\\n"; a partial line (maybe empty) on timeout."""

    @abstractmethod
    def close(self) -> None:
        """Close the port; idempotent."""

    def __enter__(self) -> SerialLink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"


class PySerialLink(SerialLink):
    """A serial port through pyserial.

    Args:
        url: device path or pyserial URL (`loop://`, `rfc2217://...`).
        baudrate: bits per second (9600 is the NMEA 0183 default).
        timeout_s: default read timeout; None blocks.
        port: an already-open pyserial object (tests), instead of opening `url`.
    """

    def __init__(
        self, url: str, *, baudrate: int = 9600, timeout_s: float | None = 1.0, port: Any = None, **options: Any
    ) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        if port is None:
            import serial

            try:
                port = serial.serial_for_url(url, baudrate=baudrate, timeout=timeout_s, **options)
            except (serial.SerialException, ValueError, OSError) as e:
                raise SerialUnavailable(f"cannot open serial port {url}: {e}") from e
        self._port: Any = port
        log.debug("opened serial port %s at %d baud", url, baudrate)

    def _require_open(self) -> Any:
        if self._port is None:
            raise SerialUnavailable(f"serial port {self.url} is closed")
        return self._port

    def _io(self, what: str, fn: Any) -> Any:
        import serial

        try:
            return fn()
        except (serial.SerialException, OSError) as e:
            raise SerialError(f"{what} serial port {self.url} failed: {e}") from e

    def write(self, data: bytes) -> None:
        port = self._require_open()
        self._io("writing to", lambda: (port.write(bytes(data)), port.flush()))

    def read(self, size: int, timeout_s: float | None = None) -> bytes:
        port = self._require_open()
        with self._lock:
            port.timeout = self.timeout_s if timeout_s is None else timeout_s
            return bytes(self._io("reading from", lambda: port.read(size)))

    def readline(self, timeout_s: float | None = None) -> bytes:
        port = self._require_open()
        with self._lock:
            port.timeout = self.timeout_s if timeout_s is None else timeout_s
            return bytes(self._io("reading from", port.readline))

    @property
    def in_waiting(self) -> int:
        """Bytes received and not yet read."""
        return int(self._require_open().in_waiting)

    def close(self) -> None:
        if self._port is not None:
            port, self._port = self._port, None
            port.close()


def open_serial(url: str, *, baudrate: int = 9600, timeout_s: float | None = 1.0, **options: Any) -> SerialLink:
    """Open a serial link on a device path or pyserial URL."""
    return PySerialLink(url, baudrate=baudrate, timeout_s=timeout_s, **options)
