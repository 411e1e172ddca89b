"""MovementSensor: position, heading, orientation and motion of the machine (GPS, IMU, odometry)."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from viam.components.base import FromRobot
from viam.components.sensor.readings import Readings, SensorReading
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation, Vector3
from viam.resource.base import Extra, Resource
from viam.resource.names import API


@dataclass(frozen=True)
class MovementSensorProperties:
    """Which of the movement sensor's readings this model provides."""

    linear_acceleration_supported: bool = False
    angular_velocity_supported: bool = False
    orientation_supported: bool = False
    position_supported: bool = False
    compass_heading_supported: bool = False
    linear_velocity_supported: bool = False


@dataclass(frozen=True)
class MovementSensorAccuracy:
    """Accuracy figures; the optional ones are None when the model does not report them."""

    accuracy: dict[str, float] = field(default_factory=dict)
    position_hdop: float | None = None
    position_vdop: float | None = None
    position_nmea_gga_fix: int | None = None
    compass_degrees_error: float | None = None


class MovementSensor(FromRobot, Resource):
    """Subclasses implement every abstract method; a model raises ``NotSupportedError`` for a
    reading it lacks and says so in ``get_properties``.

    ``get_readings`` defaults to every supported reading under viam-server's keys (``position``,
    ``altitude``, ``linear_velocity``, ``angular_velocity``, ``linear_acceleration``, ``compass``,
    ``orientation``).
    """

    API: ClassVar[API] = API.component("movement_sensor")
    Properties: ClassVar[type[MovementSensorProperties]] = MovementSensorProperties
    Accuracy: ClassVar[type[MovementSensorAccuracy]] = MovementSensorAccuracy

    @abstractmethod
    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> tuple[GeoPoint, float]:
        """(latitude/longitude in degrees, altitude in metres)."""

    @abstractmethod
    async def get_linear_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> Vector3:
        """Metres per second on each axis."""

    @abstractmethod
    async def get_angular_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> Vector3:
        """Degrees per second about each axis."""

    @abstractmethod
    async def get_linear_acceleration(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> Vector3:
        """Metres per second squared on each axis."""

    @abstractmethod
    async def get_compass_heading(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> float:
        """Degrees clockwise from north, 0..360."""

    @abstractmethod
    async def get_orientation(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> Orientation:
        """Orientation vector (``theta`` in degrees)."""

    @abstractmethod
    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MovementSensorProperties: ...

    @abstractmethod
    async def get_accuracy(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> MovementSensorAccuracy: ...

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        props = await self.get_properties(extra=extra, timeout=timeout)
        readings: dict[str, SensorReading] = {}
        if props.position_supported:
            readings["position"], readings["altitude"] = await self.get_position(extra=extra, timeout=timeout)
        if props.linear_velocity_supported:
            readings["linear_velocity"] = await self.get_linear_velocity(extra=extra, timeout=timeout)
        if props.angular_velocity_supported:
            readings["angular_velocity"] = await self.get_angular_velocity(extra=extra, timeout=timeout)
        if props.linear_acceleration_supported:
            readings["linear_acceleration"] = await self.get_linear_acceleration(extra=extra, timeout=timeout)
        if props.compass_heading_supported:
            readings["compass"] = await self.get_compass_heading(extra=extra, timeout=timeout)
        if props.orientation_supported:
            readings["orientation"] = await self.get_orientation(extra=extra, timeout=timeout)
        return readings
