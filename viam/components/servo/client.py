"""ServoClient: the Servo contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.servo.api import Servo
from viam.errors import InvalidArgumentError
from viam.gen.component.servo.v1 import servo_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["ServoService"]


class ServoClient(ResourceClient, Servo):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def move(self, angle: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        if angle < 0:  # the wire field is unsigned: refuse rather than wrap around
            raise InvalidArgumentError(f"servo {self.name!r}: angle {angle} is negative")
        await self._call("Move", pb.MoveRequest(name=self.name, angle_deg=angle, extra=extra_struct(extra)), timeout)

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        response = await self._call("GetPosition", pb.GetPositionRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return response.position_deg

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Stop", pb.StopRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def is_moving(self) -> bool:
        response = await self._call("IsMoving", pb.IsMovingRequest(name=self.name))
        return response.is_moving
