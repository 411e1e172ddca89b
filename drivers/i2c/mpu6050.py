"""InvenSense MPU-6050 accelerometer + gyroscope (I2C), at its power-on ranges (±2 g, ±250 °/s).

Register map (RM-MPU-6000A): WHO_AM_I 0x75 reads 0x68 whatever the AD0 address; PWR_MGMT_1
0x6B has SLEEP (bit 6) set at power-on; 14 bytes from ACCEL_XOUT_H 0x3B are accel x/y/z,
temperature and gyro x/y/z as big-endian int16. Temperature °C = raw / 340 + 36.53.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from drivers.errors import WrongDevice
from drivers.i2c.bus import I2CBus

ADDRESS = 0x68
ALT_ADDRESS = 0x69  # AD0 pulled high
REG_WHO_AM_I = 0x75
REG_PWR_MGMT_1 = 0x6B
REG_DATA = 0x3B
SLEEP = 0x40
WHO_AM_I = 0x68
GRAVITY = 9.81  # m/s² per g, as the reference scales
ACCEL_FULL_SCALE = 2.0 * GRAVITY  # m/s² at ±2 g
GYRO_FULL_SCALE = 250.0  # °/s


def scale(raw: int, full_scale: float) -> float:
    """Map an int16 reading onto ±full_scale."""
    return raw * full_scale / 32768.0


def temperature_c(raw: int) -> float:
    return raw / 340.0 + 36.53


@dataclass(frozen=True)
class ImuReading:
    linear_acceleration: tuple[float, float, float]  # m/s²
    angular_velocity: tuple[float, float, float]  # °/s
    temperature_c: float


class MPU6050:
    """Probe (WHO_AM_I), wake, and read the chip; ``close`` puts it back to sleep."""

    def __init__(self, bus: I2CBus, address: int = ADDRESS) -> None:
        self.bus, self.address = bus, address
        who = bus.read_byte_data(address, REG_WHO_AM_I)
        if who != WHO_AM_I:
            raise WrongDevice(f"device at {address:#04x} on {bus.path} answers WHO_AM_I {who:#04x}, "
                              f"expected {WHO_AM_I:#04x} (MPU-6050)")
        bus.write_byte_data(address, REG_PWR_MGMT_1, 0)  # clear SLEEP: start measuring

    def read(self) -> ImuReading:
        ax, ay, az, temp, gx, gy, gz = struct.unpack(">7h", self.bus.read_block(self.address, REG_DATA, 14))
        return ImuReading(tuple(scale(v, ACCEL_FULL_SCALE) for v in (ax, ay, az)),  # type: ignore[arg-type]
                          tuple(scale(v, GYRO_FULL_SCALE) for v in (gx, gy, gz)),  # type: ignore[arg-type]
                          temperature_c(temp))

    def close(self) -> None:
        self.bus.write_byte_data(self.address, REG_PWR_MGMT_1, SLEEP)
