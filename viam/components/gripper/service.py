"""GripperService: proto <-> Gripper."""

from __future__ import annotations

import grpc

from viam.components.gripper.api import Gripper
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.gen.component.gripper.v1 import gripper_pb2 as pb
from viam.utils import dict_to_struct

Ctx = grpc.aio.ServicerContext


class GripperService(ResourceServicer):
    async def Open(self, gripper: Gripper, request: pb.OpenRequest, context: Ctx) -> pb.OpenResponse:
        await gripper.open(extra=extra_of(request), timeout=timeout_of(context))
        return pb.OpenResponse()

    async def Grab(self, gripper: Gripper, request: pb.GrabRequest, context: Ctx) -> pb.GrabResponse:
        return pb.GrabResponse(success=await gripper.grab(extra=extra_of(request), timeout=timeout_of(context)))

    async def Stop(self, gripper: Gripper, request: pb.StopRequest, context: Ctx) -> pb.StopResponse:
        await gripper.stop(extra=extra_of(request), timeout=timeout_of(context))
        return pb.StopResponse()

    async def IsMoving(self, gripper: Gripper, request: pb.IsMovingRequest, context: Ctx) -> pb.IsMovingResponse:
        return pb.IsMovingResponse(is_moving=await gripper.is_moving())

    async def IsHoldingSomething(self, gripper: Gripper, request: pb.IsHoldingSomethingRequest,
                                 context: Ctx) -> pb.IsHoldingSomethingResponse:
        status = await gripper.is_holding_something(extra=extra_of(request), timeout=timeout_of(context))
        return pb.IsHoldingSomethingResponse(is_holding_something=status.is_holding_something,
                                             meta=dict_to_struct(status.meta))

    async def GetCurrentInputs(self, gripper: Gripper, request: pb.GetCurrentInputsRequest,
                               context: Ctx) -> pb.GetCurrentInputsResponse:
        values = await gripper.get_current_inputs(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetCurrentInputsResponse(values=values)

    async def GoToInputs(self, gripper: Gripper, request: pb.GoToInputsRequest, context: Ctx) -> pb.GoToInputsResponse:
        await gripper.go_to_inputs(list(request.values), extra=extra_of(request), timeout=timeout_of(context))
        return pb.GoToInputsResponse()
