"""A simulated ADXL345: DEVID, POWER_CTL and the data registers over a set acceleration."""

from __future__ import annotations

import struct

from drivers.i2c import adxl345 as dev
from drivers.i2c.fake import RegisterDevice8


class FakeADXL345(RegisterDevice8):
    """In standby at power-on (data reads 0 until POWER_CTL's Measure bit is set), as the chip."""

    def __init__(self) -> None:
        super().__init__()
        self.registers[dev.REG_DEVID] = dev.DEVID
        self.set_acceleration()

    def set_acceleration(self, x: float = 0.0, y: float = 0.0, z: float = dev.GRAVITY) -> None:
        """What the sensor feels, m/s² (at rest: +1 g on z)."""
        raw = [max(-512, min(511, round(v * 512.0 / dev.FULL_SCALE))) for v in (x, y, z)]
        self.data = struct.pack("<3h", *raw)

    @property
    def measuring(self) -> bool:
        return bool(self.registers[dev.REG_POWER_CTL] & dev.MEASURE)

    def read_register(self, register: int) -> int:
        if dev.REG_DATA <= register < dev.REG_DATA + 6:
            return self.data[register - dev.REG_DATA] if self.measuring else 0
        return self.registers[register]

    def write_register(self, register: int, value: int) -> None:
        if register == dev.REG_DEVID or dev.REG_DATA <= register < dev.REG_DATA + 6:
            return
        self.registers[register] = value
