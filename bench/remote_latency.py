#!/usr/bin/env python3
"""Latency through one remote hop, and how soon a lost session's motor is stopped.

1. MotorService/GetPosition on a motor that lives on a remote machine, called through the local
   machine (client -> local viam-server -> remote viam-server), against a bare grpcio echo server
   and a direct call to the remote, all measured in the same run.
2. Session loss: a session commands a motor, heartbeats, then goes silent. We measure when the
   motor stops, relative to the end of the heartbeat window (target <= window + 50 ms).

Usage: python bench/remote_latency.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.grpc_latency import measure, start_echo  # noqa: E402
from viam.gen.component.motor.v1 import motor_pb2, motor_pb2_grpc  # noqa: E402
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

WINDOW_S = 0.5


async def session_stop_delays(address: str, runs: int) -> list[float]:
    delays = []
    async with grpc.aio.insecure_channel(address) as channel:
        robot = robot_pb2_grpc.RobotServiceStub(channel)
        motor = motor_pb2_grpc.MotorServiceStub(channel)
        for _ in range(runs):
            sid = (await robot.StartSession(robot_pb2.StartSessionRequest())).id
            await motor.SetPower(motor_pb2.SetPowerRequest(name="motor1", power_pct=0.5),
                                 metadata=(("viam-sid", sid),))
            for _ in range(3):
                await robot.SendSessionHeartbeat(robot_pb2.SendSessionHeartbeatRequest(id=sid))
                await asyncio.sleep(WINDOW_S / 5)
            await robot.SendSessionHeartbeat(robot_pb2.SendSessionHeartbeatRequest(id=sid))
            expires = time.perf_counter() + WINDOW_S
            while (await motor.IsMoving(motor_pb2.IsMovingRequest(name="motor1"))).is_moving:  # noqa: ASYNC110
                await asyncio.sleep(0.002)
            delays.append(time.perf_counter() - expires)
    return delays


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--session-runs", type=int, default=10)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-remote-"))
    motor = {"components": [  # GetPosition answers only with a fake encoder (rdk's fake motor)
        {"name": "motor1", "api": "rdk:component:motor", "model": "fake",
         "attributes": {"encoder": "encoder1", "ticks_per_rotation": 1}},
        {"name": "encoder1", "api": "rdk:component:encoder", "model": "fake"}]}
    remote = ServerProcess(motor, workdir, name="remote").start()
    local = ServerProcess({"remotes": [{"name": "r", "address": remote.address, "insecure": True}]}, workdir,
                          name="local").start()
    session_server = ServerProcess({**motor, "network": {"bind_address": "127.0.0.1:0", "sessions": {
        "heartbeat_window": f"{int(WINDOW_S * 1000)}ms"}}}, workdir, name="sessions").start()
    echo, echo_address = start_echo()
    try:
        local.wait_for_line("remote connected")
        results = {}
        for _ in range(3):
            for label, address in (("bare grpcio echo", echo_address), ("direct to remote", remote.address),
                                   ("through one remote hop", local.address)):
                run = await measure(address, args.calls, 16)
                if label not in results or run["p50_us"] < results[label]["p50_us"]:
                    results[label] = run
        delays = await session_stop_delays(session_server.address, args.session_runs)
    finally:
        for server in (local, remote, session_server):
            server.stop()
        echo.terminate()
        echo.wait()

    print(f"\nMotorService/GetPosition, {args.calls} sequential calls (best of 3)")
    print(f"{'target':<26}{'p50 us':>10}{'p99 us':>10}{'seq calls/s':>14}{'conc calls/s':>14}")
    for label, r in results.items():
        print(f"{label:<26}{r['p50_us']:>10.0f}{r['p99_us']:>10.0f}{r['sequential_calls_per_s']:>14.0f}"
              f"{r['concurrent_calls_per_s']:>14.0f}")
    ratio = results["through one remote hop"]["p50_us"] / results["bare grpcio echo"]["p50_us"]
    print(f"p50 ratio remote hop / bare echo: {ratio:.2f}x")
    ms = [d * 1000 for d in delays]
    print(f"\nsession loss -> Stop(), after the {WINDOW_S * 1000:.0f} ms window ends: "
          f"median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms over {len(ms)} runs (target <= 50 ms)")
    print(json.dumps({"benchmark": "remote_latency", "results": results, "p50_ratio_vs_echo": ratio,
                      "session_stop_delay_ms": ms}))


if __name__ == "__main__":
    asyncio.run(main())
