#!/usr/bin/env python3
"""Official-SDK connect time with its default dial (WebRTC first) against ``disable_webrtc=True``.

Starts a viam-server child (one fake motor) and, in the official SDK's venv, times
``RobotClient.at_address`` + ``close`` for each mode, alternating, and counts the ERROR lines the
SDK's native dialer prints. Three addresses: ``127.0.0.1:PORT`` with the default dial (WebRTC is
attempted: SignalingService answers UNIMPLEMENTED, the attempt fails and is logged at ERROR, the
SDK falls back to direct gRPC), ``localhost:PORT`` with the default dial (the native dialer skips
WebRTC for ``localhost`` and ``.local`` hosts, so this isolates the cost of its runtime and local
proxy), and ``disable_webrtc=True`` (pure-Python direct dial: the same-run baseline).

No server answer makes the IP-address case both silent and as fast as the baseline: the native
dialer logs every failed WebRTC attempt at ERROR and always proxies through a local socket.

Usage: python bench/dial_webrtc.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viam.testing.process import ServerProcess  # noqa: E402
from viam.testing.sdk import ensure_sdk_venv  # noqa: E402

TIMER = r'''
import asyncio, json, sys, time
from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions

async def once(address, webrtc):
    options = RobotClient.Options(dial_options=DialOptions(insecure=True, disable_webrtc=not webrtc))
    start = time.perf_counter()
    robot = await RobotClient.at_address(address, options)
    elapsed = time.perf_counter() - start
    await robot.close()
    return elapsed

async def main():
    port, rounds = sys.argv[1], int(sys.argv[2])
    modes = {"default 127.0.0.1": (f"127.0.0.1:{port}", True), "default localhost": (f"localhost:{port}", True),
             "disable_webrtc": (f"127.0.0.1:{port}", False)}
    times = {m: [] for m in modes}
    await once(f"127.0.0.1:{port}", True)  # warm-up: native library load, first connection
    for _ in range(rounds):
        for mode, (address, webrtc) in modes.items():
            times[mode].append(await once(address, webrtc))
    print(json.dumps(times))

asyncio.run(main())
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    python = ensure_sdk_venv()
    with tempfile.TemporaryDirectory() as tmp:
        config = {"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "fake"}]}
        server = ServerProcess(config, Path(tmp), name="viam-server").start()
        try:
            port = server.address.rpartition(":")[2]
            # cwd: the checkout's own ``viam`` package must not shadow the SDK's.
            proc = subprocess.run([str(python), "-c", TIMER, port, str(args.rounds)], capture_output=True,
                                  text=True, timeout=600, cwd=tmp)
        finally:
            server.stop()
    if proc.returncode != 0:
        sys.exit(f"timer failed:\n{proc.stderr}")
    times = json.loads(proc.stdout.strip().splitlines()[-1])
    # The SDK's native dialer logs to stdout or stderr depending on its version: count both.
    errors = sum(1 for line in (proc.stdout + proc.stderr).splitlines() if "ERROR" in line)
    baseline = statistics.median(times["disable_webrtc"])
    print(f"{'mode':<20} {'median ms':>10} {'max ms':>8} {'vs baseline':>12}")
    summary = {}
    for mode, values in times.items():
        median = statistics.median(values)
        summary[mode] = {"median_ms": round(median * 1000, 1), "max_ms": round(max(values) * 1000, 1),
                         "ratio": round(median / baseline, 2)}
        print(f"{mode:<20} {median * 1000:>10.1f} {max(values) * 1000:>8.1f} {median / baseline:>11.2f}x")
    print(f"ERROR lines printed by the SDK: {errors} (rounds: {args.rounds}, plus one warm-up)")
    print(json.dumps({"rounds": args.rounds, "sdk_error_lines": errors, "modes": summary}))


if __name__ == "__main__":
    main()
