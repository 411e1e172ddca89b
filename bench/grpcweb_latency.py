#!/usr/bin/env python3
"""Unary latency of MotorService/GetPosition through viam-server: h2c gRPC vs gRPC-web vs Connect.

One server process; four ways in, measured in the same run and interleaved:
  h2c direct    grpcio client straight to grpcio's private socket (what the front adds is the
                difference to the next line)
  h2c (front)   grpcio client to the main TCP port, spliced through the front
  gRPC-web      HTTP/1.1 keep-alive client (aiohttp) to the main port, ``application/grpc-web+proto``
  Connect       the same, ``application/proto`` (Connect unary)
  gRPC-web raw  a minimal keep-alive HTTP/1.1 client on a plain socket: the server's share, with
                less of the client's own cost (aiohttp's client is slower than grpcio's C core)
  Connect raw   the same minimal client, Connect unary: the server's share of a Connect call (the
                aiohttp "Connect" line differs from "gRPC-web" by client cost and noise, not by server work)
Target: gRPC-web p50 <= 1.5x h2c through the same server. Prints a table and a JSON line.

Usage: python bench/grpcweb_latency.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import struct
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viam.gen.component.motor.v1 import motor_pb2  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

METHOD = "/viam.component.motor.v1.MotorService/GetPosition"
REQUEST = motor_pb2.GetPositionRequest(name="motor1").SerializeToString()


async def timed(call: Callable[[], Awaitable[object]], calls: int) -> dict[str, float]:
    for _ in range(200):  # warm-up
        await call()
    latencies = []
    for _ in range(calls):
        start = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    return {"p50_us": latencies[len(latencies) // 2] * 1e6, "p99_us": latencies[int(len(latencies) * 0.99)] * 1e6,
            "mean_us": statistics.fmean(latencies) * 1e6}


async def grpc_run(address: str, calls: int) -> dict[str, float]:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = channel.unary_unary(METHOD)
        return await timed(lambda: stub(REQUEST), calls)


async def http_run(base: str, calls: int, connect: bool) -> dict[str, float]:
    if connect:
        body, headers = REQUEST, {"content-type": "application/proto", "connect-protocol-version": "1"}
    else:
        body = struct.pack(">BI", 0, len(REQUEST)) + REQUEST
        headers = {"content-type": "application/grpc-web+proto", "x-grpc-web": "1"}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as http:
        async def call() -> None:
            async with http.post(base + METHOD, data=body, headers=headers) as response:
                data = await response.read()
                if response.status != 200 or (not connect and b"grpc-status:0" not in data):
                    raise RuntimeError(f"call failed: {response.status} {data!r}")
        return await timed(call, calls)


async def raw_run(host: str, port: int, calls: int, connect: bool = False) -> dict[str, float]:
    if connect:
        body, kind = REQUEST, "Content-Type: application/proto\r\nConnect-Protocol-Version: 1\r\n"
    else:
        body = struct.pack(">BI", 0, len(REQUEST)) + REQUEST
        kind = "Content-Type: application/grpc-web+proto\r\nX-Grpc-Web: 1\r\n"
    head = f"POST {METHOD} HTTP/1.1\r\nHost: {host}:{port}\r\n{kind}Content-Length: {len(body)}\r\n\r\n".encode()
    reader, writer = await asyncio.open_connection(host, port)

    async def call() -> None:
        writer.write(head + body)
        headers = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", headers).group(1))  # type: ignore[union-attr]
        data = await reader.readexactly(length)
        if not headers.startswith(b"HTTP/1.1 200") or (not connect and b"grpc-status:0" not in data):
            raise RuntimeError(f"call failed: {headers!r} {data!r}")
    try:
        return await timed(call, calls)
    finally:
        writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    config = {"components": [  # GetPosition answers only with a fake encoder (rdk's fake motor)
        {"name": "motor1", "api": "rdk:component:motor", "model": "fake",
         "attributes": {"encoder": "encoder1", "ticks_per_rotation": 1}},
        {"name": "encoder1", "api": "rdk:component:encoder", "model": "fake"}]}
    server = ServerProcess(config, workdir, args=["-debug"], env={"PYTHONUNBUFFERED": "1"})
    server.start()
    server.wait_for_line("web serving")
    backend = next(m.group(0) for line in server.lines if (m := re.search(r"/\S*grpc\.sock", line)))
    base = f"http://{server.address}"
    runs: dict[str, Callable[[], Awaitable[dict[str, float]]]] = {
        "h2c direct": lambda: grpc_run(f"unix:{backend}", args.calls),
        "h2c (front)": lambda: grpc_run(server.address, args.calls),
        "gRPC-web": lambda: http_run(base, args.calls, connect=False),
        "Connect": lambda: http_run(base, args.calls, connect=True),
        "gRPC-web raw": lambda: raw_run(*server.address.rsplit(":", 1)[0:1], int(server.address.rsplit(":", 1)[1]),
                                        args.calls),
        "Connect raw": lambda: raw_run(*server.address.rsplit(":", 1)[0:1], int(server.address.rsplit(":", 1)[1]),
                                       args.calls, connect=True),
    }
    results: dict[str, dict[str, float]] = {}
    try:
        for _ in range(3):  # interleaved; the best of three per way in
            for label, run in runs.items():
                r = await run()
                if label not in results or r["p50_us"] < results[label]["p50_us"]:
                    results[label] = r
    finally:
        server.stop()
    print(f"\nMotorService/GetPosition, {args.calls} sequential calls (cpu count {os.cpu_count()})")
    print(f"{'way in':<14}{'p50 us':>10}{'p99 us':>10}{'mean us':>10}")
    for label, r in results.items():
        print(f"{label:<14}{r['p50_us']:>10.0f}{r['p99_us']:>10.0f}{r['mean_us']:>10.0f}")
    front = results["h2c (front)"]["p50_us"] / results["h2c direct"]["p50_us"]
    web = results["gRPC-web"]["p50_us"] / results["h2c (front)"]["p50_us"]
    raw = results["gRPC-web raw"]["p50_us"] / results["h2c (front)"]["p50_us"]
    connect_raw = results["Connect raw"]["p50_us"] / results["h2c (front)"]["p50_us"]
    print(f"front overhead for h2c: {front:.2f}x; gRPC-web / h2c p50: {web:.2f}x with aiohttp's client, "
          f"{raw:.2f}x with the raw client (target <= 1.5x); Connect / h2c with the raw client: {connect_raw:.2f}x")
    print(json.dumps({"benchmark": "grpcweb_latency", "results": results, "front_ratio": front,
                      "grpc_web_ratio": web, "grpc_web_raw_ratio": raw, "connect_raw_ratio": connect_raw}))


if __name__ == "__main__":
    asyncio.run(main())
