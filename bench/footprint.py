#!/usr/bin/env python3
"""Idle CPU and memory of every process of a running machine (server and its modules).

Two machines: the example config (``examples/fake-robot.json``) and one with every built-in
module serving a resource on simulated hardware (mock GPIO pins, a simulated I2C BME280,
an NMEA GPS on ``loop://``, a webcam on a generated video file, a wheeled base, host stats).
Once every resource is ready and nothing calls, each process of the machine (the server and all
its descendants) is sampled for ``--seconds`` (default 60): CPU as a share of one core over that
window, then RSS, PSS and anonymous memory (``/proc/<pid>/smaps_rollup``). Baselines beside them: a
bare Python process importing only grpcio, and the floor of a module process: a bare grpc.aio
server on a UNIX socket with a client channel that has made one call (on uvloop and on asyncio's
loop). A module is that plus its models, the module protocol and the Viam protos.

RSS counts the pages of shared libraries (grpcio's ``cygrpc`` .so alone maps ~10 MB of code) that
this process happens to have touched *and* that are resident in the page cache, so it moves by a
few MB with the page cache's history (what other processes ran, memory pressure). ``Anon`` is the
process's own heap and private copies (Python objects, imported modules' code objects, malloc
arenas): the part that a lazy import or a lighter dependency changes, and that does not move
between runs.

Targets: every process below 0.5 % of a core; server RSS < 60 MB with the example config; each
built-in module RSS < 40 MB.

Usage: python bench/footprint.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from viam.testing.process import ServerProcess  # noqa: E402

CPU_TARGET_PCT = 0.5
SERVER_RSS_TARGET_MB = 60.0
MODULE_RSS_TARGET_MB = 40.0
TICKS = os.sysconf("SC_CLK_TCK")
SETTLE_S = 3.0  # after every resource is ready: start-up work (first builds, imports) finishes

HW_SIM = {"i2c": {"1": [{"address": "0x77", "device": "bme280", "raw": [519888, 415148, 27000]}]}}


@dataclass
class Sample:
    pid: int
    name: str
    cpu_pct: float
    rss_mb: float
    pss_mb: float
    anon_mb: float


def _stat(pid: int) -> tuple[int, float]:
    """(parent pid, CPU seconds used) of ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def tree(root: int) -> list[int]:
    """``root`` and all its descendants (modules run in their own sessions, so not by group)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = _stat(int(entry.name))[0]
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def process_name(pid: int) -> str:
    """A readable name: the server, or the module's entry point (``builtin_modules.webcam``...)."""
    args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    words = [a.decode(errors="replace") for a in args if a]
    if "viam.cli.server" in words:
        return "viam-server"
    if "-m" in words:
        return words[words.index("-m") + 1]
    return Path(words[-2] if len(words) > 1 and words[-1].endswith(".sock") else words[0]).name


def memory_mb(pid: int) -> tuple[float, float, float]:
    """(RSS, PSS, anonymous) of ``pid`` in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss", "Anonymous"):
            values[key] = int(rest.split()[0]) / 1024
    return values["Rss"], values["Pss"], values["Anonymous"]


def sample(pids: list[int], seconds: float) -> list[Sample]:
    before = {}
    for pid in pids:
        try:
            before[pid] = _stat(pid)[1]
        except OSError:
            continue
    started = time.monotonic()
    time.sleep(seconds)  # the machine is left alone: this is the idle window measured
    elapsed = time.monotonic() - started
    samples = []
    for pid, cpu in before.items():
        try:
            used = _stat(pid)[1] - cpu
            samples.append(Sample(pid, process_name(pid), 100 * used / elapsed, *memory_mb(pid)))
        except OSError:
            continue
    return samples


def wait_all_ready(server: ServerProcess, names: set[str], timeout_s: float = 120) -> None:
    """Poll GetMachineStatus (from a child process, so this one stays light) until all are READY."""
    code = (
        "import asyncio, sys, time, grpc\n"
        "from viam.gen.robot.v1 import robot_pb2 as pb\n"
        "async def main():\n"
        "    want = set(sys.argv[2:])\n"
        "    async with grpc.aio.insecure_channel(sys.argv[1]) as ch:\n"
        "        call = ch.unary_unary('/viam.robot.v1.RobotService/GetMachineStatus',\n"
        "            request_serializer=pb.GetMachineStatusRequest.SerializeToString,\n"
        "            response_deserializer=pb.GetMachineStatusResponse.FromString)\n"
        "        deadline = time.monotonic() + float(" + repr(timeout_s) + ")\n"
        "        while time.monotonic() < deadline:\n"
        "            status = await call(pb.GetMachineStatusRequest())\n"
        "            ready = {r.name.name for r in status.resources if r.state == 3}\n"
        "            if want <= ready:\n"
        "                return\n"
        "            await asyncio.sleep(0.2)\n"
        "        sys.exit(f'not ready: {sorted(want - ready)}')\n"
        "asyncio.run(main())\n"
    )
    subprocess.run([sys.executable, "-c", code, server.address, *sorted(names)], check=True, cwd=REPO,
                   timeout=timeout_s + 30)


def example_config() -> dict[str, Any]:
    return json.loads((REPO / "examples" / "fake-robot.json").read_text())


def all_modules_config(workdir: Path) -> dict[str, Any]:
    """One resource of every built-in module, on simulated hardware."""
    from bench.hardware_throughput import make_video

    video = make_video(workdir / "clip.avi", frames=30)

    def component(name: str, api: str, model: str, **attributes: Any) -> dict[str, Any]:
        return {"name": name, "api": f"rdk:component:{api}", "model": model, "attributes": attributes}

    return {"components": [
        component("pi", "board", "viam:raspberry-pi:rpi"),
        component("left", "motor", "rdk:builtin:gpio", board="pi", pins={"dir": "18", "pwm": "12"}, max_rpm=100),
        component("right", "motor", "rdk:builtin:gpio", board="pi", pins={"dir": "16", "pwm": "33"}, max_rpm=100),
        component("rover", "base", "rdk:builtin:wheeled", left=["left"], right=["right"], width_mm=300,
                  wheel_circumference_mm=200),
        component("env", "sensor", "rdk:builtin:bme280", i2c_bus="1", i2c_addr="0x77"),
        component("gps", "movement_sensor", "rdk:builtin:gps-nmea", connection_type="serial",
                  serial_attributes={"serial_path": "loop://", "serial_baud_rate": 9600}),
        component("host", "sensor", "viam-pi:system:host-stats"),
        component("cam", "camera", "rdk:builtin:webcam", video_path=str(video), width_px=640, height_px=480),
    ]}


FLOOR_CODE = """
import asyncio, os, shutil, sys, tempfile
import grpc, grpc.aio
from google.protobuf import struct_pb2  # the protobuf runtime with one message file, as every Viam process has

async def main():
    async def echo(request, context):
        return request
    path = os.path.join(tempfile.mkdtemp(prefix="bench-floor-"), "s.sock")
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(
        "bench.Echo", {"Echo": grpc.unary_unary_rpc_method_handler(echo)}),))
    server.add_insecure_port("unix:" + path)
    await server.start()
    eof = asyncio.Event()
    asyncio.get_running_loop().add_reader(0, lambda: sys.stdin.buffer.raw.read(1) or eof.set())
    async with grpc.aio.insecure_channel("unix:" + path) as channel:
        await channel.unary_unary("/bench.Echo/Echo")(struct_pb2.Value(number_value=1).SerializeToString(), timeout=30)
        print(1, flush=True)
        await eof.wait()
    await server.stop(None)
    shutil.rmtree(os.path.dirname(path), ignore_errors=True)

if sys.argv[1] == "uvloop":
    import uvloop
    uvloop.run(main())
else:
    asyncio.run(main())
"""


def _idle_process(name: str, argv: list[str]) -> Sample:
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "1":
            raise RuntimeError(f"baseline {name!r} did not start")
        return Sample(proc.pid, name, 0.0, *memory_mb(proc.pid))
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def baseline_process() -> Sample:
    """A bare Python process that has imported grpcio and protobuf, idle: the floor of any gRPC process."""
    return _idle_process("bare python + grpcio", [sys.executable, "-c", "import grpc, grpc.aio, google.protobuf, sys;"
                                                  " print(1, flush=True); sys.stdin.read()"])


def floor_processes() -> list[Sample]:
    """The floor of a module process: a bare grpc.aio server on a UNIX socket with a client channel that
    has made one call, idle; on uvloop (when installed) and on asyncio's loop."""
    loops = ["asyncio"]
    try:
        import uvloop  # noqa: F401
        loops.insert(0, "uvloop")
    except ImportError:
        pass
    return [_idle_process(f"bare grpc.aio server+client, {loop}", [sys.executable, "-c", FLOOR_CODE, loop])
            for loop in loops]


def measure_machine(label: str, config: dict[str, Any], workdir: Path, seconds: float,
                    env: dict[str, str]) -> list[Sample]:
    names = {c["name"] for c in config.get("components", []) + config.get("services", [])}
    config.setdefault("network", {})["bind_address"] = "127.0.0.1:0"
    server = ServerProcess(config, workdir, env=env, name=label)
    server.start()
    try:
        wait_all_ready(server, names)
        time.sleep(SETTLE_S)  # let start-up work (first reads, lingering frames) finish before the window
        assert server.proc is not None
        return sample(tree(server.proc.pid), seconds)
    finally:
        server.stop()


def run(seconds: float) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-footprint-"))
    (workdir / "hw-sim.json").write_text(json.dumps(HW_SIM))
    env = {"GPIOZERO_PIN_FACTORY": "mock", "VIAM_HW_SIM": str(workdir / "hw-sim.json"),
           "VIAM_HOME": str(workdir / "viam-home")}
    machines = {}
    try:
        for label, config in (("example", example_config()), ("all-modules", all_modules_config(workdir))):
            (workdir / label).mkdir()
            machines[label] = [asdict(s) for s in measure_machine(label, config, workdir / label, seconds, env)]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"seconds": seconds, "baseline": asdict(baseline_process()),
            "floors": [asdict(f) for f in floor_processes()], "machines": machines}


def verdicts(results: dict[str, Any]) -> list[tuple[str, float, str, bool]]:
    """(what, figure, target, met) for every process."""
    rows = []
    for label, samples in results["machines"].items():
        for s in samples:
            who = f"{label}: {s['name']}"
            rows.append((f"{who} idle CPU %", s["cpu_pct"], f"< {CPU_TARGET_PCT}", s["cpu_pct"] < CPU_TARGET_PCT))
            if s["name"] == "viam-server" and label == "example":
                rows.append((f"{who} RSS MB", s["rss_mb"], f"< {SERVER_RSS_TARGET_MB:.0f}",
                             s["rss_mb"] < SERVER_RSS_TARGET_MB))
            elif s["name"].startswith("builtin_modules."):
                rows.append((f"{who} RSS MB", s["rss_mb"], f"< {MODULE_RSS_TARGET_MB:.0f}",
                             s["rss_mb"] < MODULE_RSS_TARGET_MB))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle sampling window per machine")
    args = parser.parse_args()
    results = run(args.seconds)
    base = results["baseline"]
    print(f"\nIdle machine footprint, {args.seconds:.0f} s window per machine (cpu count {os.cpu_count()})")
    print(f"{'machine':<13}{'process':<32}{'pid':>8}{'CPU %':>8}{'RSS MB':>9}{'PSS MB':>9}{'Anon MB':>9}")
    for label, samples in results["machines"].items():
        for s in samples:
            print(f"{label:<13}{s['name']:<32}{s['pid']:>8}{s['cpu_pct']:>8.2f}{s['rss_mb']:>9.1f}{s['pss_mb']:>9.1f}"
                  f"{s['anon_mb']:>9.1f}")
    for b in [base, *results.get("floors", [])]:
        print(f"{'baseline':<13}{b['name']:<38.38}{'':>10}{b['rss_mb']:>9.1f}{b['pss_mb']:>9.1f}{b['anon_mb']:>9.1f}")
    for what, value, target, met in verdicts(results):
        print(f"  {what:<58}{value:>8.2f} {target:>7}  {'met' if met else 'NOT MET'}")
    print(json.dumps({"benchmark": "footprint", **results}))


if __name__ == "__main__":
    main()
