#!/usr/bin/env python3
"""Unary latency and throughput of MotorService/GetPosition through viam-server vs a bare grpcio echo.

Both servers run as separate processes and are driven by the same client loop, so the ratio
shows what our server adds per call (routing, resource look-up, the fake motor, encoding). The
echo and the client run on the event loop the server runs on (uvloop when installed, see
``viam.eventloop``), so the loop's own gain does not flatter the ratio.
Target: p50 <= 1.3x the bare echo. Prints a table and a JSON line.

Usage: python bench/grpc_latency.py [--calls 3000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viam import eventloop  # noqa: E402
from viam.gen.component.motor.v1 import motor_pb2  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

METHOD = "/viam.component.motor.v1.MotorService/GetPosition"


async def serve_bare(service: str, method: str, handle: Callable[[bytes, grpc.aio.ServicerContext], Awaitable[bytes]]
                     ) -> None:
    """A bare grpcio aio server answering one method with ``handle`` (raw bytes in and out): the
    baselines of every benchmark. Prints its address, then serves until killed."""
    handler = grpc.method_handlers_generic_handler(service, {method: grpc.unary_unary_rpc_method_handler(handle)})
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    print(f"serving address=127.0.0.1:{port}", flush=True)
    await server.wait_for_termination()


async def echo_server_main() -> None:
    """A bare grpcio aio server answering the same method with a same-size response."""
    response = motor_pb2.GetPositionResponse(position=1.5).SerializeToString()

    async def handle(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        return response

    await serve_bare("viam.component.motor.v1.MotorService", "GetPosition", handle)


async def measure(address: str, calls: int, concurrency: int, method: str = METHOD,
                  request: bytes | None = None) -> dict[str, float]:
    """Sequential latency percentiles, then throughput with ``concurrency`` calls in flight."""
    if request is None:
        request = motor_pb2.GetPositionRequest(name="motor1").SerializeToString()
    async with grpc.aio.insecure_channel(address) as channel:
        call = channel.unary_unary(method)
        for _ in range(200):  # warm-up
            await call(request)
        latencies = []
        for _ in range(calls):
            start = time.perf_counter()
            await call(request)
            latencies.append(time.perf_counter() - start)
        latencies.sort()

        async def worker(n: int) -> None:
            for _ in range(n):
                await call(request)

        per_worker = max(1, calls // concurrency)
        start = time.perf_counter()
        await asyncio.gather(*(worker(per_worker) for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return {
        "p50_us": latencies[len(latencies) // 2] * 1e6,
        "p99_us": latencies[int(len(latencies) * 0.99)] * 1e6,
        "mean_us": statistics.fmean(latencies) * 1e6,
        "sequential_calls_per_s": calls / sum(latencies),
        "concurrent_calls_per_s": per_worker * concurrency / elapsed,
    }


def start_echo() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, __file__, "--echo-server"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, line.split("address=")[1].strip()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--echo-server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.echo_server:
        await echo_server_main()
        return

    echo, echo_address = start_echo()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    config = {"components": [  # GetPosition answers only with a fake encoder (rdk's fake motor)
        {"name": "motor1", "api": "rdk:component:motor", "model": "fake",
         "attributes": {"encoder": "encoder1", "ticks_per_rotation": 1}},
        {"name": "encoder1", "api": "rdk:component:encoder", "model": "fake"}]}
    server = ServerProcess(config, workdir, env={"PYTHONUNBUFFERED": "1"})
    server.start()
    server.wait_for_line("machine running")
    try:
        results = {}
        # Interleave runs so machine noise hits both alike; keep the best of three per target.
        for _ in range(3):
            for label, address in (("bare grpcio echo", echo_address), ("viam-server fake motor", server.address)):
                run = await measure(address, args.calls, args.concurrency)
                best = results.get(label)
                if best is None or run["p50_us"] < best["p50_us"]:
                    results[label] = run
    finally:
        server.stop()
        echo.terminate()
        echo.wait()
    base, ours = results["bare grpcio echo"], results["viam-server fake motor"]
    print(f"\nMotorService/GetPosition, {args.calls} sequential calls, {args.concurrency}-way concurrent run"
          f" (cpu count {os.cpu_count()})")
    print(f"{'target':<26}{'p50 us':>10}{'p99 us':>10}{'seq calls/s':>14}{'conc calls/s':>14}")
    for label, r in results.items():
        print(f"{label:<26}{r['p50_us']:>10.0f}{r['p99_us']:>10.0f}{r['sequential_calls_per_s']:>14.0f}"
              f"{r['concurrent_calls_per_s']:>14.0f}")
    ratio = ours["p50_us"] / base["p50_us"]
    print(f"p50 ratio viam-server / bare echo: {ratio:.2f}x (target <= 1.3x)")
    print(json.dumps({"benchmark": "grpc_latency", "results": results, "p50_ratio": ratio}))


if __name__ == "__main__":
    eventloop.run(main())
