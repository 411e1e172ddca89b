"""EncoderService: proto <-> Encoder."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.components.encoder.api import Encoder
from viam.gen.component.encoder.v1 import encoder_pb2 as pb

Ctx = grpc.aio.ServicerContext


class EncoderService(ResourceServicer):
    async def GetPosition(
        self, encoder: Encoder, request: pb.GetPositionRequest, context: Ctx
    ) -> pb.GetPositionResponse:
        wanted = request.position_type if request.HasField("position_type") else None
        value, kind = await encoder.get_position(wanted, extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPositionResponse(value=value, position_type=kind)

    async def ResetPosition(
        self, encoder: Encoder, request: pb.ResetPositionRequest, context: Ctx
    ) -> pb.ResetPositionResponse:
        await encoder.reset_position(extra=extra_of(request), timeout=timeout_of(context))
        return pb.ResetPositionResponse()

    async def GetProperties(
        self, encoder: Encoder, request: pb.GetPropertiesRequest, context: Ctx
    ) -> pb.GetPropertiesResponse:
        props = await encoder.get_properties(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPropertiesResponse(ticks_count_supported=props.ticks_count_supported,
                                        angle_degrees_supported=props.angle_degrees_supported)
