#!/usr/bin/env python3
"""Module benchmarks: GetReadings through a module vs a bare grpcio echo, SIGKILL -> serving
again, and cold start of a machine with 5 modules.

1. Latency: SensorService/GetReadings through viam-server to a sensor in a module (two gRPC
   hops: client -> server -> module, bytes forwarded undecoded), against a bare grpcio aio echo
   server answering the same method with a same-size response (one hop), driven by the same
   raw-bytes client loop. Also shown: a bare grpcio proxy forwarding to the echo (the two-hop
   floor any module design pays) and the in-process fake sensor. Targets: p50 <= 2.0x the echo;
   against the bare proxy (#24): p50 within 1.1x and concurrent calls/s within 1.2x. When uvloop
   is installed the same machine also runs on asyncio's default loop (``VIAM_EVENT_LOOP=asyncio``)
   to show what uvloop gains. The bare servers and the client run on the server's loop too.
   A diagnostic row calls the same server on its private gRPC socket (``grpc.sock``, behind the
   main port's front): the difference is what the front's byte splice costs.
   Another runs the bare proxy in front of the same module process (``bare proxy -> module``): the
   two-hop floor for the same work, so the gap to it is the server's forwarding alone, where the
   gap to ``bare proxy -> echo`` also holds what the module runtime does beyond an echo.
2. SIGKILL of the module -> first successful GetReadings from the new process. Target < 1 s.
   Rounds are spaced beyond ``VIAM_MODULE_STABLE_AFTER`` so each kill is an isolated crash
   (first restart after 0.1 s); a crash loop backs off to 5 s by design.
3. Cold start: in-process machine with 5 modules (one sensor each) until running with every
   module READY; baseline: one module process started directly until its socket exists.
   Target < 2 s.

Prints a table and a JSON line. Usage: python bench/module_latency.py [--calls 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.grpc_latency import measure as measure_call  # noqa: E402
from bench.grpc_latency import serve_bare  # noqa: E402
from viam import eventloop  # noqa: E402
from viam.config.loader import parse_config  # noqa: E402
from viam.gen.common.v1 import common_pb2 as sensor_pb2  # noqa: E402 - GetReadings messages are common
from viam.gen.robot.v1 import robot_pb2 as pb  # noqa: E402
from viam.module.settings import ModuleSettings  # noqa: E402
from viam.robot import private_dir as private_dirs  # noqa: E402
from viam.robot.machine import Machine  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

METHOD = "/viam.component.sensor.v1.SensorService/GetReadings"
MODULE = REPO / "bench" / "module_bench_sensor.py"
ASYNCIO_LABEL = "-> module, asyncio loop"
BYPASS_LABEL = "-> module, no front"
SAME_WORK_LABEL = "bare proxy -> module"
P50_VS_PROXY_TARGET = 1.1  # module path p50 / bare two-hop proxy p50, at most
CONCURRENT_VS_PROXY_TARGET = 1.2  # bare proxy calls/s / module path calls/s, at most


def module_exe(workdir: Path) -> str:
    wrapper = workdir / "bench-module.sh"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{MODULE}" "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def private_dir(pid: int) -> Path:
    """A running server's private dir: its grpcio socket (behind the front) and its modules' sockets."""
    for marker in Path(tempfile.gettempdir()).glob(f"{private_dirs.PREFIX}*/{private_dirs.MARKER}"):
        if marker.read_text().strip() == str(pid) and (marker.parent / "grpc.sock").exists():
            return marker.parent
    raise RuntimeError(f"no private dir for server pid {pid}")


def sensor(name: str, model: str) -> dict[str, str]:
    return {"name": name, "api": "rdk:component:sensor", "model": model}


# -- 1. latency ---------------------------------------------------------------------------------
async def echo_server_main() -> None:
    response = sensor_pb2.GetReadingsResponse()
    for key, value in {"temperature_c": 21.5, "humidity_pct": 40.0, "pid": 12345.0}.items():
        response.readings[key].number_value = value
    payload = response.SerializeToString()

    async def handle(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        return payload

    await serve_bare("viam.component.sensor.v1.SensorService", "GetReadings", handle)


async def proxy_server_main(upstream: str) -> None:
    """Two-hop floor: a bare grpcio aio server forwarding the raw bytes to the echo server."""
    channel = grpc.aio.insecure_channel(upstream)
    forward = channel.unary_unary(METHOD)

    async def handle(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        return await forward(request)

    await serve_bare("viam.component.sensor.v1.SensorService", "GetReadings", handle)


async def _spawn_server(*args: str) -> tuple[asyncio.subprocess.Process, str]:
    proc = await asyncio.create_subprocess_exec(sys.executable, __file__, *args, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    return proc, (await proc.stdout.readline()).decode().split("address=")[1].strip()


async def measure(address: str, name: str, calls: int, concurrency: int) -> dict[str, float]:
    request = sensor_pb2.GetReadingsRequest(name=name).SerializeToString()
    return await measure_call(address, calls, concurrency, METHOD, request)


async def latency(workdir: Path, calls: int, concurrency: int) -> dict[str, dict[str, float]]:
    echo, echo_address = await _spawn_server("--echo-server")
    proxy, proxy_address = await _spawn_server("--proxy-server", echo_address)
    config = {"modules": [{"name": "bench", "executable_path": module_exe(workdir)}],
              "components": [sensor("mod", "bench:module:sensor"), sensor("local", "fake")]}
    server = ServerProcess(config, workdir, env={"PYTHONUNBUFFERED": "1"}, name="bench-server")
    server.start()
    server.wait_for_line("machine running", timeout_s=30)
    targets = [("bare grpcio echo", echo_address, "s"), ("bare proxy -> echo", proxy_address, "s"),
               ("viam-server -> module", server.address, "mod"),
               ("viam-server in-process", server.address, "local")]
    assert server.proc is not None
    private = private_dir(server.proc.pid)
    same_work, same_work_address = await _spawn_server("--proxy-server", f"unix:{private / 'bench.sock'}")
    targets += [(BYPASS_LABEL, f"unix:{private / 'grpc.sock'}", "mod"), (SAME_WORK_LABEL, same_work_address, "mod")]
    servers = [server]
    if eventloop.loop_factory() is not None:
        plain = ServerProcess(config, workdir, env={"PYTHONUNBUFFERED": "1", eventloop.ENV: "asyncio"},
                              name="bench-server-asyncio")
        servers.append(plain)
        plain.start()
        plain.wait_for_line("machine running", timeout_s=30)
        targets.append((ASYNCIO_LABEL, plain.address, "mod"))
    results: dict[str, dict[str, float]] = {}
    try:
        for _ in range(3):  # interleaved; best p50 of three per target
            for label, address, name in targets:
                run = await measure(address, name, calls, concurrency)
                if label not in results or run["p50_us"] < results[label]["p50_us"]:
                    results[label] = run
    finally:
        for running in servers:
            running.stop()
        for proc in (same_work, proxy, echo):
            proc.terminate()
            await proc.wait()
    return results


# -- 2. SIGKILL -> serving ------------------------------------------------------------------------
async def readings(call: grpc.aio.UnaryUnaryMultiCallable, request: bytes) -> dict[str, float]:
    raw = await call(request, timeout=1)
    values = sensor_pb2.GetReadingsResponse.FromString(raw).readings
    return {key: value.number_value for key, value in values.items()}


async def kill_recovery(workdir: Path, rounds: int) -> list[float]:
    config = {"modules": [{"name": "bench", "executable_path": module_exe(workdir)}],
              "components": [sensor("mod", "bench:module:sensor")]}
    server = ServerProcess(config, workdir, env={"VIAM_MODULE_STABLE_AFTER": "1"}, name="kill-server")
    server.start()
    server.wait_for_line("machine running", timeout_s=30)
    request = sensor_pb2.GetReadingsRequest(name="mod").SerializeToString()
    times = []
    try:
        async with grpc.aio.insecure_channel(server.address) as channel:
            call = channel.unary_unary(METHOD)
            for _ in range(rounds):
                await asyncio.sleep(1.5)
                pid = int((await readings(call, request))["pid"])
                os.kill(pid, signal.SIGKILL)
                killed = time.perf_counter()
                while True:
                    try:
                        if int((await readings(call, request))["pid"]) != pid:
                            break
                    except grpc.aio.AioRpcError:
                        pass
                    await asyncio.sleep(0.005)
                times.append(time.perf_counter() - killed)
    finally:
        server.stop()
    return times


# -- 3. cold start ---------------------------------------------------------------------------------
async def cold_start(workdir: Path, rounds: int, modules: int = 5) -> tuple[list[float], list[float]]:
    exe = module_exe(workdir)
    config = parse_config({
        "modules": [{"name": f"bench{i}", "executable_path": exe} for i in range(modules)],
        "components": [{**sensor(f"s{i}", "bench:module:sensor")} for i in range(1)],
        "network": {"bind_address": "127.0.0.1:0"},
    }, "bench.json")
    machine_times, single_times = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        machine = Machine(config, module_settings=ModuleSettings.from_env())
        await machine.start()
        await machine.wait_running(60)
        states = {s.state for s in machine.module_statuses()}
        machine_times.append(time.perf_counter() - started)
        assert states == {pb.ModuleStatus.STATE_READY}, machine.module_statuses()
        await machine.close(grace_s=0.1)

        sock = workdir / "single.sock"
        sock.unlink(missing_ok=True)
        started = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(exe, str(sock), stdout=subprocess.DEVNULL,
                                                    stderr=subprocess.DEVNULL)
        while not sock.exists():  # noqa: ASYNC110 - polling for the socket is what is measured
            await asyncio.sleep(0.002)
        single_times.append(time.perf_counter() - started)
        proc.terminate()
        await proc.wait()
    return machine_times, single_times


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--kill-rounds", type=int, default=5)
    parser.add_argument("--cold-rounds", type=int, default=3)
    parser.add_argument("--echo-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--proxy-server", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.echo_server:
        await echo_server_main()
        return
    if args.proxy_server:
        await proxy_server_main(args.proxy_server)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-modules-"))
    os.environ.setdefault("VIAM_HOME", str(workdir / "viam-home"))

    results = await latency(workdir, args.calls, args.concurrency)
    kills = await kill_recovery(workdir, args.kill_rounds)
    cold, single = await cold_start(workdir, args.cold_rounds)

    print(f"\nSensorService/GetReadings, {args.calls} sequential calls, {args.concurrency}-way concurrent run"
          f" (cpu count {os.cpu_count()})")
    print(f"{'target':<26}{'p50 us':>10}{'p99 us':>10}{'seq calls/s':>14}{'conc calls/s':>14}")
    for label, r in results.items():
        print(f"{label:<26}{r['p50_us']:>10.0f}{r['p99_us']:>10.0f}{r['sequential_calls_per_s']:>14.0f}"
              f"{r['concurrent_calls_per_s']:>14.0f}")
    ratio = results["viam-server -> module"]["p50_us"] / results["bare grpcio echo"]["p50_us"]
    floor = results["bare proxy -> echo"]["p50_us"] / results["bare grpcio echo"]["p50_us"]
    print(f"p50 ratio module / bare echo: {ratio:.2f}x (target <= 2.0x); two-hop floor (bare proxy): {floor:.2f}x")
    module, proxy = results["viam-server -> module"], results["bare proxy -> echo"]
    p50_vs_proxy = module["p50_us"] / proxy["p50_us"]
    conc_vs_proxy = proxy["concurrent_calls_per_s"] / module["concurrent_calls_per_s"]
    print(f"module path vs bare two-hop proxy: p50 {p50_vs_proxy:.2f}x (target <= {P50_VS_PROXY_TARGET}x), "
          f"concurrent calls/s proxy/module {conc_vs_proxy:.2f}x (target <= {CONCURRENT_VS_PROXY_TARGET}x)")
    same = results[SAME_WORK_LABEL]
    p50_vs_same, conc_vs_same = module["p50_us"] / same["p50_us"], same["concurrent_calls_per_s"] / module[
        "concurrent_calls_per_s"]
    print(f"module path vs a bare proxy in front of the same module: p50 {p50_vs_same:.2f}x, "
          f"concurrent calls/s proxy/ours {conc_vs_same:.2f}x")
    front = module["p50_us"] / results[BYPASS_LABEL]["p50_us"]
    print(f"the front's share of the module path: p50 {front:.2f}x with it than without "
          f"(without it: {results[BYPASS_LABEL]['p50_us'] / proxy['p50_us']:.2f}x the bare proxy)")
    if ASYNCIO_LABEL in results:
        print(f"uvloop gain on the module path: p50 {results[ASYNCIO_LABEL]['p50_us'] / module['p50_us']:.2f}x faster")
    print(f"SIGKILL -> serving again: median {statistics.median(kills) * 1e3:.0f} ms, "
          f"max {max(kills) * 1e3:.0f} ms over {len(kills)} kills (target < 1000 ms)")
    print(f"cold start, 5 modules to all READY: median {statistics.median(cold) * 1e3:.0f} ms "
          f"(target < 2000 ms); baseline one module process to socket: {statistics.median(single) * 1e3:.0f} ms")
    print(json.dumps({"benchmark": "module_latency", "latency": results, "p50_ratio": ratio,
                      "two_hop_floor_ratio": floor, "p50_vs_proxy": p50_vs_proxy,
                      "concurrent_proxy_over_module": conc_vs_proxy,
                      "front_share": front, "p50_vs_same_work_proxy": p50_vs_same,
                      "concurrent_same_work_proxy_over_module": conc_vs_same, "kill_to_serving_s": kills,
                      "cold_start_5_modules_s": cold,
                      "baseline_single_module_start_s": single}))


if __name__ == "__main__":
    eventloop.run(main())
