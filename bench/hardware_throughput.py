"""Server-level hardware figures, each with a same-run baseline:

- SetGPIO round trips per second through viam-server -> builtin-raspberry-pi module (mock
  pins), against the same loop on the server's in-process fake board (no module hop) and
  against calling the mock pin directly.
- Webcam GetImages (640x480 JPEG) frames per second through the server -> builtin-webcam
  module, against reading + JPEG-encoding the same video file directly with OpenCV at the same
  pace (the file stands for a 120 fps camera; the unpaced ceiling is printed too). Targets:
  >= 60 fps and >= 0.8x direct, on distinct frames.

Run: `python bench/hardware_throughput.py [--seconds 3]`; prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402

from drivers.camera import SyntheticSource, encode_jpeg  # noqa: E402
from drivers.gpio import MockGpioBackend  # noqa: E402
from viam.client.robot import DialOptions, RobotClient  # noqa: E402
from viam.components.board import Board  # noqa: E402
from viam.components.camera import Camera  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

VIDEO_FPS = 120.0  # the file plays paced at its rate, like a 120 fps camera


def make_video(path: Path, frames: int = 240) -> Path:
    """640x480 MJPG with a moving gradient and frame counter, like a camera's output."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), VIDEO_FPS, (640, 480))
    source = SyntheticSource(640, 480, 30.0, pace=False)
    source.open()
    for _ in range(frames):
        writer.write(source.read())
    writer.release()
    return path


async def wait_ready(client: RobotClient, names: set[str], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = await client.get_machine_status()
        if names <= {r.name.name for r in status.resources if r.state == 3}:
            await client.refresh()
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{names} not ready")


async def gpio_rate(client: RobotClient, board: str, seconds: float) -> float:
    pin = await Board.from_robot(client, board).gpio_pin_by_name("11")
    count, high, start = 0, False, time.perf_counter()
    while time.perf_counter() - start < seconds:
        high = not high
        await pin.set(high)
        count += 1
    return count / (time.perf_counter() - start)


async def camera_rate(client: RobotClient, seconds: float) -> tuple[float, float]:
    camera = Camera.from_robot(client, "cam")
    await camera.get_images()  # first frame
    calls, unique, last, start = 0, 0, b"", time.perf_counter()
    while time.perf_counter() - start < seconds:
        images, _ = await camera.get_images()
        digest = hashlib.blake2b(images[0].data[-256:], digest_size=8).digest()
        unique += digest != last
        last = digest
        calls += 1
    elapsed = time.perf_counter() - start
    return calls / elapsed, unique / elapsed


def direct_opencv_rate(video: Path, seconds: float, *, paced: bool) -> float:
    """Read + JPEG-encode the file with OpenCV in this process; ``paced`` delivers frames at the
    file's rate, as the camera it stands for would (the like-for-like baseline)."""
    cap = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    count, start = 0, time.perf_counter()
    next_time = start
    while time.perf_counter() - start < seconds:
        if paced:
            delay = next_time - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            next_time = max(next_time + 1.0 / VIDEO_FPS, time.perf_counter())
        ok, frame = cap.read()
        if not ok:
            cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            continue
        encode_jpeg(frame)
        count += 1
    cap.release()
    return count / (time.perf_counter() - start)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    args = parser.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-hw-") as tmp:
        workdir = Path(tmp)
        video = make_video(workdir / "clip.avi")
        config = {"components": [
            {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi", "attributes": {}},
            {"name": "fakeboard", "api": "rdk:component:board", "model": "rdk:builtin:fake", "attributes": {}},
            {"name": "cam", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
             "attributes": {"video_path": str(video), "width_px": 640, "height_px": 480}},
        ]}
        server = ServerProcess(config, workdir, env={"GPIOZERO_PIN_FACTORY": "mock"})
        try:
            server.start(wait_running=False)
            client = await RobotClient.at_address(server.address, DialOptions(refresh_interval_s=0))
            await wait_ready(client, {"pi", "fakeboard", "cam"})
            results["setgpio_module_per_s"] = await gpio_rate(client, "pi", args.seconds)
            results["setgpio_inprocess_fake_per_s"] = await gpio_rate(client, "fakeboard", args.seconds)
            calls, unique = await camera_rate(client, args.seconds)
            results["webcam_getimages_per_s"], results["webcam_new_frames_per_s"] = calls, unique
            await client.close()
        finally:
            server.stop()
        results["direct_opencv_jpeg_fps"] = direct_opencv_rate(video, args.seconds, paced=True)
        results["direct_opencv_unpaced_fps"] = direct_opencv_rate(video, args.seconds, paced=False)
    with MockGpioBackend() as gpio:
        pin, high, count, start = gpio.pin("11", holder="bench"), False, 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            high = not high
            pin.set(high)
            count += 1
        results["setgpio_direct_mock_per_s"] = count / (time.perf_counter() - start)
    # Compare distinct frames delivered: a repeat GetImages of the same frame is cheap but not a new frame.
    results["webcam_ratio_vs_direct"] = results["webcam_new_frames_per_s"] / results["direct_opencv_jpeg_fps"]

    rows = [
        ("SetGPIO via server -> Pi board module", results["setgpio_module_per_s"], "round trips/s"),
        ("SetGPIO via server, in-process fake board", results["setgpio_inprocess_fake_per_s"], "round trips/s"),
        ("mock pin set, direct (no RPC)", results["setgpio_direct_mock_per_s"], "calls/s"),
        ("webcam GetImages 640x480 JPEG via server", results["webcam_getimages_per_s"], "frames/s"),
        ("  of which new frames", results["webcam_new_frames_per_s"], "frames/s"),
        ("OpenCV read + JPEG encode, direct, same pace", results["direct_opencv_jpeg_fps"], "frames/s"),
        ("  unpaced (this machine's decode+encode ceiling)", results["direct_opencv_unpaced_fps"], "frames/s"),
        ("webcam new frames / direct", results["webcam_ratio_vs_direct"], "x (target >= 0.8)"),
    ]
    for label, value, unit in rows:
        print(f"{label:<50} {value:>12.1f}  {unit}")
    print(json.dumps({k: round(v, 3) for k, v in results.items()}))


if __name__ == "__main__":
    asyncio.run(main())
