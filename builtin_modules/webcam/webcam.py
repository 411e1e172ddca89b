"""Camera ``rdk:builtin:webcam``: a V4L2 camera, video file or stream through OpenCV.

Attributes (the reference names): ``video_path`` (``/dev/video0``, an index, a file or a URL;
required), ``width_px``/``height_px`` (together), ``frame_rate``, ``format`` (``MJPG`` or
``YUYV``). One background reader thread (``drivers.camera.LatestFrameReader``) captures frames
and keeps only the newest, so GetImages never returns a frame older than the one being
captured (at most one frame of latency) and each frame is JPEG-encoded once however many
clients poll. GetImages answers JPEG, or PNG when ``extra.mime_type`` asks for it. A camera
that is unplugged is re-opened every second; calls meanwhile fail UNAVAILABLE with the cause.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from google.protobuf.timestamp_pb2 import Timestamp

from builtin_modules.common.attrs import Attrs
from drivers.camera import FORMATS, MIME_JPEG, MIME_PNG, LatestFrameReader, OpenCVSource
from drivers.errors import CameraError
from viam.components.camera.api import Camera
from viam.components.camera.image import CameraMimeType, NamedImage
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, NotSupportedError, ResourceNotFoundError, UnavailableError
from viam.gen.common.v1.common_pb2 import ResponseMetadata
from viam.gen.component.camera.v1 import camera_pb2 as pb
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
FRAME_TIMEOUT_S = 5.0


class Webcam(Camera):
    MODEL: ClassVar[Model] = Model("rdk", "builtin", "webcam")

    def __init__(self, name: str, reader: LatestFrameReader) -> None:
        super().__init__(name)
        self.reader = reader
        self._last: dict[str, tuple[int, bytes]] = {}

    @staticmethod
    def parse(config: ResourceConfig) -> dict[str, Any]:
        attrs = Attrs(config)
        path = attrs.str("video_path")
        width = attrs.int("width_px", None, minimum=1, maximum=8192)
        height = attrs.int("height_px", None, minimum=1, maximum=8192)
        if (width is None) != (height is None):
            raise attrs.error("width_px and height_px must be given together", "height_px" if width else "width_px")
        fmt = attrs.str("format", None)
        if fmt is not None and fmt.upper() not in FORMATS:
            raise attrs.error(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}", "format")
        rate = attrs.number("frame_rate", None, minimum=0, exclusive_minimum=True)
        return {"source": int(path) if path.isdigit() else path, "width": width, "height": height,
                "fps": float(rate) if rate else None, "format": fmt}

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        cls.parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Webcam:
        options = cls.parse(config)
        loop = bool(config.attributes.get("loop", True))  # a file plays in a loop, like a live camera
        source = OpenCVSource(options.pop("source"), loop=loop, **options)
        reader = LatestFrameReader(source).start()
        return cls(config.name, reader)

    def _cached(self, mime: str) -> bytes | None:
        """The newest frame's encoding if it was already made: no thread hop for a repeat request."""
        try:
            frame = self.reader.latest(timeout_s=0.0)
        except CameraError:
            return None
        cached = self._last.get(mime)
        return cached[1] if cached is not None and cached[0] == frame.seq else None

    def _mime(self, extra: Extra) -> str:
        wanted = CameraMimeType.normalise(str((extra or {}).get("mime_type") or MIME_JPEG))
        if wanted not in (MIME_JPEG, MIME_PNG):
            raise InvalidArgumentError(f"camera {self.name!r}: cannot produce {wanted!r} "
                                       f"(supported: {MIME_JPEG}, {MIME_PNG})")
        return wanted

    async def get_images(self, *, filter_source_names: Sequence[str] | None = None, extra: Extra = None,
                         timeout: float | None = None, **kwargs: Any) -> tuple[list[NamedImage], ResponseMetadata]:
        if filter_source_names and any(n != self.name for n in filter_source_names):
            raise ResourceNotFoundError(f"camera {self.name!r} has no source named "
                                        f"{next(n for n in filter_source_names if n != self.name)!r} "
                                        f"(available: {self.name!r})")
        mime = self._mime(extra)
        try:
            data = self._cached(mime)
            if data is None:  # a new frame: encode it off the event loop (once; the reader caches it)
                frame, data = await asyncio.to_thread(self.reader.latest_encoded, mime, timeout or FRAME_TIMEOUT_S)
                self._last[mime] = (frame.seq, data)
        except CameraError as exc:
            raise UnavailableError(f"camera {self.name!r}: {exc}") from exc
        captured = Timestamp()
        captured.GetCurrentTime()
        return [NamedImage(self.name, data, mime)], ResponseMetadata(captured_at=captured)

    async def get_point_cloud(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> tuple[bytes, str]:
        raise NotSupportedError(f"camera {self.name!r} is a 2D webcam; it has no point cloud")

    async def get_properties(self, *, timeout: float | None = None, **kwargs: Any) -> pb.GetPropertiesResponse:
        props = self.reader.properties
        response = pb.GetPropertiesResponse(supports_pcd=False, mime_types=[MIME_JPEG, MIME_PNG],
                                            frame_rate=float(props.fps or 0.0))
        if props.width and props.height:
            # No calibration is known: a nominal 62.2 degree horizontal field of view (Pi Camera v2).
            focal = (props.width / 2) / math.tan(math.radians(62.2) / 2)
            response.intrinsic_parameters.CopyFrom(pb.IntrinsicParameters(
                width_px=props.width, height_px=props.height, focal_x_px=focal, focal_y_px=focal,
                center_x_px=props.width / 2, center_y_px=props.height / 2))
        return response

    async def get_status(self) -> Mapping[str, Any]:
        s = self.reader.status
        return {"connected": s.connected, "frames": s.frames, "reconnects": s.reconnects, "last_error": s.last_error}

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        if "status" in command:
            return dict(await self.get_status())
        raise NotSupportedError(f"camera {self.name!r} has no command {next(iter(command), '')!r} (known: status)")

    async def close(self) -> None:
        await asyncio.to_thread(self.reader.close)
