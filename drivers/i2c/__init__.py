"""I2C buses (smbus2 or in memory) and drivers for the BME280, INA219, INA226 and ADS1115."""

from __future__ import annotations

from drivers.i2c.ads1115 import ADS1115
from drivers.i2c.bme280 import BME280
from drivers.i2c.bus import I2CBus, SMBus2Bus, bus_path, check_address
from drivers.i2c.fake import FakeI2CBus, FakeI2CDevice, RegisterDevice8, RegisterDevice16, Transfer
from drivers.i2c.ina219 import INA219
from drivers.i2c.ina226 import INA226

__all__ = [
    "ADS1115",
    "BME280",
    "FakeI2CBus",
    "FakeI2CDevice",
    "I2CBus",
    "INA219",
    "INA226",
    "RegisterDevice8",
    "RegisterDevice16",
    "SMBus2Bus",
    "Transfer",
    "bus_path",
    "check_address",
    "open_i2c_bus",
]


def open_i2c_bus(bus: int | str = 1, *, fake: bool = False) -> I2CBus:
    """Open a real bus (`/dev/i2c-N`) or an empty in-memory one with the same name."""
    return FakeI2CBus(bus) if fake else SMBus2Bus(bus)
