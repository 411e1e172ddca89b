"""Frame sources, the latest-frame reader (incl. reconnects) and encoding, on generated video."""

from __future__ import annotations

import os
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera import (
    MIME_PNG,
    LatestFrameReader,
    OpenCVSource,
    SyntheticSource,
    decode,
    discover_video_devices,
    encode,
    encode_jpeg,
    encode_png,
)
from drivers.errors import CameraError, CameraUnavailable, FrameTimeout

BLUE, RED = (255, 0, 0), (0, 0, 255)


def write_video(path: Path, color: tuple[int, int, int], *, frames: int = 6, size=(160, 120), fps=50.0) -> Path:
    """Write an MJPG AVI of solid-colour frames with a frame number box; atomically replace `path`."""
    tmp = path.with_name(path.stem + ".tmp.avi")
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    assert writer.isOpened()
    for i in range(frames):
        image = np.full((size[1], size[0], 3), color, np.uint8)
        cv2.rectangle(image, (i * 10, 0), (i * 10 + 9, 9), (0, 255, 0), -1)
        writer.write(image)
    writer.release()
    os.replace(tmp, path)
    return path


def mean_color(image: np.ndarray) -> tuple[int, int, int]:
    return tuple(int(c) for c in image[20:, :].reshape(-1, 3).mean(axis=0).round())


def wait_for(predicate, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def test_file_source_reads_all_frames_then_ends(tmp_path):
    video = write_video(tmp_path / "v.avi", RED, frames=4)
    with OpenCVSource(str(video), pace=False) as source:
        assert (source.properties.width, source.properties.height) == (160, 120)
        assert source.properties.fps == pytest.approx(50.0)
        frames = [source.read() for _ in range(4)]
        assert all(f.shape == (120, 160, 3) for f in frames)
        assert mean_color(frames[0])[2] > 200  # red in BGR
        with pytest.raises(CameraUnavailable, match="end of video"):
            source.read()


def test_file_source_loops(tmp_path):
    video = write_video(tmp_path / "v.avi", RED, frames=3)
    with OpenCVSource(str(video), loop=True, pace=False) as source:
        assert len([source.read() for _ in range(10)]) == 10


def test_requested_size_is_delivered(tmp_path):
    video = write_video(tmp_path / "v.avi", RED)
    with OpenCVSource(str(video), width=64, height=48, pace=False) as source:
        assert source.read().shape == (48, 64, 3)
        assert (source.properties.width, source.properties.height) == (64, 48)


def test_file_pacing_follows_frame_rate(tmp_path):
    video = write_video(tmp_path / "v.avi", RED, frames=6, fps=50.0)
    with OpenCVSource(str(video)) as source:
        start = time.monotonic()
        for _ in range(6):
            source.read()
        assert time.monotonic() - start >= 5 / 50 * 0.9


def test_missing_file_and_device(tmp_path):
    with pytest.raises(CameraUnavailable, match="video file .*nope.avi does not exist"):
        OpenCVSource(str(tmp_path / "nope.avi")).open()
    with pytest.raises(CameraUnavailable, match="camera /dev/video-none is not connected"):
        OpenCVSource("/dev/video-none").open()


def test_bad_arguments():
    with pytest.raises(ValueError, match="MJPEG, MJPG, YUY2, YUYV"):
        OpenCVSource(0, format="H264")
    OpenCVSource(0, width=640)  # width alone is a request (the reference's width_px without height_px)


def test_discover_video_devices(tmp_path):
    for name in ("video10", "video2", "video0", "videoX", "vchiq"):
        (tmp_path / name).touch()
    assert discover_video_devices(tmp_path) == [str(tmp_path / n) for n in ("video0", "video2", "video10")]


def test_synthetic_frames_move_and_count():
    source = SyntheticSource(320, 240, 1000, pace=False)
    source.open()
    a, b = source.read(), source.read()
    assert a.shape == (240, 320, 3) and a.dtype == np.uint8
    assert not np.array_equal(a, b)
    assert source.frames == 2


def test_reader_keeps_only_the_latest_frame():
    source = SyntheticSource(64, 48, 200)
    with LatestFrameReader(source) as reader:
        first = reader.latest(timeout_s=2)
        time.sleep(0.1)  # ~20 frames pass while nobody reads
        newest = reader.latest()
        assert newest.seq > first.seq + 5
        assert newest.seq >= reader.status.frames - 1  # at most one frame behind the capture
        fresh = reader.next_frame(newest.seq, timeout_s=2)
        assert fresh.seq > newest.seq
        assert (fresh.width, fresh.height) == (64, 48)


def test_reader_reconnects_when_device_returns():
    source = SyntheticSource(64, 48, 200)
    with LatestFrameReader(source, reconnect_interval_s=0.02) as reader:
        reader.latest(timeout_s=2)
        source.unplug()
        wait_for(lambda: not reader.status.connected)
        with pytest.raises(CameraUnavailable, match="unavailable: camera synthetic.* (was disconnected|not connected)"):
            reader.latest()
        source.replug()
        wait_for(lambda: reader.status.connected)
        frame = reader.latest(timeout_s=2)
        assert frame.seq > 0
        assert reader.status.reconnects == 1


def test_reader_reconnects_when_file_is_removed_and_recreated(tmp_path):
    video = write_video(tmp_path / "cam.avi", RED, frames=3)
    source = OpenCVSource(str(video), pace=True)
    with LatestFrameReader(source, reconnect_interval_s=0.02) as reader:
        assert mean_color(reader.latest(timeout_s=5).image)[2] > 200
        video.unlink()
        # end of video, then every re-open fails until the file is back
        wait_for(lambda: "does not exist" in (reader.status.last_error or ""))
        assert not reader.status.connected
        with pytest.raises(CameraUnavailable, match="does not exist"):
            reader.latest()
        write_video(video, BLUE, frames=3)
        wait_for(lambda: reader.status.connected)
        frame = reader.latest(timeout_s=5)
        assert mean_color(frame.image)[0] > 200  # blue: the new file


def test_reader_times_out_on_a_source_that_never_delivers():
    class Stuck(SyntheticSource):
        def read(self):
            time.sleep(0.2)
            return super().read()

    with LatestFrameReader(Stuck(32, 32, 10)) as reader:
        with pytest.raises(FrameTimeout, match="no frame from camera synthetic:32x32@10 within 0.05 s"):
            reader.latest(timeout_s=0.05)


def test_frame_timeout_starts_once_the_source_is_open():
    """Opening a camera (and importing OpenCV with it) on a loaded board may outlast a frame timeout."""
    class SlowToOpen(SyntheticSource):
        def open(self):
            time.sleep(0.4)
            super().open()

    with LatestFrameReader(SlowToOpen(32, 32, 50), idle_after_s=5.0) as reader:
        assert reader.latest(timeout_s=0.1).width == 32


def test_a_source_that_never_opens_times_out_on_the_open_timeout():
    class NeverOpens(SyntheticSource):
        def open(self):
            time.sleep(1.0)
            super().open()

    with LatestFrameReader(NeverOpens(32, 32, 50), open_timeout_s=0.2) as reader:
        started = time.monotonic()
        with pytest.raises(FrameTimeout, match="did not open within 0.2 s"):
            reader.latest(timeout_s=0.05)
        assert time.monotonic() - started < 0.9


def test_reader_must_be_started():
    with pytest.raises(CameraError, match="not started"):
        LatestFrameReader(SyntheticSource(8, 8)).latest()


def test_reader_close_is_idempotent_and_closes_source():
    source = SyntheticSource(16, 16, 100)
    reader = LatestFrameReader(source).start()
    reader.latest(timeout_s=2)
    reader.close()
    reader.close()
    assert not source._open


def test_jpeg_and_png_round_trip():
    image = SyntheticSource(64, 48, pace=False)
    image.open()
    frame = image.read()
    jpeg = encode_jpeg(frame, quality=95)
    assert jpeg[:2] == b"\xff\xd8"
    assert decode(jpeg).shape == (48, 64, 3)
    assert np.abs(decode(jpeg).astype(int) - frame.astype(int)).mean() < 5
    png = encode(frame, MIME_PNG)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert np.array_equal(decode(png), frame)
    assert encode_png(frame) == png


def test_encode_errors():
    frame = np.zeros((4, 4, 3), np.uint8)
    with pytest.raises(ValueError, match="unsupported image type 'image/gif'"):
        encode(frame, "image/gif")
    with pytest.raises(ValueError, match="quality"):
        encode_jpeg(frame, quality=0)
    with pytest.raises(CameraError, match="cannot decode"):
        decode(b"not an image")


def test_latest_encoded_encodes_each_frame_once(monkeypatch):
    import threading

    import drivers.camera.reader as reader_module

    calls = []
    real = reader_module.encode
    monkeypatch.setattr(reader_module, "encode", lambda image, mime: calls.append(mime) or real(image, mime))
    done = threading.Event()

    class OneFrame(SyntheticSource):
        def read(self):
            if self.frames:
                done.wait(5)  # no second frame until the test ends
                raise CameraUnavailable("finished")
            return super().read()

    reader = LatestFrameReader(OneFrame(32, 24, pace=False)).start()
    try:
        frame, jpeg = reader.latest_encoded(timeout_s=2)
        again, jpeg_again = reader.latest_encoded()
        _, png = reader.latest_encoded(MIME_PNG)
        assert again.seq == frame.seq == 1 and jpeg_again is jpeg
        assert calls == ["image/jpeg", "image/png"]
        assert decode(png).shape == (24, 32, 3)
    finally:
        done.set()
        reader.close()


def test_stream_url_source(tmp_path):
    """URLs go to FFmpeg as streams (rtsp://, http://); a file:// URL exercises that path here."""
    video = write_video(tmp_path / "s.avi", BLUE, frames=3)
    source = OpenCVSource(video.as_uri())
    assert source.kind == "stream" and not source.pace
    with source:
        assert mean_color(source.read())[0] > 200
    with pytest.raises(CameraUnavailable, match="cannot open camera file://"):
        OpenCVSource((tmp_path / "gone.avi").as_uri()).open()


def test_device_sources_by_index_and_path():
    assert OpenCVSource(0).kind == OpenCVSource("2").kind == OpenCVSource("/dev/video0").kind == "device"
    assert OpenCVSource("/dev/video0").name == "/dev/video0"


def test_video_path_forms_resolve_as_the_reference(tmp_path) -> None:
    """rdk webcam: video_path follows symlinks and matches the device's name (video0), so a device
    path, "video0", a /dev/v4l/by-id or by-path link, or its bare name all name the same camera."""
    from drivers.camera.opencv_source import resolve_video_path

    dev = tmp_path / "dev"
    (dev / "v4l" / "by-id").mkdir(parents=True)
    (dev / "v4l" / "by-path").mkdir(parents=True)
    (dev / "video0").touch()
    by_id = dev / "v4l" / "by-id" / "usb-046d_HD_Webcam_C920-video-index0"
    by_id.symlink_to(dev / "video0")
    by_path = dev / "v4l" / "by-path" / "platform-xhci-hcd.0-usb-0:1:1.0-video-index0"
    by_path.symlink_to(dev / "video0")
    video0 = str((dev / "video0").resolve())
    assert resolve_video_path("video0", dev) == str(dev / "video0")
    assert resolve_video_path(str(by_id), dev) == video0
    assert resolve_video_path(by_id.name, dev) == video0
    assert resolve_video_path(by_path.name, dev) == video0
    assert resolve_video_path("rtsp://cam/stream", dev) == "rtsp://cam/stream"


def test_reference_format_names_map_to_v4l2_fourccs() -> None:
    from drivers.camera.opencv_source import FORMAT_FOURCC

    assert (FORMAT_FOURCC["MJPEG"], FORMAT_FOURCC["YUY2"], FORMAT_FOURCC["I420"]) == ("MJPG", "YUYV", "YU12")


def test_omitted_video_path_without_cameras_says_found_no_webcams(monkeypatch) -> None:
    from drivers.camera import opencv_source
    from drivers.errors import CameraUnavailable

    monkeypatch.setattr(opencv_source, "discover_video_devices", lambda dev_dir="/dev": [])
    with pytest.raises(CameraUnavailable, match="found no webcams"):
        opencv_source.OpenCVSource("").open()
