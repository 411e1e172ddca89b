"""SensorService: proto <-> Sensor."""

from __future__ import annotations

from viam.components.base import ResourceServicer
from viam.components.sensor.readings import ReadingsServicer


class SensorService(ReadingsServicer, ResourceServicer):
    """GetReadings plus the common RPCs; nothing sensor-specific beyond that."""
