"""The frame source interface and a synthetic source.

Frames are numpy arrays in OpenCV's layout: height x width x 3, uint8, BGR.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.errors import CameraUnavailable

if TYPE_CHECKING:  # loaded by the sources that make frames, when they make them
    import numpy as np


@dataclass(frozen=True)
class SourceProperties:
    """What a source actually delivers (which may differ from what was requested)."""

    width: int
    height: int
    fps: float
    format: str | None = None


class FrameSource(ABC):
    """Something that yields frames. Subclasses implement `open`, `read`, `close`, `properties`.

    `read` blocks until the next frame and raises CameraUnavailable when the source is gone
    (device unplugged, stream ended); the caller closes and re-opens to recover.
    """

    name: str

    @abstractmethod
    def open(self) -> None:
        """Open the source. Raises CameraUnavailable."""

    @abstractmethod
    def read(self) -> np.ndarray:
        """Return the next frame (BGR). Raises CameraUnavailable."""

    @abstractmethod
    def close(self) -> None:
        """Release the source; idempotent; `open` may be called again."""

    @property
    @abstractmethod
    def properties(self) -> SourceProperties:
        """Size, rate and format of the open source."""

    def __enter__(self) -> FrameSource:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class SyntheticSource(FrameSource):
    """Generated frames: a gradient that moves 4 px per frame, with the frame number drawn on.

    `unplug()`/`replug()` make it behave like a USB camera that disappears and returns.

    Args:
        width, height: frame size in pixels.
        fps: frame rate; with `pace` the source delivers frames no faster than this.
        pace: sleep so frames arrive in real time, as from a camera.
    """

    def __init__(self, width: int = 640, height: int = 480, fps: float = 30.0, *, pace: bool = True) -> None:
        if width <= 0 or height <= 0 or fps <= 0:
            raise ValueError(f"synthetic source needs positive size and rate, not {width}x{height}@{fps}")
        self.name = f"synthetic:{width}x{height}@{fps:g}"
        self.width, self.height, self.fps, self.pace = width, height, fps, pace
        self.frames = 0
        self._plugged = threading.Event()
        self._plugged.set()
        self._open = False
        self._next_time = 0.0
        import numpy as np

        x = np.linspace(0, 255, width, dtype=np.float32)
        y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
        self._base = np.stack(
            [np.broadcast_to(x, (height, width)), np.broadcast_to(y, (height, width)), (x + y) / 2 % 256], axis=-1
        ).astype(np.uint8)

    def unplug(self) -> None:
        """Simulate the device disappearing: reads and opens fail until `replug`."""
        self._plugged.clear()

    def replug(self) -> None:
        """Simulate the device coming back."""
        self._plugged.set()

    def open(self) -> None:
        if not self._plugged.is_set():
            raise CameraUnavailable(f"camera {self.name} is not connected")
        self._open = True
        self._next_time = time.monotonic()

    def read(self) -> np.ndarray:
        if not self._open:
            raise CameraUnavailable(f"camera {self.name} is not open")
        if self.pace:
            delay = self._next_time - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._next_time = max(self._next_time + 1.0 / self.fps, time.monotonic())
        if not self._plugged.is_set():
            raise CameraUnavailable(f"camera {self.name} was disconnected")
        import numpy as np

        frame = np.roll(self._base, self.frames * 4, axis=1)
        _draw_counter(frame, self.frames)
        self.frames += 1
        return frame

    def close(self) -> None:
        self._open = False

    @property
    def properties(self) -> SourceProperties:
        return SourceProperties(self.width, self.height, self.fps, "synthetic")


def _draw_counter(frame: np.ndarray, number: int) -> None:
    import cv2

    scale = max(frame.shape[0] / 480, 0.3)
    cv2.putText(frame, f"{number:06d}", (10, int(40 * scale) + 5), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), 2)
