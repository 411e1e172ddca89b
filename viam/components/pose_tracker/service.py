"""PoseTrackerService: proto <-> PoseTracker."""

from __future__ import annotations

import grpc

from viam.components.pose_tracker.api import PoseTracker
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.gen.component.posetracker.v1 import pose_tracker_pb2 as pb


class PoseTrackerService(ResourceServicer):
    async def GetPoses(self, tracker: PoseTracker, request: pb.GetPosesRequest,
                       context: grpc.aio.ServicerContext) -> pb.GetPosesResponse:
        poses = await tracker.get_poses(list(request.body_names), extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPosesResponse(body_poses=poses)
