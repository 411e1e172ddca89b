"""Fake camera (``rdk:builtin:fake``): real JPEG/PNG frames rendered with Pillow, and a small PCD.

Attributes: ``width``/``height`` (or ``width_px``/``height_px``, default 640x480),
``frame_rate`` (fps reported in properties, default 30), ``mime_type`` (default image/jpeg;
a request's ``extra.mime_type`` overrides it per call). Each frame is a colour gradient with the
camera name and a frame counter drawn on it, so consecutive frames differ.
"""

from __future__ import annotations

import asyncio
import io
import math
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from google.protobuf.timestamp_pb2 import Timestamp

from viam.components.camera.api import Camera
from viam.components.camera.image import CameraMimeType, NamedImage
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, ResourceNotFoundError
from viam.gen.common.v1.common_pb2 import ResponseMetadata
from viam.gen.component.camera.v1 import camera_pb2 as pb
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

if TYPE_CHECKING:
    from PIL import Image

DEFAULT_WIDTH, DEFAULT_HEIGHT = 640, 480
MAX_SIDE_PX = 8192
DEFAULT_FRAME_RATE = 30.0
HORIZONTAL_FOV_DEG = 62.2  # a Raspberry Pi Camera Module 2, for plausible intrinsics
IMAGE_MIME_TYPES = (CameraMimeType.JPEG, CameraMimeType.PNG)
JPEG_QUALITY = 80


class FakeCamera(Camera):
    """Simulated single-source camera; the source is named after the camera."""

    def __init__(self, name: str, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
                 frame_rate: float = DEFAULT_FRAME_RATE, mime_type: str = CameraMimeType.JPEG) -> None:
        super().__init__(name)
        self.width, self.height = width, height
        self.frame_rate = frame_rate
        self.mime_type = mime_type
        self.frames = 0
        self._background: Image.Image | None = None

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeCamera:
        return cls(config.name, **_parse(config))

    # -- rendering -------------------------------------------------------------------------------
    def _gradient(self) -> Image.Image:
        """Red grows left to right, green top to bottom; built once per camera."""
        if self._background is None:
            from PIL import Image  # on the first frame: an idle camera does not hold Pillow in memory
            ramp = Image.linear_gradient("L")  # 256x256, dark at the top
            red = ramp.rotate(90, expand=True).resize((self.width, self.height))
            green = ramp.resize((self.width, self.height))
            blue = Image.new("L", (self.width, self.height), 96)
            self._background = Image.merge("RGB", (red, green, blue))
        return self._background

    def _render(self, frame: int, mime_type: str) -> bytes:
        from PIL import ImageDraw

        image = self._gradient().copy()
        draw = ImageDraw.Draw(image)
        side = max(4, min(self.width, self.height) // 8)
        x = (frame * side // 2) % max(1, self.width - side)
        draw.rectangle((x, self.height // 2 - side // 2, x + side, self.height // 2 + side // 2), fill="white")
        draw.text((8, 8), f"{self.name} frame {frame}", fill="white")
        buffer = io.BytesIO()
        if mime_type == CameraMimeType.PNG:
            image.save(buffer, format="PNG")
        else:
            image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
        return buffer.getvalue()

    def _requested_mime_type(self, extra: Extra) -> str:
        wanted = (extra or {}).get("mime_type") or self.mime_type
        wanted = CameraMimeType.normalise(str(wanted))
        if wanted not in IMAGE_MIME_TYPES:
            raise InvalidArgumentError(f"camera {self.name!r}: cannot produce {wanted!r} "
                                       f"(supported: {', '.join(IMAGE_MIME_TYPES)})")
        return wanted

    # -- Camera ----------------------------------------------------------------------------------
    async def get_images(self, *, filter_source_names: Sequence[str] | None = None, extra: Extra = None,
                         timeout: float | None = None, **kwargs: Any) -> tuple[list[NamedImage], ResponseMetadata]:
        if filter_source_names:
            unknown = [n for n in filter_source_names if n != self.name]
            if unknown:
                raise ResourceNotFoundError(f"camera {self.name!r} has no source named {unknown[0]!r} "
                                            f"(available: {self.name!r})")
        mime_type = self._requested_mime_type(extra)
        captured = Timestamp()
        captured.GetCurrentTime()
        self.frames += 1
        data = await asyncio.to_thread(self._render, self.frames, mime_type)
        return [NamedImage(self.name, data, mime_type)], ResponseMetadata(captured_at=captured)

    async def get_point_cloud(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> tuple[bytes, str]:
        return _plane_pcd(), CameraMimeType.PCD

    async def get_properties(self, *, timeout: float | None = None, **kwargs: Any) -> pb.GetPropertiesResponse:
        focal = (self.width / 2) / math.tan(math.radians(HORIZONTAL_FOV_DEG) / 2)
        return pb.GetPropertiesResponse(
            supports_pcd=True,
            intrinsic_parameters=pb.IntrinsicParameters(
                width_px=self.width, height_px=self.height, focal_x_px=focal, focal_y_px=focal,
                center_x_px=self.width / 2, center_y_px=self.height / 2),
            distortion_parameters=pb.DistortionParameters(model="brown_conrady", parameters=[0.0] * 5),
            mime_types=list(IMAGE_MIME_TYPES),
            frame_rate=self.frame_rate,
        )

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"width_px": self.width, "height_px": self.height, "frames": self.frames, "at": time.time()}


def _plane_pcd(side: int = 10, spacing_m: float = 0.1, depth_m: float = 1.0) -> bytes:
    """An ASCII PCD (v0.7) of a ``side`` x ``side`` grid of points on a plane ``depth_m`` ahead."""
    points = []
    for row in range(side):
        for col in range(side):
            x = (col - (side - 1) / 2) * spacing_m
            y = (row - (side - 1) / 2) * spacing_m
            rgb = (int(255 * col / (side - 1)) << 16) | (int(255 * row / (side - 1)) << 8) | 96
            points.append(f"{x:.3f} {y:.3f} {depth_m:.3f} {rgb}")
    header = (
        "VERSION .7\nFIELDS x y z rgb\nSIZE 4 4 4 4\nTYPE F F F U\nCOUNT 1 1 1 1\n"
        f"WIDTH {len(points)}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS {len(points)}\nDATA ascii\n"
    )
    return (header + "\n".join(points) + "\n").encode()


def _parse(config: ResourceConfig) -> dict[str, Any]:
    """Read and check the attributes; errors name the attribute."""
    attrs = config.attributes
    result: dict[str, Any] = {}
    for key, alias, default in (("width", "width_px", DEFAULT_WIDTH), ("height", "height_px", DEFAULT_HEIGHT)):
        values = {k: attrs[k] for k in (key, alias) if k in attrs}
        if len(values) == 2 and values[key] != values[alias]:
            raise config.error(f"{key} ({values[key]!r}) and {alias} ({values[alias]!r}) disagree",
                               f"attributes.{alias}")
        source = next(iter(values), key)
        value = values.get(source, default)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_SIDE_PX:
            raise config.error(f"{source} must be an integer number of pixels in 1..{MAX_SIDE_PX}, got {value!r}",
                               f"attributes.{source}")
        result[key] = value
    frame_rate = attrs.get("frame_rate", DEFAULT_FRAME_RATE)
    if not isinstance(frame_rate, int | float) or isinstance(frame_rate, bool) or frame_rate <= 0:
        raise config.error(f"frame_rate must be a positive number of frames per second, got {frame_rate!r}",
                           "attributes.frame_rate")
    result["frame_rate"] = float(frame_rate)
    mime_type = attrs.get("mime_type", CameraMimeType.JPEG)
    if mime_type not in IMAGE_MIME_TYPES:
        raise config.error(f"mime_type must be one of {', '.join(IMAGE_MIME_TYPES)}, got {mime_type!r}",
                           "attributes.mime_type")
    result["mime_type"] = mime_type
    return result
