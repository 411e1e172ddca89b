"""Camera ``rdk:builtin:webcam``: a V4L2 camera, video file or stream through OpenCV.

Attributes (the reference's): ``video_path`` (``/dev/video0``, ``video0``, a ``/dev/v4l/by-id``
or ``by-path`` link or its name; omitted: the first camera that delivers frames; ours on top: an
index, a video file or a URL), ``width_px`` and ``height_px`` (each optional), ``frame_rate``
(30 when omitted, as the reference reports it), ``format`` (the reference's names ``MJPEG``,
``YUY2``, ``I420``, ``I444``, ``UYVY``, ``RGBA``, ``NV12``, ``NV21``, ``Z16``, or V4L2 fourccs
``MJPG``/``YUYV``), ``intrinsic_parameters`` ``{width_px, height_px, fx, fy, ppx, ppy}`` and
``distortion_parameters`` ``{rk1, rk2, rk3, tp1, tp2}`` (Brown-Conrady), reported as configured
by GetProperties (nothing is reported when they are not configured).

One background reader thread (``drivers.camera.LatestFrameReader``) captures frames while
someone consumes them (GetImages, the MJPEG stream) and for ``IDLE_AFTER_S`` after, keeping only
the newest, so GetImages never returns a frame older than the one being captured and an idle
webcam costs no CPU. The camera is first opened by the first consumer, and OpenCV and numpy are
imported then, not at start: an unused webcam module stays as small as the others (#24). Each
frame is JPEG-encoded once however many clients poll. GetImages answers JPEG, or PNG when
``extra.mime_type`` asks for it. An unplugged camera is re-opened
every second; calls meanwhile fail UNAVAILABLE with the cause.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from google.protobuf.timestamp_pb2 import Timestamp

from builtin_modules.common.attrs import Attrs, warn_unknown
from drivers.camera import FORMATS, MIME_JPEG, MIME_PNG, LatestFrameReader, OpenCVSource
from drivers.camera.opencv_source import AUTO
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
# Frames are read only while consumed and this long after the last request ($VIAM_WEBCAM_IDLE_AFTER_S).
IDLE_AFTER_S = float(os.environ.get("VIAM_WEBCAM_IDLE_AFTER_S") or 3.0)
DEFAULT_FRAME_RATE = 30.0
ATTRIBUTES = ("video_path", "width_px", "height_px", "frame_rate", "format", "intrinsic_parameters",
              "distortion_parameters", "loop")
INTRINSICS = ("width_px", "height_px", "fx", "fy", "ppx", "ppy")
DISTORTION = ("rk1", "rk2", "rk3", "tp1", "tp2")


class Webcam(Camera):
    MODEL: ClassVar[Model] = Model("rdk", "builtin", "webcam")

    def __init__(self, name: str, reader: LatestFrameReader, options: Mapping[str, Any] | None = None) -> None:
        super().__init__(name)
        self.reader = reader
        self.options = dict(options or {})
        self._last: dict[str, tuple[int, bytes]] = {}

    @staticmethod
    def parse(config: ResourceConfig) -> dict[str, Any]:
        attrs = Attrs(config)
        for warning in warn_unknown(attrs, ATTRIBUTES):
            LOG.warning("camera %r: %s", config.name, warning)
        path = attrs.str("video_path", AUTO)
        width = attrs.int("width_px", None, minimum=0, maximum=8192) or None
        height = attrs.int("height_px", None, minimum=0, maximum=8192) or None
        fmt = attrs.str("format", None)
        if fmt is not None and fmt.upper() not in FORMATS:
            raise attrs.error(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}", "format")
        rate = attrs.number("frame_rate", None, minimum=0)
        intrinsics = None
        if attrs.has("intrinsic_parameters"):
            entry = attrs.mapping("intrinsic_parameters")
            intrinsics = {k: float(entry.number(k, 0.0)) for k in INTRINSICS}
            if intrinsics["width_px"] <= 0 or intrinsics["height_px"] <= 0 or intrinsics["fx"] <= 0 \
                    or intrinsics["fy"] <= 0:
                raise entry.error("intrinsic_parameters need positive width_px, height_px, fx and fy", "")
        distortion = None
        if attrs.has("distortion_parameters"):
            entry = attrs.mapping("distortion_parameters")
            distortion = [float(entry.number(k, 0.0)) for k in DISTORTION]
        return {"source": int(path) if path.isdigit() else path, "width": width, "height": height,
                "fps": float(rate) if rate else None, "format": fmt, "intrinsics": intrinsics,
                "distortion": distortion}

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        cls.parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Webcam:
        options = cls.parse(config)
        loop = bool(config.attributes.get("loop", True))  # a file plays in a loop, like a live camera
        source = OpenCVSource(options["source"], loop=loop, width=options["width"], height=options["height"],
                              fps=options["fps"], format=options["format"])
        reader = LatestFrameReader(source, idle_after_s=IDLE_AFTER_S).start()
        return cls(config.name, reader, options)

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
        """As the reference: the configured frame rate (30 if none), and the intrinsics and
        distortion only as configured (no calibration is invented)."""
        response = pb.GetPropertiesResponse(supports_pcd=False, mime_types=[MIME_JPEG, MIME_PNG],
                                            frame_rate=float(self.options.get("fps") or DEFAULT_FRAME_RATE))
        intrinsics = self.options.get("intrinsics")
        if intrinsics:
            response.intrinsic_parameters.CopyFrom(pb.IntrinsicParameters(
                width_px=int(intrinsics["width_px"]), height_px=int(intrinsics["height_px"]),
                focal_x_px=intrinsics["fx"], focal_y_px=intrinsics["fy"],
                center_x_px=intrinsics["ppx"], center_y_px=intrinsics["ppy"]))
        distortion = self.options.get("distortion")
        if distortion is not None:
            response.distortion_parameters.CopyFrom(pb.DistortionParameters(model="brown_conrady",
                                                                            parameters=distortion))
        return response

    async def get_status(self) -> Mapping[str, Any]:
        s = self.reader.status
        props = self.reader.properties
        return {"connected": s.connected, "frames": s.frames, "reconnects": s.reconnects, "last_error": s.last_error,
                "reading": not self.reader.idle, "width_px": props.width, "height_px": props.height,
                "format": props.format}

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        if "status" in command:
            return dict(await self.get_status())
        raise NotSupportedError(f"camera {self.name!r} has no command {next(iter(command), '')!r} (known: status)")

    async def close(self) -> None:
        await asyncio.to_thread(self.reader.close)


class PiCamera(Webcam):
    """Camera ``viam:camera:csi-pi``: a Raspberry Pi CSI camera through picamera2 (libcamera).

    Attributes: ``width_px``, ``height_px`` (optional, together), ``frame_rate`` (optional; 30 is
    reported when omitted), ``camera_num`` (which CSI camera, default 0), and the webcam's
    ``intrinsic_parameters``/``distortion_parameters``. The same reader, GetImages, properties
    and MJPEG behaviour as the webcam. Without picamera2 the resource fails saying how to install it.
    """

    MODEL: ClassVar[Model] = Model("viam", "camera", "csi-pi")
    PI_ATTRIBUTES = ("width_px", "height_px", "frame_rate", "camera_num", "intrinsic_parameters",
                     "distortion_parameters")

    @staticmethod
    def parse(config: ResourceConfig) -> dict[str, Any]:
        attrs = Attrs(config)
        for warning in warn_unknown(attrs, PiCamera.PI_ATTRIBUTES):
            LOG.warning("camera %r: %s", config.name, warning)
        options = _webcam_options(config)
        if bool(options["width"]) != bool(options["height"]):
            raise attrs.error("width_px and height_px go together for a CSI camera", "width_px")
        options["camera_num"] = int(attrs.int("camera_num", 0, minimum=0))
        return options

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> PiCamera:
        from drivers.camera.picamera2_source import Picamera2Source, picamera2_module

        options = cls.parse(config)
        await asyncio.to_thread(picamera2_module)  # fail the build now, with the install hint
        source = Picamera2Source(options["camera_num"], width=options["width"], height=options["height"],
                                 fps=options["fps"])
        reader = LatestFrameReader(source, idle_after_s=IDLE_AFTER_S).start()
        return cls(config.name, reader, options)

    async def get_point_cloud(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> tuple[bytes, str]:
        raise NotSupportedError(f"camera {self.name!r} is a 2D CSI camera; it has no point cloud")


def _webcam_options(config: ResourceConfig) -> dict[str, Any]:
    """The webcam's parsing of the shared attributes, without its unknown-attribute warnings."""
    attrs = Attrs(config)
    width = attrs.int("width_px", None, minimum=0, maximum=8192) or None
    height = attrs.int("height_px", None, minimum=0, maximum=8192) or None
    rate = attrs.number("frame_rate", None, minimum=0)
    intrinsics = None
    if attrs.has("intrinsic_parameters"):
        entry = attrs.mapping("intrinsic_parameters")
        intrinsics = {k: float(entry.number(k, 0.0)) for k in INTRINSICS}
    distortion = None
    if attrs.has("distortion_parameters"):
        entry = attrs.mapping("distortion_parameters")
        distortion = [float(entry.number(k, 0.0)) for k in DISTORTION]
    return {"source": "csi", "width": width, "height": height, "fps": float(rate) if rate else None,
            "format": None, "intrinsics": intrinsics, "distortion": distortion}
