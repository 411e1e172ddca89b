"""CSI camera ``viam:camera:csi-pi`` through a real server, with a test double at the picamera2
boundary (tests/hardware/fake_picamera2 on PYTHONPATH), our client and the official SDK."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import run_sdk_script
from tests.hardware.conftest import client_for, start_server
from viam.components.camera import Camera
from viam.errors import UnavailableError

FAKE_PICAMERA2 = Path(__file__).resolve().parent / "fake_picamera2"
COMPONENTS = [
    {"name": "picam", "api": "rdk:component:camera", "model": "viam:camera:csi-pi",
     "attributes": {"width_px": 320, "height_px": 240, "frame_rate": 15}},
    {"name": "second", "api": "rdk:component:camera", "model": "viam:camera:csi-pi",
     "attributes": {"camera_num": 3}},
]


@pytest.fixture
async def hw(tmp_path, connect):
    python_path = os.pathsep.join(p for p in (str(FAKE_PICAMERA2), os.environ.get("PYTHONPATH", "")) if p)
    server = start_server(tmp_path, COMPONENTS, env={"PYTHONPATH": python_path})
    try:
        machine = await client_for(server, connect)
        await machine.wait_ready("picam", "second")
        yield machine
    finally:
        server.stop()


async def test_csi_camera_frames_and_properties(hw):
    camera = Camera.from_robot(hw.client, "picam")
    images, _ = await camera.get_images()
    assert images[0].mime_type == "image/jpeg"
    picture = Image.open(io.BytesIO(images[0].data)).convert("RGB")
    assert picture.size == (320, 240)
    red, green, _ = picture.getpixel((160, 30))
    assert red > 150 and green < 60, "the double's red top half arrives red: BGR handled as OpenCV's layout"
    props = await camera.get_properties()
    assert props.frame_rate == 15 and not props.supports_pcd
    png, _ = await camera.get_images(extra={"mime_type": "image/png"})
    assert png[0].data.startswith(b"\x89PNG")
    # As the webcam: a camera that cannot be opened is retried in the background; calls say why.
    with pytest.raises(UnavailableError, match="cannot open CSI camera 3"):
        await Camera.from_robot(hw.client, "second").get_images(timeout=2)


async def test_without_picamera2_the_error_says_how_to_install(tmp_path, connect):
    server = start_server(tmp_path, COMPONENTS[:1])
    try:
        machine = await client_for(server, connect)
        error = await machine.wait_error("picam")
        assert "picamera2 is not importable" in error and "apt install python3-picamera2" in error
    finally:
        server.stop()


@pytest.mark.sdk
async def test_official_sdk_reads_csi_frames(hw, viam_sdk_python):
    assert run_sdk_script(viam_sdk_python, "picamera.py", hw.address).strip().endswith("ok")
