"""Frames through OpenCV: V4L2 devices (path or index), video files and stream URLs."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drivers.camera.source import FrameSource, SourceProperties
from drivers.errors import CameraUnavailable

if TYPE_CHECKING:  # OpenCV (and numpy with it) loads when the source is first opened
    import numpy as np

log = logging.getLogger(__name__)

# Pixel format names -> V4L2 fourcc: the reference's names (mediadevices FrameFormat: I420,
# I444, YUY2, UYVY, RGBA, MJPEG, NV12, NV21, Z16) and the V4L2 fourccs themselves.
FORMAT_FOURCC = {"MJPEG": "MJPG", "MJPG": "MJPG", "YUY2": "YUYV", "YUYV": "YUYV", "I420": "YU12",
                 "YU12": "YU12", "I444": "YUV4", "UYVY": "UYVY", "NV12": "NV12", "NV21": "NV21",
                 "RGBA": "AB24", "Z16": "Z16 "}
FORMATS = tuple(FORMAT_FOURCC)
AUTO = ""  # video_path omitted: the first usable camera


def resolve_video_path(path: str, dev_dir: str | Path = "/dev") -> str:
    """A device path for the reference's video_path forms: ``/dev/video0``, ``video0``, a
    ``/dev/v4l/by-id`` or ``by-path`` link or its bare name (symlinks followed, as the reference's
    EvalSymlinks); anything else (file, URL) is returned unchanged."""
    dev = Path(dev_dir)
    if path.startswith("/"):
        real = Path(path).resolve() if Path(path).exists() else Path(path)
        return str(real)
    if path.startswith("video") and path[5:].isdigit():
        return str(dev / path)
    for folder in ("v4l/by-id", "v4l/by-path"):
        link = dev / folder / path
        if link.exists():
            return str(link.resolve())
    return path


def _classify(source: str | int) -> tuple[str, str | int]:
    """Return (kind, target): kind is "auto", "device", "stream" or "file"."""
    if isinstance(source, int) or (isinstance(source, str) and source.isdigit()):
        return "device", int(source)
    if source == AUTO:
        return "auto", AUTO
    source = resolve_video_path(source)
    if source.startswith("/dev/"):
        return "device", source
    if "://" in source:
        return "stream", source
    return "file", source


def discover_video_devices(dev_dir: str | Path = "/dev") -> list[str]:
    """Return V4L2 device nodes (`/dev/video*`) in numeric order."""
    nodes = [p for p in Path(dev_dir).glob("video*") if p.name[5:].isdigit()]
    return [str(p) for p in sorted(nodes, key=lambda p: int(p.name[5:]))]


class OpenCVSource(FrameSource):
    """A camera, video file or stream opened with `cv2.VideoCapture`.

    Args:
        source: `/dev/videoN`, `videoN`, a by-id/by-path name or link, an index, "" (the first
            usable camera), a file path or a URL (rtsp://, http://).
        width, height: requested size, each optional. A device delivers what it can (a mismatch is
            logged, as the reference does); files and streams are resized to a size given whole.
        fps: requested frame rate (devices only).
        format: requested pixel format (`FORMATS`; devices only).
        loop: restart a file at its end instead of reporting the end of the stream.
        pace: deliver file frames in real time at the file's rate (default: on for files).
    """

    def __init__(
        self,
        source: str | int,
        *,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        format: str | None = None,
        loop: bool = False,
        pace: bool | None = None,
    ) -> None:
        if format is not None and format.upper() not in FORMATS:
            raise ValueError(f"camera format must be one of {', '.join(FORMATS)}, not {format!r}")
        self.kind, self.target = _classify(source)
        self.name = str(source) if source != AUTO else "first camera"
        self.width, self.height, self.fps = width, height, fps
        self.format = format.upper() if format else None
        self.loop = loop
        self.pace = (self.kind == "file") if pace is None else pace
        self._cap: Any = None
        self._props = SourceProperties(width or 0, height or 0, fps or 0.0, self.format)
        self._resize = False
        self._next_time = 0.0

    def open(self) -> None:

        self.close()
        if self.kind == "auto":
            cap = self._first_camera()
        else:
            cap = self._open_target(self.target)
        self._configure(cap)
    def _open_target(self, target: str | int) -> Any:
        import cv2

        if self.kind == "file" and not Path(str(target)).is_file():
            raise CameraUnavailable(f"video file {target} does not exist")
        if self.kind in ("device", "auto") and isinstance(target, str) and not Path(target).exists():
            raise CameraUnavailable(f"camera {target} is not connected")
        backend = cv2.CAP_V4L2 if self.kind in ("device", "auto") else cv2.CAP_FFMPEG
        cap = cv2.VideoCapture(target, backend)
        if not cap.isOpened():
            cap.release()
            raise CameraUnavailable(f"cannot open camera {target}")
        if self.kind in ("device", "auto"):
            if self.format:
                cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*FORMAT_FOURCC[self.format]))
            if self.width:
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            if self.height:
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            if self.fps:
                cap.set(cv2.CAP_PROP_FPS, self.fps)
        return cap

    def _first_camera(self) -> Any:
        """The first /dev/video* that opens and delivers a frame (codec and ISP nodes do not)."""
        tried = []
        for node in discover_video_devices():
            try:
                cap = self._open_target(node)
            except CameraUnavailable:
                tried.append(node)
                continue
            ok, _ = cap.read()
            if ok:
                self.name = node
                log.info("video_path omitted: using %s, the first camera that delivers frames", node)
                return cap
            cap.release()
            tried.append(node)
        raise CameraUnavailable("found no webcams" + (f" (tried {', '.join(tried)})" if tried else
                                                      " (no /dev/video* devices)"))

    @property
    def close_when_idle(self) -> bool:
        """A file pauses where it is; a device or stream is closed (its queued frames would be stale)."""
        return self.kind != "file"

    def _configure(self, cap: Any) -> None:
        import cv2

        actual_w = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        actual_h = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        actual_fps = float(cap.get(cv2.CAP_PROP_FPS)) or (self.fps or 30.0)
        code = int(cap.get(cv2.CAP_PROP_FOURCC))
        actual_format = code.to_bytes(4, "little").decode("ascii", "replace").strip("\x00") if code else None
        device = self.kind in ("device", "auto")
        mismatch = (self.width and actual_w != self.width) or (self.height and actual_h != self.height)
        self._resize = bool(not device and self.width and self.height and mismatch)
        if self._resize:
            log.info(
                "camera %s delivers %dx%d; resizing to the requested %dx%d",
                self.name, actual_w, actual_h, self.width, self.height,
            )  # fmt: skip
        elif mismatch:
            log.warning("camera %s: requested %sx%s does not match the camera's %dx%d; using the camera's",
                        self.name, self.width or "any", self.height or "any", actual_w, actual_h)
        wanted = FORMAT_FOURCC.get(self.format or "", "").strip()
        if wanted and actual_format and actual_format.strip() != wanted and device:
            log.warning("camera %s ignored format %s and uses %s", self.name, self.format, actual_format)
        width, height = (self.width, self.height) if self._resize else (actual_w, actual_h)
        self._props = SourceProperties(width, height, self.fps or actual_fps, actual_format or self.format)
        self._cap = cap
        self._next_time = time.monotonic()
        log.info("opened camera %s: %s", self.name, self._props)

    def read(self) -> np.ndarray:
        import cv2

        if self._cap is None:
            raise CameraUnavailable(f"camera {self.name} is not open")
        if self.pace:
            delay = self._next_time - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_time = max(self._next_time + 1.0 / (self._props.fps or 30.0), time.monotonic())
        ok, frame = self._cap.read()
        if not ok and self.loop and self.kind == "file":
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
        if not ok or frame is None:
            what = "end of video" if self.kind == "file" else "no frame (device unplugged or stream ended)"
            raise CameraUnavailable(f"camera {self.name}: {what}")
        if self._resize:
            frame = cv2.resize(frame, (self._props.width, self._props.height), interpolation=cv2.INTER_AREA)
        return frame

    def close(self) -> None:
        if self._cap is not None:
            cap, self._cap = self._cap, None
            cap.release()

    @property
    def properties(self) -> SourceProperties:
        return self._props
