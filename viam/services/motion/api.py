"""Motion service: move a component to a pose, and where things are (the reference's MotionService)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from viam.components.base import FromRobot
from viam.errors import NotSupportedError
from viam.gen.common.v1 import common_pb2
from viam.gen.service.motion.v1 import motion_pb2 as pb
from viam.resource.base import Extra, Resource
from viam.resource.names import API


class Motion(FromRobot, Resource):
    API: ClassVar[API] = API.service("motion")

    async def move(self, component_name: str, destination: common_pb2.PoseInFrame, *,
                   world_state: common_pb2.WorldState | None = None, constraints: pb.Constraints | None = None,
                   extra: Extra = None, timeout: float | None = None) -> bool:
        raise NotSupportedError(f"motion service {self.name!r}: Move is not available")

    async def get_pose(self, component_name: str, destination_frame: str = "world", *,
                       supplemental_transforms: Sequence[common_pb2.Transform] = (), extra: Extra = None,
                       timeout: float | None = None) -> common_pb2.PoseInFrame:
        raise NotSupportedError(f"motion service {self.name!r}: GetPose is not available")

    async def list_plan_statuses(self, only_active_plans: bool = False, *, extra: Extra = None,
                                 timeout: float | None = None) -> list[pb.PlanStatusWithID]:
        return []

    async def get_plan(self, component_name: str, *, last_plan_only: bool = False, execution_id: str | None = None,
                       extra: Extra = None, timeout: float | None = None) -> pb.GetPlanResponse:
        raise NotSupportedError(f"motion service {self.name!r}: no plans")

    async def stop_plan(self, component_name: str, *, extra: Extra = None, timeout: float | None = None) -> None:
        raise NotSupportedError(f"motion service {self.name!r}: no plans")

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[object]:
        return []
