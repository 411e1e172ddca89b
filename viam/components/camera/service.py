"""CameraService: proto <-> Camera."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.components.camera.api import Camera
from viam.gen.component.camera.v1 import camera_pb2 as pb

Ctx = grpc.aio.ServicerContext


class CameraService(ResourceServicer):
    async def GetImages(self, camera: Camera, request: pb.GetImagesRequest, context: Ctx) -> pb.GetImagesResponse:
        images, metadata = await camera.get_images(filter_source_names=list(request.filter_source_names) or None,
                                                   extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetImagesResponse(
            images=[pb.Image(source_name=i.name, image=i.data, mime_type=i.mime_type) for i in images],
            response_metadata=metadata,
        )

    async def GetPointCloud(
        self, camera: Camera, request: pb.GetPointCloudRequest, context: Ctx
    ) -> pb.GetPointCloudResponse:
        data, mime_type = await camera.get_point_cloud(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPointCloudResponse(point_cloud=data, mime_type=mime_type)

    async def GetProperties(
        self, camera: Camera, request: pb.GetPropertiesRequest, context: Ctx
    ) -> pb.GetPropertiesResponse:
        return await camera.get_properties(timeout=timeout_of(context))
