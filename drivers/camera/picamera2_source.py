"""Raspberry Pi CSI cameras through libcamera's Python binding, picamera2.

picamera2 ships with Raspberry Pi OS (``python3-picamera2``); it is imported only when the
source opens, so this module imports anywhere. Frames are asked for in picamera2's ``RGB888``
format, whose arrays are laid out B, G, R: OpenCV's layout, no conversion needed.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

import numpy as np

from drivers.camera.source import FrameSource, SourceProperties
from drivers.errors import CameraUnavailable

PIXEL_FORMAT = "RGB888"


def picamera2_module() -> Any:
    """The picamera2 module, or CameraUnavailable saying how to get it."""
    try:
        return importlib.import_module("picamera2")
    except ImportError as exc:
        raise CameraUnavailable(f"picamera2 is not importable ({exc}); on Raspberry Pi OS install it with "
                                "'sudo apt install python3-picamera2' (and create the venv with "
                                "--system-site-packages)") from None


class Picamera2Source(FrameSource):
    """A CSI camera; ``camera_num`` picks among several (0 = the first)."""

    def __init__(self, camera_num: int = 0, *, width: int | None = None, height: int | None = None,
                 fps: float | None = None) -> None:
        self.name = f"picamera2:{camera_num}"
        self.camera_num, self.width, self.height, self.fps = camera_num, width, height, fps
        self._camera: Any = None
        self._props = SourceProperties(0, 0, 0.0, PIXEL_FORMAT)
        self._lock = threading.Lock()

    def open(self) -> None:
        module = picamera2_module()
        with self._lock:
            if self._camera is not None:
                return
            try:
                camera = module.Picamera2(self.camera_num)
            except Exception as exc:  # noqa: BLE001 - libcamera raises plain errors (no camera, busy)
                raise CameraUnavailable(f"cannot open CSI camera {self.camera_num}: {exc}") from None
            try:
                main: dict[str, Any] = {"format": PIXEL_FORMAT}
                if self.width and self.height:
                    main["size"] = (self.width, self.height)
                controls = {"FrameRate": float(self.fps)} if self.fps else {}
                camera.configure(camera.create_video_configuration(main=main, controls=controls))
                camera.start()
            except Exception as exc:  # noqa: BLE001
                camera.close()
                raise CameraUnavailable(f"cannot start CSI camera {self.camera_num}: {exc}") from None
            size = camera.camera_configuration()["main"]["size"]
            self._props = SourceProperties(int(size[0]), int(size[1]), float(self.fps or 30.0), PIXEL_FORMAT)
            self._camera = camera

    def read(self) -> np.ndarray:
        camera = self._camera
        if camera is None:
            raise CameraUnavailable(f"{self.name} is not open")
        try:
            frame = camera.capture_array("main")
        except Exception as exc:  # noqa: BLE001
            raise CameraUnavailable(f"{self.name}: capture failed: {exc}") from None
        if frame.ndim == 3 and frame.shape[2] == 4:  # XRGB8888 if the pipeline insisted: drop the padding
            frame = frame[:, :, :3]
        return np.ascontiguousarray(frame)

    def close(self) -> None:
        with self._lock:
            camera, self._camera = self._camera, None
        if camera is not None:
            try:
                camera.stop()
            finally:
                camera.close()

    @property
    def properties(self) -> SourceProperties:
        return self._props
