"""Frames through OpenCV: V4L2 devices (path or index), video files and stream URLs."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np

from drivers.camera.source import FrameSource, SourceProperties
from drivers.errors import CameraUnavailable

log = logging.getLogger(__name__)

FORMATS = ("MJPG", "YUYV")


def _classify(source: str | int) -> tuple[str, str | int]:
    """Return (kind, target): kind is "device", "stream" or "file"."""
    if isinstance(source, int) or (isinstance(source, str) and source.isdigit()):
        return "device", int(source)
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
        source: `/dev/videoN`, an index, a file path or a URL (rtsp://, http://).
        width, height: requested size; if the source delivers another size, frames are resized.
        fps: requested frame rate (devices only).
        format: requested pixel format, "MJPG" or "YUYV" (devices only).
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
        if (width is None) != (height is None):
            raise ValueError("camera width and height must be given together")
        self.kind, self.target = _classify(source)
        self.name = str(source)
        self.width, self.height, self.fps = width, height, fps
        self.format = format.upper() if format else None
        self.loop = loop
        self.pace = (self.kind == "file") if pace is None else pace
        self._cap: Any = None
        self._props = SourceProperties(width or 0, height or 0, fps or 0.0, self.format)
        self._resize = False
        self._next_time = 0.0

    def open(self) -> None:
        import cv2

        self.close()
        if self.kind == "file" and not Path(str(self.target)).is_file():
            raise CameraUnavailable(f"video file {self.target} does not exist")
        if self.kind == "device" and isinstance(self.target, str) and not Path(self.target).exists():
            raise CameraUnavailable(f"camera {self.target} is not connected")
        backend = cv2.CAP_V4L2 if self.kind == "device" else cv2.CAP_FFMPEG
        cap = cv2.VideoCapture(self.target, backend)
        if not cap.isOpened():
            cap.release()
            raise CameraUnavailable(f"cannot open camera {self.name}")
        if self.kind == "device":
            if self.format:
                cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*self.format))
            if self.width:
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            if self.fps:
                cap.set(cv2.CAP_PROP_FPS, self.fps)
        actual_w = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        actual_h = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        actual_fps = float(cap.get(cv2.CAP_PROP_FPS)) or (self.fps or 30.0)
        code = int(cap.get(cv2.CAP_PROP_FOURCC))
        actual_format = code.to_bytes(4, "little").decode("ascii", "replace").strip("\x00") if code else None
        self._resize = bool(self.width and (actual_w, actual_h) != (self.width, self.height))
        if self._resize:
            log.info(
                "camera %s delivers %dx%d; resizing to the requested %dx%d",
                self.name, actual_w, actual_h, self.width, self.height,
            )  # fmt: skip
        if self.format and actual_format and actual_format != self.format and self.kind == "device":
            log.warning("camera %s ignored format %s and uses %s", self.name, self.format, actual_format)
        self._props = SourceProperties(
            self.width or actual_w, self.height or actual_h, self.fps or actual_fps, actual_format or self.format
        )
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
