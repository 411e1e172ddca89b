"""Sensor API."""

from viam.components.sensor.api import Sensor
from viam.components.sensor.client import SensorClient
from viam.components.sensor.readings import Readings, SensorReading

__all__ = ["Readings", "Sensor", "SensorClient", "SensorReading"]
