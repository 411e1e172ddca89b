"""Official-SDK module serving an API this server ships no protos for (``rdk:service:vision``).

The server learns ``viam.service.vision.v1.VisionService`` from the module over gRPC reflection
and forwards calls as raw bytes.
"""

import asyncio
from typing import ClassVar

from viam.module.module import Module
from viam.proto.service.vision import Classification, Detection, GetPropertiesResponse
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily
from viam.services.vision import CaptureAllResult, Vision


class CountingVision(Vision, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "counter")

    async def get_detections_from_camera(self, camera_name, *, extra=None, timeout=None):
        return [Detection(x_min=1, y_min=2, x_max=3, y_max=4, confidence=0.9, class_name=camera_name)]

    async def get_detections(self, image, *, extra=None, timeout=None):
        return []

    async def get_classifications_from_camera(self, camera_name, count, *, extra=None, timeout=None):
        return [Classification(class_name=f"{camera_name}-{i}", confidence=1.0 / (i + 1)) for i in range(count)]

    async def get_classifications(self, image, count, *, extra=None, timeout=None):
        return []

    async def get_object_point_clouds(self, camera_name, *, extra=None, timeout=None):
        return []

    async def get_detections_3d(self, camera_name, *, extra=None, timeout=None):
        return []

    async def capture_all_from_camera(self, camera_name, return_image=False, return_classifications=False,
                                      return_detections=False, return_object_point_clouds=False, *,
                                      extra=None, timeout=None):
        return CaptureAllResult()

    async def get_properties(self, *, extra=None, timeout=None):
        return GetPropertiesResponse(classifications_supported=True, detections_supported=True,
                                     object_point_clouds_supported=False)

    async def do_command(self, command, *, timeout=None, **kwargs):
        return {"vision": self.name, **command}


if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
