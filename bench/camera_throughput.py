#!/usr/bin/env python3
"""Fake camera GetImages through viam-server vs rendering the same JPEG in-process.

The server runs a 640x480 animated ``rdk:builtin:fake`` camera (animated, so every frame is
encoded anew, as a real camera's would be); the client makes sequential GetImages
calls (raw gRPC, response decoded as any client would). The baseline renders the same frame with
the same code (``FakeCamera._render``) in this process in a loop, so the ratio shows what serving
a frame costs on top of making it. Target: >= 0.8x. Rounds are interleaved, best of three.

Usage: python bench/camera_throughput.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viam.components.camera.fake import FakeCamera  # noqa: E402
from viam.components.camera.image import CameraMimeType  # noqa: E402
from viam.gen.component.camera.v1 import camera_pb2  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

METHOD = "/viam.component.camera.v1.CameraService/GetImages"
TARGET_RATIO = 0.8


async def served_rate(address: str, seconds: float) -> float:
    request = camera_pb2.GetImagesRequest(name="cam").SerializeToString()
    async with grpc.aio.insecure_channel(address) as channel:
        call = channel.unary_unary(METHOD, response_deserializer=camera_pb2.GetImagesResponse.FromString)
        for _ in range(10):
            await call(request)
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            response = await call(request)
            assert response.images[0].image[:2] == b"\xff\xd8"
            calls += 1
        return calls / (time.perf_counter() - start)


def inprocess_rate(seconds: float) -> float:
    camera = FakeCamera("cam", 640, 480, animated=True)
    for frame in range(5):
        camera._render(frame, CameraMimeType.JPEG)
    frames, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        frames += 1
        camera._render(frames, CameraMimeType.JPEG)
    return frames / (time.perf_counter() - start)


async def run(seconds: float, rounds: int = 3) -> dict[str, float]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-camera-"))
    config = {"components": [{"name": "cam", "api": "rdk:component:camera", "model": "fake",
                              "attributes": {"width": 640, "height": 480, "animated": True}}]}
    server = ServerProcess(config, workdir, env={"PYTHONUNBUFFERED": "1"}, name="camera-server")
    server.start()
    best = {"served_per_s": 0.0, "inprocess_per_s": 0.0}
    try:
        for _ in range(rounds):
            best["inprocess_per_s"] = max(best["inprocess_per_s"], inprocess_rate(seconds))
            best["served_per_s"] = max(best["served_per_s"], await served_rate(server.address, seconds))
    finally:
        server.stop()
    best["ratio"] = best["served_per_s"] / best["inprocess_per_s"]
    return best


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each measurement")
    args = parser.parse_args()
    results = await run(args.seconds)
    print(f"\nFake camera 640x480 JPEG, sequential (cpu count {os.cpu_count()})")
    print(f"{'GetImages through viam-server':<40}{results['served_per_s']:>10.1f} frames/s")
    print(f"{'render in-process (same code)':<40}{results['inprocess_per_s']:>10.1f} frames/s")
    print(f"ratio {results['ratio']:.2f}x (target >= {TARGET_RATIO}x)")
    print(json.dumps({"benchmark": "camera_throughput", **results}))


if __name__ == "__main__":
    asyncio.run(main())
