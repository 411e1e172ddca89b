"""SwitchService: proto <-> Switch."""

from __future__ import annotations

import grpc

from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.components.switch.api import Switch
from viam.gen.component.switch.v1 import switch_pb2 as pb

Ctx = grpc.aio.ServicerContext


class SwitchService(ResourceServicer):
    async def SetPosition(self, switch: Switch, request: pb.SetPositionRequest, context: Ctx) -> pb.SetPositionResponse:
        await switch.set_position(request.position, extra=extra_of(request), timeout=timeout_of(context))
        return pb.SetPositionResponse()

    async def GetPosition(self, switch: Switch, request: pb.GetPositionRequest, context: Ctx) -> pb.GetPositionResponse:
        return pb.GetPositionResponse(position=await switch.get_position(extra=extra_of(request),
                                                                         timeout=timeout_of(context)))

    async def GetNumberOfPositions(self, switch: Switch, request: pb.GetNumberOfPositionsRequest,
                                   context: Ctx) -> pb.GetNumberOfPositionsResponse:
        count, labels = await switch.get_number_of_positions(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetNumberOfPositionsResponse(number_of_positions=count, labels=labels)
