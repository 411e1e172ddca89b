"""Fake movement sensor (``rdk:builtin:fake``): a machine parked at a fixed spot, supporting every reading."""

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
GRAVITY = 9.81


def _pose(config: ResourceConfig) -> dict[str, float]:
    pose: dict[str, float] = {}
    for key, default, low, high in _POSE_ATTRIBUTES:
        value = config.attributes.get(key, default)
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            raise config.error(f"{key} must be a number in {low:g}..{high:g}, got {value!r}", f"attributes.{key}")
        pose[key] = float(value)
    return pose


class FakeMovementSensor(MovementSensor):
    """Simulated GPS + IMU at rest. Attributes: ``latitude``, ``longitude`` (degrees), ``altitude_m``,
    ``compass_heading`` (degrees); defaults put it in New York facing 25 degrees."""

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
        return Vector3(x=0.0, y=0.0, z=0.0)

    async def get_angular_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> Vector3:
        return Vector3(x=0.0, y=0.0, z=0.0)

    async def get_linear_acceleration(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> Vector3:
        return Vector3(x=0.0, y=0.0, z=GRAVITY)  # at rest an accelerometer reads gravity, upwards

    async def get_compass_heading(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> float:
        return self.pose["compass_heading"]

    async def get_orientation(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> Orientation:
        # Level, turned about +Z; orientation angles run counter-clockwise, compass clockwise.
        return Orientation(o_x=0.0, o_y=0.0, o_z=1.0, theta=-self.pose["compass_heading"])

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MovementSensorProperties:
        return MovementSensorProperties(
            linear_acceleration_supported=True, angular_velocity_supported=True, orientation_supported=True,
            position_supported=True, compass_heading_supported=True, linear_velocity_supported=True,
        )

    async def get_accuracy(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> MovementSensorAccuracy:
        return MovementSensorAccuracy(
            accuracy={"position_m": 2.5, "heading_deg": 1.5},
            position_hdop=0.75, position_vdop=1.25, position_nmea_gga_fix=1, compass_degrees_error=1.5,
        )

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)
