"""The I2C bus interface and its real backend on smbus2.

`I2CBus` has three raw transfers (write, read, write-then-read with a repeated start); the
register helpers every driver uses are built on them once, here, so the fake bus and the real
one share them. Errors name the address and the bus: "no device at 0x76 on /dev/i2c-1".
"""

from __future__ import annotations

import errno
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

from drivers.errors import AddressInUse, BusError, BusUnavailable, DeviceMissing, InvalidAddress

log = logging.getLogger(__name__)

# Addresses a scan probes: 0x00-0x02 and 0x78-0x7F are reserved by the I2C specification.
SCAN_RANGE = range(0x03, 0x78)
_NACK_ERRNOS = {errno.ENXIO, errno.EREMOTEIO, errno.EIO, errno.ETIMEDOUT}


def bus_path(bus: int | str) -> str:
    """Return the device node for a bus number or path (1 -> "/dev/i2c-1")."""
    if isinstance(bus, int) or str(bus).isdigit():
        return f"/dev/i2c-{int(bus)}"
    return str(bus)


class I2CBus(ABC):
    """One I2C bus. Subclasses implement `write`, `read`, `write_read` and `close`.

    Multi-byte registers differ between devices: SMBus words are little-endian
    (`read_word_data`), while devices such as the INA219 and ADS1115 send big-endian words
    (`read_u16_be`). Thread-safe: one transfer at a time.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._claims: dict[int, str] = {}

    # --- raw transfers (subclasses) ------------------------------------------------------------------

    @abstractmethod
    def write(self, address: int, data: bytes) -> None:
        """Write `data` to the device at `address` in one transfer."""

    @abstractmethod
    def read(self, address: int, length: int) -> bytes:
        """Read `length` bytes from the device at `address` in one transfer."""

    @abstractmethod
    def write_read(self, address: int, data: bytes, length: int) -> bytes:
        """Write `data`, then (repeated start) read `length` bytes."""

    @abstractmethod
    def close(self) -> None:
        """Release the bus; idempotent."""

    # --- SMBus-style helpers -------------------------------------------------------------------------

    def read_byte(self, address: int) -> int:
        """Read one byte without a register (SMBus receive byte)."""
        return self.read(address, 1)[0]

    def write_byte(self, address: int, value: int) -> None:
        """Write one byte without a register (SMBus send byte)."""
        self.write(address, bytes([value & 0xFF]))

    def read_byte_data(self, address: int, register: int) -> int:
        """Read the 8-bit register `register`."""
        return self.write_read(address, bytes([register]), 1)[0]

    def write_byte_data(self, address: int, register: int, value: int) -> None:
        """Write the 8-bit register `register`."""
        self.write(address, bytes([register, value & 0xFF]))

    def read_word_data(self, address: int, register: int) -> int:
        """Read a 16-bit SMBus word (little-endian)."""
        return int.from_bytes(self.write_read(address, bytes([register]), 2), "little")

    def write_word_data(self, address: int, register: int, value: int) -> None:
        """Write a 16-bit SMBus word (little-endian)."""
        self.write(address, bytes([register]) + (value & 0xFFFF).to_bytes(2, "little"))

    def read_u16_be(self, address: int, register: int) -> int:
        """Read a big-endian 16-bit register (INA219, ADS1115)."""
        return int.from_bytes(self.write_read(address, bytes([register]), 2), "big")

    def write_u16_be(self, address: int, register: int, value: int) -> None:
        """Write a big-endian 16-bit register (INA219, ADS1115)."""
        self.write(address, bytes([register]) + (value & 0xFFFF).to_bytes(2, "big"))

    def read_block(self, address: int, register: int, length: int) -> bytes:
        """Read `length` consecutive bytes starting at `register` (auto-increment)."""
        return self.write_read(address, bytes([register]), length)

    def write_block(self, address: int, register: int, data: bytes) -> None:
        """Write `data` to consecutive registers starting at `register`."""
        self.write(address, bytes([register]) + bytes(data))

    def probe(self, address: int) -> bool:
        """Return whether a device acknowledges `address` (a one-byte read)."""
        try:
            self.read(address, 1)
        except DeviceMissing:
            return False
        return True

    def scan(self, addresses: Iterable[int] = SCAN_RANGE) -> list[int]:
        """Return the addresses that acknowledge, like `i2cdetect -r`."""
        return [a for a in addresses if self.probe(a)]

    # --- address claims ---------------------------------------------------------------------------------

    def claim(self, address: int, holder: str) -> None:
        """Reserve `address` for `holder`; the same holder may claim again.

        Raises:
            AddressInUse: another holder has it.
        """
        check_address(address)
        with self._lock:
            current = self._claims.get(address)
            if current is not None and current != holder:
                raise AddressInUse(f"I2C address {address:#04x} on {self.path} is already used by {current}")
            self._claims[address] = holder

    def release(self, address: int, holder: str) -> None:
        """Give up a claim made by `holder`."""
        with self._lock:
            if self._claims.get(address) == holder:
                del self._claims[address]

    def __enter__(self) -> I2CBus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path}>"


def check_address(address: int) -> int:
    """Validate a 7-bit I2C address and return it.

    Raises:
        InvalidAddress: out of range.
    """
    if not isinstance(address, int) or not 0x03 <= address <= 0x77:
        raise InvalidAddress(f"I2C address must be a 7-bit address within 0x03-0x77, not {address!r}")
    return address


class SMBus2Bus(I2CBus):
    """A Linux I2C bus (`/dev/i2c-N`) through smbus2's I2C_RDWR transfers.

    Args:
        bus: bus number or device path.
        smbus: an already-open smbus2.SMBus-like object (tests inject one that fails on cue).
    """

    def __init__(self, bus: int | str = 1, *, smbus: Any = None) -> None:
        super().__init__(bus_path(bus))
        if smbus is None:
            import smbus2

            try:
                smbus = smbus2.SMBus(self.path)
            except FileNotFoundError as e:
                raise BusUnavailable(
                    f"I2C bus {self.path} does not exist (enable I2C: `raspi-config nonint do_i2c 0` "
                    f"or `dtparam=i2c_arm=on` in config.txt)"
                ) from e
            except PermissionError as e:
                raise BusUnavailable(f"no permission to open {self.path} (add the user to the i2c group)") from e
            except OSError as e:
                raise BusUnavailable(f"cannot open I2C bus {self.path}: {e.strerror or e}") from e
        self._smbus = smbus
        log.debug("opened %s", self.path)

    def _transfer(self, address: int, *msgs: Any) -> None:
        check_address(address)
        with self._lock:
            if self._smbus is None:
                raise BusUnavailable(f"I2C bus {self.path} is closed")
            try:
                self._smbus.i2c_rdwr(*msgs)
            except OSError as e:
                if e.errno in _NACK_ERRNOS:
                    raise DeviceMissing(f"no device at {address:#04x} on {self.path}") from e
                raise BusError(f"I2C transfer with {address:#04x} on {self.path} failed: {e.strerror or e}") from e

    def write(self, address: int, data: bytes) -> None:
        from smbus2 import i2c_msg

        self._transfer(address, i2c_msg.write(address, bytes(data)))

    def read(self, address: int, length: int) -> bytes:
        from smbus2 import i2c_msg

        msg = i2c_msg.read(address, length)
        self._transfer(address, msg)
        return bytes(msg)

    def write_read(self, address: int, data: bytes, length: int) -> bytes:
        from smbus2 import i2c_msg

        msg = i2c_msg.read(address, length)
        self._transfer(address, i2c_msg.write(address, bytes(data)), msg)
        return bytes(msg)

    def close(self) -> None:
        with self._lock:
            if self._smbus is not None:
                self._smbus.close()
                self._smbus = None
