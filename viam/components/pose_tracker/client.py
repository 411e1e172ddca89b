"""PoseTrackerClient: the PoseTracker contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.pose_tracker.api import PoseInFrame, PoseTracker
from viam.components.resource_rpc import ResourceClient
from viam.gen.component.posetracker.v1 import pose_tracker_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["PoseTrackerService"]


class PoseTrackerClient(ResourceClient, PoseTracker):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_poses(self, body_names: list[str], *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> dict[str, PoseInFrame]:
        response = await self._call("GetPoses", pb.GetPosesRequest(name=self.name, body_names=body_names,
                                                                   extra=extra_struct(extra)), timeout)
        return dict(response.body_poses)
