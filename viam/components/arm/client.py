"""ArmClient: the Arm contract over gRPC."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import grpc

from viam.components.arm.api import Arm, ArmProperties, JointPositions, MoveOptions, Pose, TrajectoryPoint
from viam.components.resource_rpc import ResourceClient
from viam.errors import error_from_status
from viam.gen.common.v1 import common_pb2
from viam.gen.component.arm.v1 import arm_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["ArmService"]


class ArmClient(ResourceClient, Arm):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def move_through_joint_positions_streamed(
            self, batches: AsyncIterator[Sequence[TrajectoryPoint]], *, extra: Extra = None,
            timeout: float | None = None, **kwargs: Any) -> AsyncIterator[None]:
        """The bidi RPC: Init (name, extra), then one TrajectoryBatch per batch; yields once per ack."""
        Request = pb.MoveThroughJointPositionsStreamedRequest

        async def requests() -> AsyncIterator[Any]:
            yield Request(name=self.name, init=Request.Init(extra=extra_struct(extra)))
            async for batch in batches:
                yield Request(batch=Request.TrajectoryBatch(points=list(batch)))

        call = self._stub.MoveThroughJointPositionsStreamed(requests(), timeout=timeout)
        try:
            async for _ in call:
                yield None
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None

    async def get_end_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Pose:
        response = await self._call("GetEndPosition", pb.GetEndPositionRequest(name=self.name,
                                                                               extra=extra_struct(extra)), timeout)
        return response.pose

    async def move_to_position(self, pose: Pose, *, extra: Extra = None, timeout: float | None = None,
                               **kwargs: Any) -> None:
        await self._call("MoveToPosition", pb.MoveToPositionRequest(name=self.name, to=pose,
                                                                    extra=extra_struct(extra)), timeout)

    async def get_joint_positions(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> JointPositions:
        response = await self._call("GetJointPositions", pb.GetJointPositionsRequest(
            name=self.name, extra=extra_struct(extra)), timeout)
        return response.positions

    async def move_to_joint_positions(self, positions: JointPositions, *, extra: Extra = None,
                                      timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("MoveToJointPositions", pb.MoveToJointPositionsRequest(
            name=self.name, positions=positions, extra=extra_struct(extra)), timeout)

    async def move_through_joint_positions(self, positions: Sequence[JointPositions],
                                           options: MoveOptions | None = None, *, extra: Extra = None,
                                           timeout: float | None = None, **kwargs: Any) -> None:
        request = pb.MoveThroughJointPositionsRequest(name=self.name, positions=list(positions),
                                                      extra=extra_struct(extra))
        if options is not None:
            request.options.CopyFrom(options)
        await self._call("MoveThroughJointPositions", request, timeout)

    async def get_kinematics(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> tuple[int, bytes]:
        response = await self._call("GetKinematics", common_pb2.GetKinematicsRequest(
            name=self.name, extra=extra_struct(extra)), timeout)
        return response.format, response.kinematics_data

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> ArmProperties:
        response = await self._call("GetProperties", pb.GetPropertiesRequest(name=self.name,
                                                                             extra=extra_struct(extra)), timeout)
        return ArmProperties(response.support_manual_mode, response.support_cartesian_commands)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Stop", pb.StopRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def is_moving(self) -> bool:
        return (await self._call("IsMoving", pb.IsMovingRequest(name=self.name))).is_moving
