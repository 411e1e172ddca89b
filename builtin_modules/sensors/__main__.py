"""Entry point: ``python -m builtin_modules.sensors <socket> --log-level=X``."""

from builtin_modules.common.aliases import with_aliases
from builtin_modules.sensors.gps_nmea import NmeaGps
from builtin_modules.sensors.i2c_sensors import Bme280Sensor, Ina219PowerSensor, Ina226PowerSensor
from builtin_modules.sensors.imu import Adxl345, Mpu6050
from viam.module import Module

if __name__ == "__main__":
    Module.run_with_models(*with_aliases(Bme280Sensor, Ina219PowerSensor, Ina226PowerSensor, NmeaGps, Mpu6050, Adxl345))
