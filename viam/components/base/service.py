"""BaseService: proto <-> Base."""

from __future__ import annotations

import grpc

from viam.components.base.api import Base
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.gen.component.base.v1 import base_pb2 as pb

Ctx = grpc.aio.ServicerContext


class BaseService(ResourceServicer):
    async def MoveStraight(self, base: Base, request: pb.MoveStraightRequest, context: Ctx) -> pb.MoveStraightResponse:
        await base.move_straight(request.distance_mm, request.mm_per_sec, extra=extra_of(request),
                                 timeout=timeout_of(context))
        return pb.MoveStraightResponse()

    async def Spin(self, base: Base, request: pb.SpinRequest, context: Ctx) -> pb.SpinResponse:
        await base.spin(request.angle_deg, request.degs_per_sec, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SpinResponse()

    async def SetPower(self, base: Base, request: pb.SetPowerRequest, context: Ctx) -> pb.SetPowerResponse:
        await base.set_power(request.linear, request.angular, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetPowerResponse()

    async def SetVelocity(self, base: Base, request: pb.SetVelocityRequest, context: Ctx) -> pb.SetVelocityResponse:
        await base.set_velocity(request.linear, request.angular, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetVelocityResponse()

    async def Stop(self, base: Base, request: pb.StopRequest, context: Ctx) -> pb.StopResponse:
        await base.stop(extra=extra_of(request), timeout=timeout_of(context))
        return pb.StopResponse()

    async def IsMoving(self, base: Base, request: pb.IsMovingRequest, context: Ctx) -> pb.IsMovingResponse:
        return pb.IsMovingResponse(is_moving=await base.is_moving())

    async def GetProperties(self, base: Base, request: pb.GetPropertiesRequest,
                            context: Ctx) -> pb.GetPropertiesResponse:
        properties = await base.get_properties(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPropertiesResponse(width_meters=properties.width_meters,
                                        turning_radius_meters=properties.turning_radius_meters,
                                        wheel_circumference_meters=properties.wheel_circumference_meters)
