"""Test double of picamera2 at its API boundary (Picamera2 class): synthetic BGR frames.

Put this directory on PYTHONPATH to run the CSI camera model without a Pi. It follows the calls
the model makes: Picamera2(camera_num), create_video_configuration(main=..., controls=...),
configure, start, camera_configuration, capture_array("main"), stop, close. Environment
``FAKE_PICAMERA2_CAMERAS`` (default 1) is how many cameras exist.
"""

from __future__ import annotations

import os
import time

import numpy as np

_DEFAULT_SIZE = (640, 480)


class Picamera2:
    def __init__(self, camera_num: int = 0) -> None:
        if camera_num >= int(os.environ.get("FAKE_PICAMERA2_CAMERAS", "1")):
            raise IndexError(f"camera {camera_num} not found")
        self.camera_num = camera_num
        self._config: dict | None = None
        self.started = False
        self._seq = 0
        self._fps = 30.0

    def create_video_configuration(self, main: dict | None = None, controls: dict | None = None) -> dict:
        main = dict(main or {})
        main.setdefault("size", _DEFAULT_SIZE)
        main.setdefault("format", "XBGR8888")
        return {"main": main, "controls": dict(controls or {})}

    def configure(self, config: dict) -> None:
        if config["main"]["format"] not in ("RGB888", "BGR888", "XRGB8888", "XBGR8888"):
            raise ValueError(f"unsupported format {config['main']['format']}")
        self._config = config
        self._fps = float(config["controls"].get("FrameRate", 30.0))

    def camera_configuration(self) -> dict:
        assert self._config is not None
        return self._config

    def start(self) -> None:
        if self._config is None:
            raise RuntimeError("Camera must be configured before starting")
        self.started = True

    def capture_array(self, name: str = "main") -> np.ndarray:
        if not self.started:
            raise RuntimeError("camera not started")
        time.sleep(1.0 / self._fps)
        width, height = self._config["main"]["size"]
        self._seq += 1
        frame = np.zeros((height, width, 3), dtype=np.uint8)
        frame[:, :, 0] = (np.arange(width) + self._seq * 4) % 256  # a moving blue gradient (B, G, R)
        frame[: height // 2, :, 2] = 200  # red top half: a test can tell BGR from RGB
        return frame

    def stop(self) -> None:
        self.started = False

    def close(self) -> None:
        self.started = False
