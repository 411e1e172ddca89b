"""CameraClient: the Camera contract over gRPC."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.camera.api import Camera
from viam.components.camera.image import CameraMimeType, NamedImage
from viam.gen.common.v1.common_pb2 import ResponseMetadata
from viam.gen.component.camera.v1 import camera_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["CameraService"]


class CameraClient(ResourceClient, Camera):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_images(self, *, filter_source_names: Sequence[str] | None = None, extra: Extra = None,
                         timeout: float | None = None, **kwargs: Any) -> tuple[list[NamedImage], ResponseMetadata]:
        response = await self._call("GetImages", pb.GetImagesRequest(
            name=self.name, filter_source_names=filter_source_names or [], extra=extra_struct(extra)), timeout)
        images = [NamedImage(i.source_name, i.image, i.mime_type) for i in response.images]
        return images, response.response_metadata

    async def get_point_cloud(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> tuple[bytes, str]:
        response = await self._call("GetPointCloud", pb.GetPointCloudRequest(
            name=self.name, mime_type=CameraMimeType.PCD, extra=extra_struct(extra)), timeout)
        return response.point_cloud, response.mime_type

    async def get_properties(self, *, timeout: float | None = None, **kwargs: Any) -> pb.GetPropertiesResponse:
        return await self._call("GetProperties", pb.GetPropertiesRequest(name=self.name), timeout)
