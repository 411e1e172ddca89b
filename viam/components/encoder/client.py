"""EncoderClient: the Encoder contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.encoder.api import Encoder, EncoderProperties, PositionType
from viam.gen.component.encoder.v1 import encoder_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["EncoderService"]


class EncoderClient(ResourceClient, Encoder):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def reset_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("ResetPosition", pb.ResetPositionRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def get_position(self, position_type: PositionType.ValueType | None = None, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> tuple[float, PositionType.ValueType]:
        request = pb.GetPositionRequest(name=self.name, position_type=position_type, extra=extra_struct(extra))
        response = await self._call("GetPosition", request, timeout)
        return response.value, response.position_type

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> EncoderProperties:
        response = await self._call("GetProperties", pb.GetPropertiesRequest(
            name=self.name, extra=extra_struct(extra)), timeout)
        return EncoderProperties(ticks_count_supported=response.ticks_count_supported,
                                 angle_degrees_supported=response.angle_degrees_supported)
