"""Fake camera (``rdk:builtin:fake``): rdk's yellow-to-blue gradient, as JPEG, and its point cloud.

As rdk's fake camera (components/camera/fake/camera.go), attribute for attribute:

- ``width``/``height``: 0 or absent means 1280x720; negative, odd, or above 10000 is a config
  error with the reference's message.
- The frame is a gradient from yellow (255, 255, 0) at the top left to blue at the bottom right,
  by distance from the top-left corner; the same frame every time, unless ``animated`` is true:
  then it slides right one pixel every 20 ms (wrapping).
- GetImages answers one ``image/jpeg`` image with an empty source name (the reference's video
  source names none) and ignores ``filter_source_names``.
- GetPointCloud: one point per pixel, at (x, y, 255 * distance) mm in the pixel's colour, as a
  binary PCD (the reference's ``pointcloud.ToBytes``); 1280x720 is 921600 points, 14.7 MB.
- GetProperties: ``supports_pcd`` true; intrinsics and Brown-Conrady distortion only with
  ``model: true`` (the reference's fixed fx 821.32642889, fy 821.68607359, ppx 494.95941428,
  ppy 370.70529534 at the configured size; k1..k3, p1, p2 as below); no MIME types, no frame rate.
- Geometries: a 40 x 40 x 10 mm box labelled "box" at the camera's origin.
- For a steady reader (requests under ``PREFETCH_FRESH_S`` apart) an animated camera renders the
  next frame while the current one is on its way, as a capture pipeline does, so the reader waits
  for the encoder only, not for encoder plus transport. A prefetched frame older than that is
  dropped; a slower reader gets frames rendered on request; a camera nobody reads renders nothing.
- ``rtp_passthrough`` is accepted and has no effect here (no WebRTC/RTP video here); the
  reference then serves a fixed picture instead of the gradient.

Ours only: ``width_px``/``height_px`` as other spellings of width/height; ``mime_type``
(image/jpeg or image/png) and a request's ``extra.mime_type``; ``frame_rate`` (reported in the
properties when set); DoCommand echoes (the reference's answers an error); GetStatus.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
import os
import tempfile
import threading
import time
from array import array
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from google.protobuf.timestamp_pb2 import Timestamp

from viam.components.camera.api import Camera
from viam.components.camera.image import CameraMimeType, NamedImage
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.gen.common.v1 import common_pb2
from viam.gen.common.v1.common_pb2 import ResponseMetadata
from viam.gen.component.camera.v1 import camera_pb2 as pb
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

if TYPE_CHECKING:
    from PIL import Image

LOG = logging.getLogger(__name__)
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1280, 720
MAX_SIDE_PX = 10000
ANIMATION_STEP_MS = 20  # the reference's animated frame moves one pixel per 20 ms
IMAGE_MIME_TYPES = (CameraMimeType.JPEG, CameraMimeType.PNG)
JPEG_QUALITY = 75  # Go's image/jpeg default
PREFETCH_FRESH_S = 0.05  # prefetch only for a reader this quick; an older prefetched frame is stale
# The reference's fake intrinsics (width/height replaced by the configured size) and distortion.
FAKE_FOCAL_PX = (821.32642889, 821.68607359)
FAKE_CENTER_PX = (494.95941428, 370.70529534)
FAKE_DISTORTION = (0.11297234, -0.21375332, -0.01584774, -0.00302002, 0.19969297)  # k1, k2, k3, p1, p2
GEOMETRY_MM = (40.0, 40.0, 10.0)
ATTRIBUTES = ("width", "height", "width_px", "height_px", "animated", "rtp_passthrough", "model",
              "mime_type", "frame_rate")


class FakeCamera(Camera):
    """rdk's fake camera (see the module docstring)."""

    ATTRIBUTES = ATTRIBUTES  # the rest are warned about when built (viam.components.catalog)

    def __init__(self, name: str, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, *,
                 animated: bool = False, model: bool = False, frame_rate: float | None = None,
                 mime_type: str = CameraMimeType.JPEG) -> None:
        super().__init__(name)
        self.width, self.height = width, height
        self.animated = animated
        self.model = model
        self.frame_rate = frame_rate
        self.mime_type = mime_type
        self.frames = 0
        self._gradient_image: Image.Image | None = None
        self._encoded: dict[str, bytes] = {}  # the still frame, per MIME type
        self._point_cloud: bytes | None = None
        # The next animated frame, being rendered while the last one is served: (started, task).
        self._prefetch: dict[str, tuple[float, asyncio.Task[tuple[bytes, Timestamp]]]] = {}
        self._last_request = -1.0

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeCamera:
        parsed = _parse(config)
        if parsed.pop("rtp_passthrough"):
            LOG.warning("camera %r: attributes.rtp_passthrough is accepted and has no effect here "
                        "(no RTP/WebRTC video here; the gradient is served)", config.name)
        return cls(config.name, **parsed)

    # -- rendering -------------------------------------------------------------------------------
    def _gradient(self) -> Image.Image:
        """The reference's frame: colour by distance from the top-left corner over the diagonal."""
        if self._gradient_image is None:
            from PIL import Image  # on the first frame: an idle camera does not hold Pillow in memory

            width, height = self.width, self.height
            total = math.hypot(width, height)
            yellow, blue = bytearray(width * height), bytearray(width * height)
            squares = [x * x for x in range(width)]
            for y in range(height):
                row = [math.sqrt(xx + y * y) / total for xx in squares]
                yellow[y * width:(y + 1) * width] = bytes([int(255 - 255 * d) for d in row])
                blue[y * width:(y + 1) * width] = bytes([int(255 * d) for d in row])
            red_green = Image.frombytes("L", (width, height), bytes(yellow))
            self._gradient_image = Image.merge("RGB", (red_green, red_green,
                                                       Image.frombytes("L", (width, height), bytes(blue))))
        return self._gradient_image

    def _render(self, tick: int, mime_type: str) -> bytes:
        """Encode the frame, slid ``tick`` pixels right when animated."""
        from PIL import ImageChops

        image = self._gradient()
        if self.animated:
            image = ImageChops.offset(image, tick % self.width, 0)
        if mime_type == CameraMimeType.PNG:
            return _encode(image, format="PNG")
        return _encode(image, format="JPEG", quality=JPEG_QUALITY)

    def _frame(self, mime_type: str) -> tuple[bytes, Timestamp]:
        """The frame and when it was taken (the instant its animation step was read)."""
        captured = Timestamp()
        captured.GetCurrentTime()
        if self.animated:
            return self._render(captured.ToNanoseconds() // 1_000_000 // ANIMATION_STEP_MS, mime_type), captured
        if mime_type not in self._encoded:
            self._encoded[mime_type] = self._render(0, mime_type)
        return self._encoded[mime_type], captured

    async def _next_frame(self, mime_type: str) -> tuple[bytes, Timestamp]:
        """A fresh frame: the prefetched one if it is recent enough, else one rendered now."""
        started, task = self._prefetch.pop(mime_type, (0.0, None))
        if task is not None:
            if time.monotonic() - started <= PREFETCH_FRESH_S:
                return await task
            task.cancel()
        return await asyncio.to_thread(self._frame, mime_type)

    def _start_prefetch(self, mime_type: str, gap_s: float) -> None:
        if self.animated and gap_s <= PREFETCH_FRESH_S and mime_type not in self._prefetch:
            task = asyncio.get_running_loop().create_task(asyncio.to_thread(self._frame, mime_type))
            self._prefetch[mime_type] = (time.monotonic(), task)

    def _pcd(self) -> bytes:
        """The reference's point cloud: a point per pixel, binary PCD in metres."""
        if self._point_cloud is None:
            width, height = self.width, self.height
            total = math.hypot(width, height)
            count = width * height
            xs, ys, zs = (array("f", bytes(4 * count)) for _ in range(3))
            rgb = array("I", bytes(4 * count))
            rows_m = array("f", [y / 1000.0 for y in range(height)])
            start = 0
            for x in range(width):
                dist = [math.sqrt(x * x + y * y) / total for y in range(height)]
                end = start + height
                xs[start:end] = array("f", [x / 1000.0]) * height
                ys[start:end] = rows_m
                zs[start:end] = array("f", [0.255 * d for d in dist])
                rgb[start:end] = array("I", [(int(255 - 255 * d) * 0x10100) | int(255 * d) for d in dist])
                start = end
            body = bytearray(16 * count)
            words = memoryview(body).cast("I")
            for field, values in enumerate((xs, ys, zs, rgb)):
                words[field::4] = memoryview(values).cast("B").cast("I")
            header = (f"VERSION .7\nFIELDS x y z rgb\nSIZE 4 4 4 4\nTYPE F F F I\nCOUNT 1 1 1 1\n"
                      f"WIDTH {count}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS {count}\nDATA binary\n")
            self._point_cloud = header.encode() + bytes(body)
        return self._point_cloud

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
        mime_type = self._requested_mime_type(extra)
        self.frames += 1
        now = time.monotonic()
        gap_s, self._last_request = now - self._last_request, now
        data, captured = await self._next_frame(mime_type)
        self._start_prefetch(mime_type, gap_s)
        return [NamedImage("", data, mime_type)], ResponseMetadata(captured_at=captured)

    async def get_point_cloud(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> tuple[bytes, str]:
        return await asyncio.to_thread(self._pcd), CameraMimeType.PCD

    async def get_properties(self, *, timeout: float | None = None, **kwargs: Any) -> pb.GetPropertiesResponse:
        response = pb.GetPropertiesResponse(supports_pcd=True)
        if self.model:
            response.intrinsic_parameters.CopyFrom(pb.IntrinsicParameters(
                width_px=self.width, height_px=self.height, focal_x_px=FAKE_FOCAL_PX[0],
                focal_y_px=FAKE_FOCAL_PX[1], center_x_px=FAKE_CENTER_PX[0], center_y_px=FAKE_CENTER_PX[1]))
            response.distortion_parameters.CopyFrom(
                pb.DistortionParameters(model="brown_conrady", parameters=list(FAKE_DISTORTION)))
        if self.frame_rate is not None:
            response.frame_rate = self.frame_rate
        return response

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        x, y, z = GEOMETRY_MM
        return [common_pb2.Geometry(center=common_pb2.Pose(o_z=1.0), label="box",
                                    box=common_pb2.RectangularPrism(dims_mm=common_pb2.Vector3(x=x, y=y, z=z)))]

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def close(self) -> None:
        for _, task in self._prefetch.values():
            task.cancel()
        self._prefetch.clear()
        await super().close()

    async def get_status(self) -> Mapping[str, Any]:
        return {"width_px": self.width, "height_px": self.height, "frames": self.frames, "at": time.time()}


_scratch = threading.local()


def _encode(image: Image.Image, **params: Any) -> bytes:
    """``image.save`` into a per-thread scratch file, read back.

    Pillow encodes into a real file descriptor in one C call with the GIL released (and about a
    quarter faster than into BytesIO, which it feeds chunk by chunk holding the GIL), so a frame
    rendered in a worker thread no longer stalls the event loop serving other calls.
    """
    scratch = getattr(_scratch, "file", None)
    if scratch is None:
        scratch = _scratch.file = _scratch_file()
    scratch.seek(0)
    scratch.truncate()
    image.save(scratch, **params)
    size = scratch.tell()
    scratch.seek(0)
    return scratch.read(size)


def _scratch_file() -> io.FileIO | Any:
    if hasattr(os, "memfd_create"):  # Linux: memory-backed, never touches a disk
        return io.FileIO(os.memfd_create("fake-camera-frame", os.MFD_CLOEXEC), "w+b")
    return tempfile.TemporaryFile()


def _parse(config: ResourceConfig) -> dict[str, Any]:
    """Read and check the attributes (the reference's Validate, in its order); errors name the attribute."""
    attrs = config.attributes
    size: dict[str, int] = {}
    sources: dict[str, str] = {}
    for key, alias in (("width", "width_px"), ("height", "height_px")):
        values = {k: attrs[k] for k in (key, alias) if attrs.get(k) is not None}
        if len(values) == 2 and values[key] != values[alias]:
            raise config.error(f"{key} ({values[key]!r}) and {alias} ({values[alias]!r}) disagree",
                               f"attributes.{alias}")
        source = next(iter(values), key)
        value = values.get(source, 0)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise config.error(f"{source} must be a whole number of pixels, got {value!r}", f"attributes.{source}")
        size[key], sources[key] = value, source
    if size["height"] > MAX_SIDE_PX or size["width"] > MAX_SIDE_PX:
        key = "height" if size["height"] > MAX_SIDE_PX else "width"
        raise config.error("maximum supported pixel height or width for fake cameras is 10000 pixels",
                           f"attributes.{sources[key]}")
    if size["height"] < 0 or size["width"] < 0:
        key = "height" if size["height"] < 0 else "width"
        raise config.error("cannot use negative pixel height and width for fake cameras", f"attributes.{sources[key]}")
    for key in ("height", "width"):
        if size[key] % 2:
            raise config.error(f"odd-number resolutions cannot be rendered, cannot use a {key} of {size[key]}",
                               f"attributes.{sources[key]}")
    result: dict[str, Any] = {"width": size["width"] or DEFAULT_WIDTH, "height": size["height"] or DEFAULT_HEIGHT}
    for key in ("animated", "model", "rtp_passthrough"):
        value = attrs.get(key, False)
        if not isinstance(value, bool):
            raise config.error(f"{key} must be true or false, got {value!r}", f"attributes.{key}")
        result[key] = value
    frame_rate = attrs.get("frame_rate")
    if frame_rate is not None and (not isinstance(frame_rate, int | float) or isinstance(frame_rate, bool)
                                   or frame_rate <= 0):
        raise config.error(f"frame_rate must be a positive number of frames per second, got {frame_rate!r}",
                           "attributes.frame_rate")
    result["frame_rate"] = None if frame_rate is None else float(frame_rate)
    mime_type = attrs.get("mime_type", CameraMimeType.JPEG)
    if mime_type not in IMAGE_MIME_TYPES:
        raise config.error(f"mime_type must be one of {', '.join(IMAGE_MIME_TYPES)}, got {mime_type!r}",
                           "attributes.mime_type")
    result["mime_type"] = mime_type
    return result
