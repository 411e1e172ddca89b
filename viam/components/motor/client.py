"""MotorClient: the Motor contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.motor.api import Motor, MotorProperties
from viam.gen.component.motor.v1 import motor_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["MotorService"]


class MotorClient(ResourceClient, Motor):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def set_power(self, power: float, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
        await self._call("SetPower", pb.SetPowerRequest(name=self.name, power_pct=power,
                                                        extra=extra_struct(extra)), timeout)

    async def go_for(self, rpm: float, revolutions: float, *, extra: Extra = None,
                     timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("GoFor", pb.GoForRequest(name=self.name, rpm=rpm, revolutions=revolutions,
                                                  extra=extra_struct(extra)), timeout)

    async def go_to(self, rpm: float, position_revolutions: float, *, extra: Extra = None,
                    timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("GoTo", pb.GoToRequest(name=self.name, rpm=rpm, position_revolutions=position_revolutions,
                                                extra=extra_struct(extra)), timeout)

    async def set_rpm(self, rpm: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        await self._call("SetRPM", pb.SetRPMRequest(name=self.name, rpm=rpm, extra=extra_struct(extra)), timeout)

    async def reset_zero_position(self, offset: float, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> None:
        await self._call("ResetZeroPosition", pb.ResetZeroPositionRequest(
            name=self.name, offset=offset, extra=extra_struct(extra)), timeout)

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        response = await self._call("GetPosition", pb.GetPositionRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return response.position

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MotorProperties:
        response = await self._call("GetProperties", pb.GetPropertiesRequest(
            name=self.name, extra=extra_struct(extra)), timeout)
        return MotorProperties(position_reporting=response.position_reporting)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Stop", pb.StopRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def is_powered(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> tuple[bool, float]:
        response = await self._call("IsPowered", pb.IsPoweredRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return response.is_on, response.power_pct

    async def is_moving(self) -> bool:
        response = await self._call("IsMoving", pb.IsMovingRequest(name=self.name))
        return response.is_moving
