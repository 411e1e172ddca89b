"""BaseClient: the Base contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base.api import Base, BaseProperties, Vector3
from viam.components.resource_rpc import ResourceClient
from viam.gen.component.base.v1 import base_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["BaseService"]


class BaseClient(ResourceClient, Base):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def move_straight(self, distance: int, velocity: float, *, extra: Extra = None,
                            timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("MoveStraight", pb.MoveStraightRequest(
            name=self.name, distance_mm=int(distance), mm_per_sec=velocity, extra=extra_struct(extra)), timeout)

    async def spin(self, angle: float, velocity: float, *, extra: Extra = None, timeout: float | None = None,
                   **kwargs: Any) -> None:
        await self._call("Spin", pb.SpinRequest(name=self.name, angle_deg=angle, degs_per_sec=velocity,
                                                extra=extra_struct(extra)), timeout)

    async def set_power(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                        timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("SetPower", pb.SetPowerRequest(name=self.name, linear=linear, angular=angular,
                                                        extra=extra_struct(extra)), timeout)

    async def set_velocity(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("SetVelocity", pb.SetVelocityRequest(name=self.name, linear=linear, angular=angular,
                                                              extra=extra_struct(extra)), timeout)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Stop", pb.StopRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def is_moving(self) -> bool:
        return (await self._call("IsMoving", pb.IsMovingRequest(name=self.name))).is_moving

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> BaseProperties:
        response = await self._call("GetProperties", pb.GetPropertiesRequest(name=self.name,
                                                                             extra=extra_struct(extra)), timeout)
        return BaseProperties(width_meters=response.width_meters,
                              turning_radius_meters=response.turning_radius_meters,
                              wheel_circumference_meters=response.wheel_circumference_meters)
