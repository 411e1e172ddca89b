"""Camera frames at the configured size and rate (driver level)."""

from __future__ import annotations

import time

import pytest

from drivers.camera import LatestFrameReader, OpenCVSource
from hil.bench import Bench
from hil.rig import Rig

pytestmark = pytest.mark.rig("camera")


def test_frames_have_the_configured_size_and_rate(bench: Bench, rig: Rig, measure):
    cam = rig.camera
    assert cam is not None
    source = OpenCVSource(bench.camera_path(), width=cam.width, height=cam.height, fps=cam.fps, loop=True)
    with LatestFrameReader(source) as reader:
        first = reader.latest(timeout_s=10)
        assert (first.width, first.height) == (cam.width, cam.height)
        time.sleep(0.6)
        last = reader.latest(timeout_s=5)
    fps = (last.seq - first.seq) * 1e9 / (last.time_ns - first.time_ns)
    measure("camera frame rate", fps, "fps", cam.fps, cam.fps * rig.tolerance("camera_fps_pct") / 100)
    assert (last.width, last.height) == (cam.width, cam.height)
