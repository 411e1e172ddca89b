"""Camera: one or more imagers returning encoded frames, plus an optional point cloud."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

from viam.components.base import FromRobot
from viam.components.camera.image import NamedImage
from viam.gen.common.v1.common_pb2 import ResponseMetadata
from viam.gen.component.camera.v1.camera_pb2 import GetPropertiesResponse
from viam.resource.base import Extra, Resource
from viam.resource.names import API


class Camera(FromRobot, Resource):
    """Subclasses implement ``get_images``, ``get_point_cloud`` and ``get_properties``."""

    API: ClassVar[API] = API.component("camera")

    Properties = GetPropertiesResponse
    """Intrinsics, distortion, supported MIME types and frame rate, as the SDK returns them."""

    @abstractmethod
    async def get_images(self, *, filter_source_names: Sequence[str] | None = None, extra: Extra = None,
                         timeout: float | None = None, **kwargs: Any) -> tuple[list[NamedImage], ResponseMetadata]:
        """One simultaneous image per source (only ``filter_source_names`` if given), and when taken."""

    @abstractmethod
    async def get_point_cloud(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> tuple[bytes, str]:
        """(point cloud bytes, MIME type), normally ``pointcloud/pcd``."""

    @abstractmethod
    async def get_properties(self, *, timeout: float | None = None, **kwargs: Any) -> GetPropertiesResponse: ...
