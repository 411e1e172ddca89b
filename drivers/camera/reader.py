"""One background reader per camera that keeps only the newest frame.

Callers never see a frame older than the newest one captured, so latency is at most one
frame. When the source fails (USB camera unplugged, stream dropped, file removed) the reader
closes it, reports the camera unavailable, and re-opens it every `reconnect_interval_s`.

With `idle_after_s`, frames are read only while someone consumes them: when no `latest`/
`next_frame` call came for that long the reader stops reading (and closes a device or stream,
whose queued buffers would be stale), so an idle camera costs no CPU; the next call wakes it
and waits for a fresh frame. Such a reader also starts idle: the source is first opened (and
OpenCV, numpy with it, first imported) by the first consumer, so a camera nobody has used costs
neither CPU nor their memory. A caller's frame timeout therefore counts from when the source is
open: opening (and the imports it pays for on a slow board) has its own `open_timeout_s`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.camera.encode import encode
from drivers.camera.source import FrameSource, SourceProperties
from drivers.errors import CameraError, CameraUnavailable, FrameTimeout

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Frame:
    """A captured frame: BGR pixels, sequence number (from 1) and capture time (monotonic ns)."""

    image: np.ndarray
    seq: int
    time_ns: int

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


@dataclass(frozen=True)
class ReaderStatus:
    """Health of a reader, for GetProperties/status pages and tests."""

    connected: bool
    frames: int
    reconnects: int
    last_error: str | None


class LatestFrameReader:
    """Reads `source` on a thread; `latest()` returns the newest frame.

    Args:
        source: the frame source (not yet open).
        reconnect_interval_s: wait between attempts to re-open a failed source.
        idle_after_s: pause reading (and close the source) after this long with no consumer.
        open_timeout_s: how long a consumer waits for the source to open before its frame timeout starts.
    """

    def __init__(self, source: FrameSource, *, reconnect_interval_s: float = 1.0,
                 idle_after_s: float | None = None, open_timeout_s: float = 30.0) -> None:
        self.source = source
        self.reconnect_interval_s = reconnect_interval_s
        self.open_timeout_s = open_timeout_s
        self._connected_at = -math.inf
        self.idle_after_s = idle_after_s
        # Never wanted yet: a reader with idle_after_s opens its source for the first consumer.
        self._wanted_at = -math.inf if idle_after_s is not None else time.monotonic()
        self._idle = False
        self._failed = False
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._connected = False
        self._frames = 0
        self._opens = 0
        self._last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._encode_lock = threading.Lock()
        self._encoded: dict[str, tuple[int, bytes]] = {}

    def start(self) -> LatestFrameReader:
        """Start the reader thread (idempotent); returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"camera-reader {self.source.name}", daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.idle_after_s is not None and time.monotonic() - self._wanted_at > self.idle_after_s:
                self._sleep_while_idle()
                continue
            if not self._connected:
                try:
                    self.source.open()
                except CameraError as e:
                    self._fail(str(e), log_it=self._last_error != str(e))
                    self._stop.wait(self.reconnect_interval_s)
                    continue
                with self._cond:
                    self._connected = True
                    self._connected_at = time.monotonic()
                    self._failed = False
                    self._opens += 1
                    if self._opens > 1:
                        log.info("camera %s reconnected", self.source.name)
            try:
                image = self.source.read()
            except Exception as e:  # OpenCV and device errors of any kind: reconnect
                self.source.close()
                self._fail(str(e), log_it=True)
                self._stop.wait(self.reconnect_interval_s)
                continue
            with self._cond:
                self._frames += 1
                self._frame = Frame(image, self._frames, time.monotonic_ns())
                self._cond.notify_all()
        self.source.close()

    def _sleep_while_idle(self) -> None:
        """Nobody consumed frames for `idle_after_s`: stop reading until someone asks."""
        close = self._connected and getattr(self.source, "close_when_idle", True)
        if close:
            self.source.close()
        with self._cond:
            self._idle = True
            self._frame = None  # the next caller waits for a fresh frame, never an old one
            if close:
                self._connected = False
            log.debug("camera %s idle: reading paused", self.source.name)
            while not self._stop.is_set() and time.monotonic() - self._wanted_at > self.idle_after_s:  # type: ignore[operator]
                self._cond.wait()
            self._idle = False

    @property
    def idle(self) -> bool:
        """Whether reading is paused for lack of consumers."""
        return self._idle

    def _fail(self, message: str, *, log_it: bool) -> None:
        if log_it:
            log.warning("camera %s unavailable: %s (retrying every %g s)", self.source.name, message,
                        self.reconnect_interval_s)  # fmt: skip
        with self._cond:
            self._connected = False
            self._failed = True
            self._frame = None  # a frame from before the outage is not "latest"
            self._last_error = message
            self._cond.notify_all()

    def latest(self, timeout_s: float = 5.0) -> Frame:
        """Return the newest frame, waiting up to `timeout_s` for the first one.

        Raises:
            CameraUnavailable: the source failed and is not back yet.
            FrameTimeout: no frame arrived in time.
        """
        return self.next_frame(0, timeout_s)

    def next_frame(self, after_seq: int, timeout_s: float = 5.0) -> Frame:
        """Return the newest frame with a sequence number above `after_seq` (a fresh frame)."""
        if self._thread is None:
            raise CameraError(f"camera reader for {self.source.name} is not started")
        asked_at = time.monotonic()
        with self._cond:
            self._wanted_at = asked_at
            if self._idle:
                self._cond.notify_all()  # wake the reader
            while self._frame is None or self._frame.seq <= after_seq:
                if self._failed and not self._connected:
                    # Down after having failed: say so now rather than after the timeout.
                    raise CameraUnavailable(f"camera {self.source.name} is unavailable: {self._last_error}")
                if self._stop.is_set():
                    raise FrameTimeout(f"camera {self.source.name} is closed")
                if self._connected:  # the frame timeout runs from when the source is open
                    remaining = max(asked_at, self._connected_at) + timeout_s - time.monotonic()
                    if remaining <= 0:
                        raise FrameTimeout(f"no frame from camera {self.source.name} within {timeout_s} s")
                else:
                    remaining = asked_at + max(timeout_s, self.open_timeout_s) - time.monotonic()
                    if remaining <= 0:
                        raise FrameTimeout(f"camera {self.source.name} did not open within "
                                           f"{max(timeout_s, self.open_timeout_s)} s")
                self._cond.wait(remaining)
            return self._frame

    def latest_encoded(self, mime_type: str = "image/jpeg", timeout_s: float = 5.0) -> tuple[Frame, bytes]:
        """Return the newest frame and its encoding; each frame is encoded once per type.

        Many clients polling one camera then cost one encode per captured frame, not per call.
        """
        frame = self.latest(timeout_s)
        with self._encode_lock:
            cached = self._encoded.get(mime_type)
            if cached is not None and cached[0] == frame.seq:
                return frame, cached[1]
            data = encode(frame.image, mime_type)
            self._encoded[mime_type] = (frame.seq, data)
            return frame, data

    @property
    def status(self) -> ReaderStatus:
        with self._cond:
            return ReaderStatus(self._connected, self._frames, max(self._opens - 1, 0), self._last_error)

    @property
    def properties(self) -> SourceProperties:
        return self.source.properties

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop the thread and close the source; idempotent."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.warning("camera reader for %s did not stop within %g s", self.source.name, timeout_s)
        else:
            self.source.close()

    def __enter__(self) -> LatestFrameReader:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        s = self.status
        return f"<LatestFrameReader {self.source.name} connected={s.connected} frames={s.frames}>"
