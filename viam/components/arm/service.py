"""ArmService: proto <-> Arm. MoveThroughJointPositionsStreamed (bidi) gets (resource, async
iterator of requests, context) from the router, as for modules and remotes it forwards raw."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import grpc

from viam.components.arm.api import Arm
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.errors import InvalidArgumentError
from viam.gen.common.v1 import common_pb2
from viam.gen.component.arm.v1 import arm_pb2 as pb

Ctx = grpc.aio.ServicerContext


class ArmService(ResourceServicer):
    async def GetEndPosition(self, arm: Arm, request: pb.GetEndPositionRequest,
                             context: Ctx) -> pb.GetEndPositionResponse:
        return pb.GetEndPositionResponse(pose=await arm.get_end_position(extra=extra_of(request),
                                                                         timeout=timeout_of(context)))

    async def MoveToPosition(self, arm: Arm, request: pb.MoveToPositionRequest,
                             context: Ctx) -> pb.MoveToPositionResponse:
        await arm.move_to_position(request.to, extra=extra_of(request), timeout=timeout_of(context))
        return pb.MoveToPositionResponse()

    async def GetJointPositions(self, arm: Arm, request: pb.GetJointPositionsRequest,
                                context: Ctx) -> pb.GetJointPositionsResponse:
        return pb.GetJointPositionsResponse(positions=await arm.get_joint_positions(extra=extra_of(request),
                                                                                    timeout=timeout_of(context)))

    async def MoveToJointPositions(self, arm: Arm, request: pb.MoveToJointPositionsRequest,
                                   context: Ctx) -> pb.MoveToJointPositionsResponse:
        await arm.move_to_joint_positions(request.positions, extra=extra_of(request), timeout=timeout_of(context))
        return pb.MoveToJointPositionsResponse()

    async def MoveThroughJointPositions(self, arm: Arm, request: pb.MoveThroughJointPositionsRequest,
                                        context: Ctx) -> pb.MoveThroughJointPositionsResponse:
        options = request.options if request.HasField("options") else None
        await arm.move_through_joint_positions(list(request.positions), options, extra=extra_of(request),
                                               timeout=timeout_of(context))
        return pb.MoveThroughJointPositionsResponse()

    async def MoveThroughJointPositionsStreamed(
            self, arm: Arm, requests: AsyncIterator[pb.MoveThroughJointPositionsStreamedRequest],
            context: Ctx) -> AsyncIterator[pb.MoveThroughJointPositionsStreamedResponse]:
        # As the reference: Init first, then only batches; one (empty) response per batch the arm acks.
        first = await anext(requests)
        if first.WhichOneof("message") != "init":
            raise InvalidArgumentError("MoveThroughJointPositionsStreamed: the first message must be Init")

        async def batches() -> AsyncIterator[Sequence[pb.TrajectoryPoint]]:
            async for request in requests:
                if request.WhichOneof("message") != "batch":
                    raise InvalidArgumentError("MoveThroughJointPositionsStreamed: expected TrajectoryBatch, got "
                                               f"{request.WhichOneof('message') or 'an empty message'}")
                yield list(request.batch.points)

        async for _ in arm.move_through_joint_positions_streamed(batches(), extra=extra_of(first.init),
                                                                 timeout=timeout_of(context)):
            yield pb.MoveThroughJointPositionsStreamedResponse()

    async def Stop(self, arm: Arm, request: pb.StopRequest, context: Ctx) -> pb.StopResponse:
        await arm.stop(extra=extra_of(request), timeout=timeout_of(context))
        return pb.StopResponse()

    async def IsMoving(self, arm: Arm, request: pb.IsMovingRequest, context: Ctx) -> pb.IsMovingResponse:
        return pb.IsMovingResponse(is_moving=await arm.is_moving())

    async def GetKinematics(self, arm: Arm, request: common_pb2.GetKinematicsRequest,
                            context: Ctx) -> common_pb2.GetKinematicsResponse:
        fmt, data = await arm.get_kinematics(extra=extra_of(request), timeout=timeout_of(context))
        return common_pb2.GetKinematicsResponse(format=fmt, kinematics_data=data)  # type: ignore[arg-type]

    async def Get3DModels(self, arm: Arm, request: common_pb2.Get3DModelsRequest,
                          context: Ctx) -> common_pb2.Get3DModelsResponse:
        return common_pb2.Get3DModelsResponse()

    async def GetProperties(self, arm: Arm, request: pb.GetPropertiesRequest, context: Ctx) -> pb.GetPropertiesResponse:
        properties = await arm.get_properties(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPropertiesResponse(support_manual_mode=properties.support_manual_mode,
                                        support_cartesian_commands=properties.support_cartesian_commands)

    async def GetManualMode(self, arm: Arm, request: pb.GetManualModeRequest, context: Ctx) -> pb.GetManualModeResponse:
        return pb.GetManualModeResponse(manual_mode=False)
