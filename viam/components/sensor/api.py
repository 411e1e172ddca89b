"""Sensor: anything that reports a map of named readings."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from viam.components.base import FromRobot
from viam.components.sensor.readings import Readings
from viam.resource.base import Extra, Resource
from viam.resource.names import API


class Sensor(FromRobot, Resource):
    """Subclasses implement ``get_readings``."""

    API: ClassVar[API] = API.component("sensor")

    @abstractmethod
    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        """Current readings by name: JSON-shaped values or Vector3/GeoPoint/Orientation messages."""
