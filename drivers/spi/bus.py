"""The SPI device interface, its spidev backend and an in-memory fake.

An `SPIDevice` is one chip select on one bus; `transfer` is full duplex (as many bytes come
back as go out). spidev is optional: it is imported only when a real device is opened.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from typing import Any

from drivers.errors import BusError, BusUnavailable

log = logging.getLogger(__name__)


class SPIDevice(ABC):
    """One SPI chip select. Subclasses implement `transfer` and `close`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()

    @abstractmethod
    def transfer(self, data: bytes) -> bytes:
        """Clock out `data` with chip select held, and return the bytes clocked in."""

    @abstractmethod
    def close(self) -> None:
        """Release the device; idempotent."""

    def __enter__(self) -> SPIDevice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path}>"


def spi_path(bus: int, chip_select: int) -> str:
    """Return the device node of a bus and chip select (0, 1 -> /dev/spidev0.1)."""
    return f"/dev/spidev{bus}.{chip_select}"


class SpidevDevice(SPIDevice):
    """A Linux spidev device (`/dev/spidevB.C`).

    Args:
        bus: SPI bus number (0 on the Pi header).
        chip_select: 0 (CE0, pin 24) or 1 (CE1, pin 26).
        max_speed_hz: clock rate.
        mode: SPI mode 0-3 (clock polarity/phase).
    """

    def __init__(self, bus: int = 0, chip_select: int = 0, *, max_speed_hz: int = 1_000_000, mode: int = 0) -> None:
        super().__init__(spi_path(bus, chip_select))
        try:
            import spidev
        except ImportError as e:
            raise BusUnavailable(f"cannot open {self.path}: the spidev package is not installed") from e
        dev = spidev.SpiDev()
        try:
            dev.open(bus, chip_select)
        except FileNotFoundError as e:
            raise BusUnavailable(
                f"SPI device {self.path} does not exist (enable SPI: `raspi-config nonint do_spi 0` "
                f"or `dtparam=spi=on` in config.txt)"
            ) from e
        except OSError as e:
            raise BusUnavailable(f"cannot open SPI device {self.path}: {e.strerror or e}") from e
        dev.max_speed_hz = max_speed_hz
        dev.mode = mode
        self._dev: Any = dev

    def transfer(self, data: bytes) -> bytes:
        with self._lock:
            if self._dev is None:
                raise BusUnavailable(f"SPI device {self.path} is closed")
            try:
                return bytes(self._dev.xfer2(list(data)))
            except OSError as e:
                raise BusError(f"SPI transfer on {self.path} failed: {e.strerror or e}") from e

    def close(self) -> None:
        with self._lock:
            if self._dev is not None:
                self._dev.close()
                self._dev = None


class FakeSPIChip:
    """A simulated chip: answer one full-duplex frame."""

    def respond(self, data: bytes) -> bytes:
        raise NotImplementedError


class FakeSPIDevice(SPIDevice):
    """An SPI chip select in memory, wired to a simulated chip; records every frame."""

    def __init__(self, chip: FakeSPIChip, bus: int = 0, chip_select: int = 0) -> None:
        super().__init__(spi_path(bus, chip_select))
        self.chip = chip
        self.history: list[tuple[bytes, bytes]] = []
        self.closed = False

    def transfer(self, data: bytes) -> bytes:
        with self._lock:
            if self.closed:
                raise BusUnavailable(f"SPI device {self.path} is closed")
            reply = self.chip.respond(bytes(data))
            if len(reply) != len(data):
                raise BusError(f"simulated chip on {self.path} answered {len(reply)} bytes for {len(data)}")
            self.history.append((bytes(data), reply))
            return reply

    def close(self) -> None:
        self.closed = True
