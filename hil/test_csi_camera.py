"""A Raspberry Pi CSI camera through picamera2 (driver level): frames at the asked size and rate.

Runs on a real rig (``real_hardware``) with picamera2 importable (Raspberry Pi OS:
``sudo apt install python3-picamera2``) and a camera on the CSI connector; otherwise skipped
saying which is missing.
"""

from __future__ import annotations

import time

import pytest

from drivers.camera import LatestFrameReader
from drivers.camera.picamera2_source import Picamera2Source
from hil.bench import Bench
from hil.rig import Rig

pytestmark = pytest.mark.rig("real_hardware")
WIDTH, HEIGHT, FPS = 640, 480, 30.0


def test_csi_frames_have_the_asked_size_and_rate(bench: Bench, rig: Rig, measure):
    picamera2 = pytest.importorskip("picamera2", reason="install python3-picamera2 (Raspberry Pi OS) for this test")
    if not picamera2.Picamera2.global_camera_info():
        pytest.skip("no camera on the CSI connector (libcamera lists none)")
    source = Picamera2Source(0, width=WIDTH, height=HEIGHT, fps=FPS)
    with LatestFrameReader(source) as reader:
        first = reader.latest(timeout_s=10)
        assert (first.width, first.height) == (WIDTH, HEIGHT)
        time.sleep(1.0)
        last = reader.latest(timeout_s=5)
    fps = (last.seq - first.seq) * 1e9 / (last.time_ns - first.time_ns)
    measure("CSI camera frame rate", fps, "fps", FPS, FPS * rig.tolerance("camera_fps_pct") / 100)
