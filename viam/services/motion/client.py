"""MotionClient: the motion service over gRPC."""

from __future__ import annotations

from collections.abc import Sequence

import grpc

from viam.components.base import ResourceClient
from viam.gen.common.v1 import common_pb2
from viam.gen.service.motion.v1 import motion_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.services.motion.api import Motion
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["MotionService"]


class MotionClient(ResourceClient, Motion):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def move(self, component_name: str, destination: common_pb2.PoseInFrame, *,
                   world_state: common_pb2.WorldState | None = None, constraints: pb.Constraints | None = None,
                   extra: Extra = None, timeout: float | None = None) -> bool:
        request = pb.MoveRequest(name=self.name, component_name=component_name, destination=destination,
                                 world_state=world_state, constraints=constraints, extra=extra_struct(extra))
        return (await self._call("Move", request, timeout)).success

    async def get_pose(self, component_name: str, destination_frame: str = "world", *,
                       supplemental_transforms: Sequence[common_pb2.Transform] = (), extra: Extra = None,
                       timeout: float | None = None) -> common_pb2.PoseInFrame:
        request = pb.GetPoseRequest(name=self.name, component_name=component_name,
                                    destination_frame=destination_frame,
                                    supplemental_transforms=list(supplemental_transforms), extra=extra_struct(extra))
        return (await self._call("GetPose", request, timeout)).pose

    async def list_plan_statuses(self, only_active_plans: bool = False, *, extra: Extra = None,
                                 timeout: float | None = None) -> list[pb.PlanStatusWithID]:
        request = pb.ListPlanStatusesRequest(name=self.name, only_active_plans=only_active_plans,
                                             extra=extra_struct(extra))
        return list((await self._call("ListPlanStatuses", request, timeout)).plan_statuses_with_ids)

    async def get_plan(self, component_name: str, *, last_plan_only: bool = False, execution_id: str | None = None,
                       extra: Extra = None, timeout: float | None = None) -> pb.GetPlanResponse:
        request = pb.GetPlanRequest(name=self.name, component_name=component_name, last_plan_only=last_plan_only,
                                    execution_id=execution_id, extra=extra_struct(extra))
        return await self._call("GetPlan", request, timeout)

    async def stop_plan(self, component_name: str, *, extra: Extra = None, timeout: float | None = None) -> None:
        await self._call("StopPlan", pb.StopPlanRequest(name=self.name, component_name=component_name,
                                                        extra=extra_struct(extra)), timeout)
