"""Fake movement sensor (``rdk:builtin:fake``): the reference fake's fixed values, every reading supported.

As rdk's fake: position 40.7, -73.98 at 50.5 m, linear velocity (0, 5.4, 0) m/s, angular velocity
(0, 0, 1) deg/s, linear acceleration (2.2, 4.5, 2) m/s^2, compass 25, the zero orientation, and an
accuracy of NMEA fix 4 with no other figures. Our extra pose attributes move the position/compass."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.movement_sensor.api import MovementSensor, MovementSensorAccuracy, MovementSensorProperties
from viam.config.model import ResourceConfig
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation, Vector3
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

# (attribute, default, low, high): the fake's configurable pose.
_POSE_ATTRIBUTES: tuple[tuple[str, float, float, float], ...] = (
    ("latitude", 40.7, -90.0, 90.0),
    ("longitude", -73.98, -180.0, 180.0),
    ("altitude_m", 50.5, -1e6, 1e6),
    ("compass_heading", 25.0, 0.0, 360.0),
)


def _pose(config: ResourceConfig) -> dict[str, float]:
    pose: dict[str, float] = {}
    for key, default, low, high in _POSE_ATTRIBUTES:
        value = config.attributes.get(key, default)
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            raise config.error(f"{key} must be a number in {low:g}..{high:g}, got {value!r}", f"attributes.{key}")
        pose[key] = float(value)
    return pose


class FakeMovementSensor(MovementSensor):
    """Simulated GPS + IMU. Attributes (ours; the reference's fake has none): ``latitude``, ``longitude``
    (degrees), ``altitude_m``, ``compass_heading`` (degrees); the defaults are the reference's values."""

    ATTRIBUTES: tuple[str, ...] = ("latitude", "longitude", "altitude_m", "compass_heading")

    def __init__(self, name: str, pose: Mapping[str, float] | None = None) -> None:
        super().__init__(name)
        defaults = {key: default for key, default, _, _ in _POSE_ATTRIBUTES}
        self.pose = {**defaults, **(pose or {})}

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _pose(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeMovementSensor:
        return cls(config.name, _pose(config))

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> tuple[GeoPoint, float]:
        return GeoPoint(latitude=self.pose["latitude"], longitude=self.pose["longitude"]), self.pose["altitude_m"]

    async def get_linear_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> Vector3:
        return Vector3(x=0.0, y=5.4, z=0.0)

    async def get_angular_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> Vector3:
        return Vector3(x=0.0, y=0.0, z=1.0)

    async def get_linear_acceleration(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> Vector3:
        return Vector3(x=2.2, y=4.5, z=2.0)

    async def get_compass_heading(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> float:
        return self.pose["compass_heading"]

    async def get_orientation(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> Orientation:
        return Orientation(o_x=0.0, o_y=0.0, o_z=1.0, theta=0.0)  # the zero orientation, whatever the compass

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MovementSensorProperties:
        return MovementSensorProperties(
            linear_acceleration_supported=True, angular_velocity_supported=True, orientation_supported=True,
            position_supported=True, compass_heading_supported=True, linear_velocity_supported=True,
        )

    async def get_accuracy(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> MovementSensorAccuracy:
        return MovementSensorAccuracy(accuracy={}, position_hdop=0.0, position_vdop=0.0, position_nmea_gga_fix=4,
                                      compass_degrees_error=0.0)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)
