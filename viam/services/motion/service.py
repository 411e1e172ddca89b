"""MotionService: proto <-> Motion. MoveOnMap and MoveOnGlobe (SLAM, GPS navigation) are not offered."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.errors import NotSupportedError
from viam.gen.service.motion.v1 import motion_pb2 as pb
from viam.services.motion.api import Motion

Ctx = grpc.aio.ServicerContext


def _component(request: object) -> str:
    """``component_name``, or the deprecated ResourceName's name older clients send."""
    name = getattr(request, "component_name", "")
    if not name and request.HasField("component_name_deprecated"):  # type: ignore[attr-defined]
        name = request.component_name_deprecated.name  # type: ignore[attr-defined]
    return name


class MotionService(ResourceServicer):
    async def Move(self, motion: Motion, request: pb.MoveRequest, context: Ctx) -> pb.MoveResponse:
        success = await motion.move(
            _component(request), request.destination,
            world_state=request.world_state if request.HasField("world_state") else None,
            constraints=request.constraints if request.HasField("constraints") else None,
            extra=extra_of(request), timeout=timeout_of(context))
        return pb.MoveResponse(success=success)

    async def MoveOnMap(self, motion: Motion, request: pb.MoveOnMapRequest, context: Ctx) -> pb.MoveOnMapResponse:
        raise NotSupportedError("MoveOnMap (SLAM navigation) is not offered by this server")

    async def MoveOnGlobe(self, motion: Motion, request: pb.MoveOnGlobeRequest,
                          context: Ctx) -> pb.MoveOnGlobeResponse:
        raise NotSupportedError("MoveOnGlobe (GPS navigation) is not offered by this server")

    async def GetPose(self, motion: Motion, request: pb.GetPoseRequest, context: Ctx) -> pb.GetPoseResponse:
        pose = await motion.get_pose(_component(request), request.destination_frame or "world",
                                     supplemental_transforms=list(request.supplemental_transforms),
                                     extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPoseResponse(pose=pose)

    async def StopPlan(self, motion: Motion, request: pb.StopPlanRequest, context: Ctx) -> pb.StopPlanResponse:
        await motion.stop_plan(_component(request), extra=extra_of(request), timeout=timeout_of(context))
        return pb.StopPlanResponse()

    async def ListPlanStatuses(self, motion: Motion, request: pb.ListPlanStatusesRequest,
                               context: Ctx) -> pb.ListPlanStatusesResponse:
        statuses = await motion.list_plan_statuses(request.only_active_plans, extra=extra_of(request),
                                                   timeout=timeout_of(context))
        return pb.ListPlanStatusesResponse(plan_statuses_with_ids=statuses)

    async def GetPlan(self, motion: Motion, request: pb.GetPlanRequest, context: Ctx) -> pb.GetPlanResponse:
        return await motion.get_plan(_component(request), last_plan_only=request.last_plan_only,
                                     execution_id=request.execution_id if request.HasField("execution_id") else None,
                                     extra=extra_of(request), timeout=timeout_of(context))
