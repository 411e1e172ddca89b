"""Fake pose tracker (``rdk:builtin:fake``): two bodies at fixed poses in the world frame.

``body1`` sits at (0, 0, 0) and ``body2`` at (5, 5, 5) mm, both unrotated (orientation vector
(0, 0, 1), 0°). Requested names it does not track are left out of the answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.pose_tracker.api import PoseInFrame, PoseTracker
from viam.config.model import ResourceConfig
from viam.gen.common.v1.common_pb2 import Pose
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

BODIES = {"body1": (0.0, 0.0, 0.0), "body2": (5.0, 5.0, 5.0)}


class FakePoseTracker(PoseTracker):
    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakePoseTracker:
        return cls(config.name)

    async def get_poses(self, body_names: list[str], *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> dict[str, PoseInFrame]:
        wanted = body_names or list(BODIES)
        return {name: PoseInFrame(reference_frame="world", pose=Pose(x=x, y=y, z=z, o_z=1.0))
                for name, (x, y, z) in BODIES.items() if name in wanted}

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)
