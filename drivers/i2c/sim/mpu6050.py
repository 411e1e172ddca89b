"""A simulated MPU-6050: the register map of the real chip over set motion and temperature."""

from __future__ import annotations

import struct

from drivers.i2c import mpu6050 as dev
from drivers.i2c.fake import RegisterDevice8


def _raw(value: float, full_scale: float) -> int:
    return max(-32768, min(32767, round(value * 32768.0 / full_scale)))


class FakeMPU6050(RegisterDevice8):
    """Asleep at power-on (data registers read 0 until PWR_MGMT_1 clears SLEEP), as the chip."""

    def __init__(self) -> None:
        super().__init__()
        self.registers[dev.REG_WHO_AM_I] = dev.WHO_AM_I
        self.registers[dev.REG_PWR_MGMT_1] = dev.SLEEP
        self.set_motion()

    def set_motion(self, *, linear_acceleration: tuple[float, float, float] = (0.0, 0.0, dev.GRAVITY),
                   angular_velocity: tuple[float, float, float] = (0.0, 0.0, 0.0),
                   temperature_c: float = 25.0) -> None:
        """What the sensor feels: m/s² (at rest, +1 g on z), °/s and °C."""
        self.motion = struct.pack(
            ">7h", *(_raw(v, dev.ACCEL_FULL_SCALE) for v in linear_acceleration),
            max(-32768, min(32767, round((temperature_c - 36.53) * 340.0))),
            *(_raw(v, dev.GYRO_FULL_SCALE) for v in angular_velocity))

    @property
    def asleep(self) -> bool:
        return bool(self.registers[dev.REG_PWR_MGMT_1] & dev.SLEEP)

    def read_register(self, register: int) -> int:
        if dev.REG_DATA <= register < dev.REG_DATA + 14:
            return 0 if self.asleep else self.motion[register - dev.REG_DATA]
        return self.registers[register]

    def write_register(self, register: int, value: int) -> None:
        if register == dev.REG_WHO_AM_I or dev.REG_DATA <= register < dev.REG_DATA + 14:
            return  # read-only
        self.registers[register] = value
