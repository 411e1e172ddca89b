"""ServoService: proto <-> Servo."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.components.servo.api import Servo
from viam.gen.component.servo.v1 import servo_pb2 as pb

Ctx = grpc.aio.ServicerContext


class ServoService(ResourceServicer):
    async def Move(self, servo: Servo, request: pb.MoveRequest, context: Ctx) -> pb.MoveResponse:
        await servo.move(request.angle_deg, extra=extra_of(request), timeout=timeout_of(context))
        return pb.MoveResponse()

    async def GetPosition(self, servo: Servo, request: pb.GetPositionRequest, context: Ctx) -> pb.GetPositionResponse:
        position = await servo.get_position(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPositionResponse(position_deg=position)

    async def Stop(self, servo: Servo, request: pb.StopRequest, context: Ctx) -> pb.StopResponse:
        await servo.stop(extra=extra_of(request), timeout=timeout_of(context))
        return pb.StopResponse()

    async def IsMoving(self, servo: Servo, request: pb.IsMovingRequest, context: Ctx) -> pb.IsMovingResponse:
        return pb.IsMovingResponse(is_moving=await servo.is_moving())
