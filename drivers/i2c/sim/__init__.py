"""Simulated I2C devices with their datasheet register maps, for `FakeI2CBus`."""

from drivers.i2c.sim.ads1115 import FakeADS1115
from drivers.i2c.sim.adxl345 import FakeADXL345
from drivers.i2c.sim.bme280 import FakeBME280
from drivers.i2c.sim.ina219 import FakeINA219
from drivers.i2c.sim.ina226 import FakeINA226
from drivers.i2c.sim.mpu6050 import FakeMPU6050

__all__ = ["FakeADS1115", "FakeADXL345", "FakeBME280", "FakeINA219", "FakeINA226", "FakeMPU6050"]
