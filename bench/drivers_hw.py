"""Driver-level figures: mock GPIO operations per second, and 640x480 JPEG frames per second
through the latest-frame reader against reading the same video directly with OpenCV.

These are the floors under the server-level benchmarks of the board and webcam modules.
Run: `python bench/drivers_hw.py [--seconds 2]`; prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402

from drivers.camera import LatestFrameReader, OpenCVSource, SyntheticSource, encode_jpeg  # noqa: E402
from drivers.gpio import MockGpioBackend  # noqa: E402


def rate(fn, seconds: float) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn()
        count += 1
    return count / (time.perf_counter() - start)


def make_video(path: Path, frames: int = 120) -> None:
    """A camera-like video: the synthetic moving gradient with a frame counter."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (640, 480))
    source = SyntheticSource(640, 480, 30.0, pace=False)
    source.open()
    for _ in range(frames):
        writer.write(source.read())
    writer.release()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="duration of each measurement")
    args = parser.parse_args()
    results: dict[str, float] = {}

    with MockGpioBackend() as gpio:
        pin = gpio.pin("11", holder="bench")
        state = [False]

        def toggle() -> None:
            state[0] = not state[0]
            pin.set(state[0])

        results["gpio_set_per_s"] = rate(toggle, args.seconds)
        results["gpio_get_per_s"] = rate(pin.get, args.seconds)
        pwm = gpio.pin("12", holder="bench")
        results["pwm_set_per_s"] = rate(lambda: pwm.set_pwm(0.5), args.seconds)
        watch = gpio.pin("13", holder="bench").watch()
        results["edges_per_s"] = 2 * rate(lambda: gpio.pulse("13", 1), args.seconds)
        assert watch.count > 0

    with tempfile.TemporaryDirectory() as tmp:
        video = Path(tmp) / "bench.avi"
        make_video(video)
        direct = OpenCVSource(str(video), loop=True, pace=False)
        direct.open()
        results["direct_read_jpeg_fps"] = rate(lambda: encode_jpeg(direct.read()), args.seconds)
        direct.close()
        with LatestFrameReader(OpenCVSource(str(video), loop=True, pace=False)) as reader:
            reader.latest(timeout_s=5)
            results["reader_latest_jpeg_fps"] = rate(lambda: encode_jpeg(reader.latest().image), args.seconds)
            last = [0]

            def fresh() -> None:
                frame = reader.next_frame(last[0], timeout_s=5)
                last[0] = frame.seq
                encode_jpeg(frame.image)

            results["reader_fresh_jpeg_fps"] = rate(fresh, args.seconds)
            results["reader_cached_jpeg_per_s"] = rate(lambda: reader.latest_encoded("image/jpeg"), args.seconds)
    results["reader_vs_direct"] = results["reader_fresh_jpeg_fps"] / results["direct_read_jpeg_fps"]

    width = max(len(k) for k in results)
    print(f"{'measure':<{width}}  value")
    for key, value in results.items():
        print(f"{key:<{width}}  {value:,.2f}")
    print(json.dumps({k: round(v, 3) for k, v in results.items()}))


if __name__ == "__main__":
    main()
