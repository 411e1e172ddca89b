"""PoseTracker: reports the poses of tracked bodies (markers, tags) in its frame."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.gen.common.v1.common_pb2 import PoseInFrame
from viam.resource.base import Extra, Resource
from viam.resource.names import API

__all__ = ["PoseInFrame", "PoseTracker"]


class PoseTracker(FromRobot, Resource):
    """Subclasses implement ``get_poses``."""

    API: ClassVar[API] = API.component("pose_tracker")

    @abstractmethod
    async def get_poses(self, body_names: list[str], *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> dict[str, PoseInFrame]:
        """Poses of the named bodies (all tracked bodies when ``body_names`` is empty)."""
