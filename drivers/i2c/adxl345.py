"""Analog Devices ADXL345 3-axis accelerometer (I2C) at its power-on range (±2 g, 10-bit).

Register map (ADXL345 datasheet rev. E): DEVID 0x00 reads 0xE5; POWER_CTL 0x2D, bit 3 (Measure)
starts measuring; DATAX0..DATAZ1 0x32-0x37 are little-endian int16 with 10 bits of resolution,
so ±512 counts span ±2 g (as the reference scales them).
"""

from __future__ import annotations

import struct

from drivers.errors import WrongDevice
from drivers.i2c.bus import I2CBus

ADDRESS = 0x53  # ALT ADDRESS pin low
ALT_ADDRESS = 0x1D  # ALT ADDRESS pin high
REG_DEVID = 0x00
REG_POWER_CTL = 0x2D
REG_DATA = 0x32
DEVID = 0xE5
MEASURE = 0x08
GRAVITY = 9.81
FULL_SCALE = 2.0 * GRAVITY  # m/s² at ±2 g


def scale(raw: int) -> float:
    return raw * FULL_SCALE / 512.0


class ADXL345:
    """Probe (DEVID), start measuring, read; ``close`` returns it to standby."""

    def __init__(self, bus: I2CBus, address: int = ADDRESS) -> None:
        self.bus, self.address = bus, address
        devid = bus.read_byte_data(address, REG_DEVID)
        if devid != DEVID:
            raise WrongDevice(f"device at {address:#04x} on {bus.path} answers DEVID {devid:#04x}, "
                              f"expected {DEVID:#04x} (ADXL345)")
        bus.write_byte_data(address, REG_POWER_CTL, MEASURE)

    def read(self) -> tuple[float, float, float]:
        """Linear acceleration in m/s²."""
        x, y, z = struct.unpack("<3h", self.bus.read_block(self.address, REG_DATA, 6))
        return scale(x), scale(y), scale(z)

    def close(self) -> None:
        self.bus.write_byte_data(self.address, REG_POWER_CTL, 0)
