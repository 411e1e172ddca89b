"""MotorService: proto <-> Motor."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.components.motor.api import Motor
from viam.gen.component.motor.v1 import motor_pb2 as pb

Ctx = grpc.aio.ServicerContext


class MotorService(ResourceServicer):
    async def SetPower(self, motor: Motor, request: pb.SetPowerRequest, context: Ctx) -> pb.SetPowerResponse:
        await motor.set_power(request.power_pct, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetPowerResponse()

    async def GoFor(self, motor: Motor, request: pb.GoForRequest, context: Ctx) -> pb.GoForResponse:
        await motor.go_for(request.rpm, request.revolutions, extra=extra_of(request), timeout=timeout_of(context))
        return pb.GoForResponse()

    async def GoTo(self, motor: Motor, request: pb.GoToRequest, context: Ctx) -> pb.GoToResponse:
        await motor.go_to(
            request.rpm, request.position_revolutions, extra=extra_of(request), timeout=timeout_of(context)
        )
        return pb.GoToResponse()

    async def SetRPM(self, motor: Motor, request: pb.SetRPMRequest, context: Ctx) -> pb.SetRPMResponse:
        await motor.set_rpm(request.rpm, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetRPMResponse()

    async def ResetZeroPosition(
        self, motor: Motor, request: pb.ResetZeroPositionRequest, context: Ctx
    ) -> pb.ResetZeroPositionResponse:
        await motor.reset_zero_position(request.offset, extra=extra_of(request), timeout=timeout_of(context))
        return pb.ResetZeroPositionResponse()

    async def GetPosition(
        self, motor: Motor, request: pb.GetPositionRequest, context: Ctx
    ) -> pb.GetPositionResponse:
        position = await motor.get_position(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPositionResponse(position=position)

    async def GetProperties(
        self, motor: Motor, request: pb.GetPropertiesRequest, context: Ctx
    ) -> pb.GetPropertiesResponse:
        props = await motor.get_properties(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPropertiesResponse(position_reporting=props.position_reporting)

    async def Stop(self, motor: Motor, request: pb.StopRequest, context: Ctx) -> pb.StopResponse:
        await motor.stop(extra=extra_of(request), timeout=timeout_of(context))
        return pb.StopResponse()

    async def IsPowered(self, motor: Motor, request: pb.IsPoweredRequest, context: Ctx) -> pb.IsPoweredResponse:
        on, power = await motor.is_powered(extra=extra_of(request), timeout=timeout_of(context))
        return pb.IsPoweredResponse(is_on=on, power_pct=power)

    async def IsMoving(self, motor: Motor, request: pb.IsMovingRequest, context: Ctx) -> pb.IsMovingResponse:
        return pb.IsMovingResponse(is_moving=await motor.is_moving())
