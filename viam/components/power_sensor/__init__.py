"""PowerSensor API."""

from viam.components.power_sensor.api import PowerSensor
from viam.components.power_sensor.client import PowerSensorClient

__all__ = ["PowerSensor", "PowerSensorClient"]
