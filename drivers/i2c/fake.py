"""An in-memory I2C bus with simulated devices, behind the same `I2CBus` interface.

Devices see raw transfers, as silicon does: a write's first byte sets the register pointer
and later bytes are data; a read returns bytes from the pointer. `RegisterDevice8` (byte
registers, auto-increment: BME280) and `RegisterDevice16` (pointer + big-endian words:
INA219, ADS1115) implement the two common register models.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from drivers.errors import AddressInUse, DeviceMissing
from drivers.i2c.bus import I2CBus, bus_path, check_address


class FakeI2CDevice:
    """A simulated device. Subclasses implement `i2c_write` and `i2c_read`."""

    def i2c_write(self, data: bytes) -> None:
        """Receive one write transfer."""
        raise NotImplementedError

    def i2c_read(self, length: int) -> bytes:
        """Answer one read transfer of `length` bytes."""
        raise NotImplementedError


class RegisterDevice8(FakeI2CDevice):
    """256 byte-wide registers with an auto-incrementing pointer.

    Override `read_register`/`write_register` for registers with behaviour.
    """

    def __init__(self) -> None:
        self.registers = bytearray(256)
        self.pointer = 0

    def read_register(self, register: int) -> int:
        return self.registers[register]

    def write_register(self, register: int, value: int) -> None:
        self.registers[register] = value

    def i2c_write(self, data: bytes) -> None:
        if not data:
            return
        self.pointer = data[0]
        for value in data[1:]:
            self.write_register(self.pointer, value)
            self.pointer = (self.pointer + 1) & 0xFF

    def i2c_read(self, length: int) -> bytes:
        out = bytearray()
        for _ in range(length):
            out.append(self.read_register(self.pointer) & 0xFF)
            self.pointer = (self.pointer + 1) & 0xFF
        return bytes(out)


class RegisterDevice16(FakeI2CDevice):
    """A pointer register selecting 16-bit big-endian registers (no auto-increment)."""

    def __init__(self) -> None:
        self.registers: dict[int, int] = {}
        self.pointer = 0

    def read_register(self, register: int) -> int:
        return self.registers.get(register, 0)

    def write_register(self, register: int, value: int) -> None:
        self.registers[register] = value & 0xFFFF

    def i2c_write(self, data: bytes) -> None:
        if not data:
            return
        self.pointer = data[0]
        if len(data) >= 3:
            self.write_register(self.pointer, (data[1] << 8) | data[2])

    def i2c_read(self, length: int) -> bytes:
        word = (self.read_register(self.pointer) & 0xFFFF).to_bytes(2, "big")
        return (word * ((length + 1) // 2))[:length]


@dataclass(frozen=True)
class Transfer:
    """One recorded transfer: kind ("write" or "read"), address and bytes moved."""

    kind: str
    address: int
    data: bytes


class FakeI2CBus(I2CBus):
    """An I2C bus in memory: attach simulated devices, inspect the transfer history."""

    def __init__(self, path: int | str = "/dev/i2c-1") -> None:
        super().__init__(bus_path(path))
        self.devices: dict[int, FakeI2CDevice] = {}
        self.history: list[Transfer] = []
        self._device_lock = threading.Lock()

    def attach(self, address: int, device: FakeI2CDevice) -> FakeI2CDevice:
        """Put `device` on the bus at `address` and return it."""
        check_address(address)
        with self._device_lock:
            if address in self.devices:
                raise AddressInUse(f"a simulated device already answers at {address:#04x} on {self.path}")
            self.devices[address] = device
        return device

    def detach(self, address: int) -> None:
        """Unplug the device at `address` (later transfers NACK)."""
        with self._device_lock:
            self.devices.pop(address, None)

    def _device(self, address: int) -> FakeI2CDevice:
        check_address(address)
        device = self.devices.get(address)
        if device is None:
            raise DeviceMissing(f"no device at {address:#04x} on {self.path}")
        return device

    def write(self, address: int, data: bytes) -> None:
        with self._lock:
            device = self._device(address)
            self.history.append(Transfer("write", address, bytes(data)))
            device.i2c_write(bytes(data))

    def read(self, address: int, length: int) -> bytes:
        with self._lock:
            data = self._device(address).i2c_read(length)
            self.history.append(Transfer("read", address, data))
            return data

    def write_read(self, address: int, data: bytes, length: int) -> bytes:
        with self._lock:
            self.write(address, data)
            return self.read(address, length)

    def writes_to(self, address: int) -> list[bytes]:
        """Return the bytes of every write to `address`, in order (for assertions)."""
        return [t.data for t in self.history if t.kind == "write" and t.address == address]

    def close(self) -> None:
        """Nothing to release; kept for the interface."""
