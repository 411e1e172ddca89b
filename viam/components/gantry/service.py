"""GantryService: proto <-> Gantry."""

from __future__ import annotations

import grpc

from viam.components.gantry.api import Gantry
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.gen.component.gantry.v1 import gantry_pb2 as pb

Ctx = grpc.aio.ServicerContext


class GantryService(ResourceServicer):
    async def GetPosition(self, gantry: Gantry, request: pb.GetPositionRequest, context: Ctx) -> pb.GetPositionResponse:
        positions = await gantry.get_position(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPositionResponse(positions_mm=positions)

    async def MoveToPosition(self, gantry: Gantry, request: pb.MoveToPositionRequest,
                             context: Ctx) -> pb.MoveToPositionResponse:
        await gantry.move_to_position(list(request.positions_mm), list(request.speeds_mm_per_sec),
                                      extra=extra_of(request), timeout=timeout_of(context))
        return pb.MoveToPositionResponse()

    async def Home(self, gantry: Gantry, request: pb.HomeRequest, context: Ctx) -> pb.HomeResponse:
        return pb.HomeResponse(homed=await gantry.home(extra=extra_of(request), timeout=timeout_of(context)))

    async def GetLengths(self, gantry: Gantry, request: pb.GetLengthsRequest, context: Ctx) -> pb.GetLengthsResponse:
        return pb.GetLengthsResponse(lengths_mm=await gantry.get_lengths(extra=extra_of(request),
                                                                         timeout=timeout_of(context)))

    async def Stop(self, gantry: Gantry, request: pb.StopRequest, context: Ctx) -> pb.StopResponse:
        await gantry.stop(extra=extra_of(request), timeout=timeout_of(context))
        return pb.StopResponse()

    async def IsMoving(self, gantry: Gantry, request: pb.IsMovingRequest, context: Ctx) -> pb.IsMovingResponse:
        return pb.IsMovingResponse(is_moving=await gantry.is_moving())
