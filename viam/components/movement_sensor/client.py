"""MovementSensorClient: the MovementSensor contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.movement_sensor.api import MovementSensor, MovementSensorAccuracy, MovementSensorProperties
from viam.components.sensor.readings import Readings, fetch_readings
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation, Vector3
from viam.gen.component.movementsensor.v1 import movementsensor_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["MovementSensorService"]


def _optional(message: Any, field: str) -> Any:
    return getattr(message, field) if message.HasField(field) else None


class MovementSensorClient(ResourceClient, MovementSensor):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def _get(self, method: str, request_class: Any, extra: Extra, timeout: float | None) -> Any:
        return await self._call(method, request_class(name=self.name, extra=extra_struct(extra)), timeout)

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> tuple[GeoPoint, float]:
        response = await self._get("GetPosition", pb.GetPositionRequest, extra, timeout)
        return response.coordinate, response.altitude_m

    async def get_linear_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> Vector3:
        return (await self._get("GetLinearVelocity", pb.GetLinearVelocityRequest, extra, timeout)).linear_velocity

    async def get_angular_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> Vector3:
        return (await self._get("GetAngularVelocity", pb.GetAngularVelocityRequest, extra, timeout)).angular_velocity

    async def get_linear_acceleration(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> Vector3:
        response = await self._get("GetLinearAcceleration", pb.GetLinearAccelerationRequest, extra, timeout)
        return response.linear_acceleration

    async def get_compass_heading(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> float:
        return (await self._get("GetCompassHeading", pb.GetCompassHeadingRequest, extra, timeout)).value

    async def get_orientation(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> Orientation:
        return (await self._get("GetOrientation", pb.GetOrientationRequest, extra, timeout)).orientation

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MovementSensorProperties:
        response = await self._get("GetProperties", pb.GetPropertiesRequest, extra, timeout)
        return MovementSensorProperties(
            linear_acceleration_supported=response.linear_acceleration_supported,
            angular_velocity_supported=response.angular_velocity_supported,
            orientation_supported=response.orientation_supported,
            position_supported=response.position_supported,
            compass_heading_supported=response.compass_heading_supported,
            linear_velocity_supported=response.linear_velocity_supported,
        )

    async def get_accuracy(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> MovementSensorAccuracy:
        response = await self._get("GetAccuracy", pb.GetAccuracyRequest, extra, timeout)
        return MovementSensorAccuracy(
            accuracy=dict(response.accuracy),
            position_hdop=_optional(response, "position_hdop"),
            position_vdop=_optional(response, "position_vdop"),
            position_nmea_gga_fix=_optional(response, "position_nmea_gga_fix"),
            compass_degrees_error=_optional(response, "compass_degrees_error"),
        )

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        return await fetch_readings(self, extra, timeout)
