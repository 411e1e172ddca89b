"""Data capture and sync throughput: the builtin data manager against writing the same messages directly.

1. Capture: a fake sensor captured at 100 Hz for ``--seconds`` by an in-process machine (the
   collector's gRPC call to the machine's own service included): readings/s sustained and CPU %
   of the process. Same-run baseline: the same SensorData messages built and appended to a file
   by a plain loop at 100 Hz. Then both unthrottled (collector at 100 kHz asked; loop as fast as
   it can) for the ceiling.
2. Sync: ``--mb`` of completed tabular capture files uploaded to an in-process viam-app-lite
   (SQLite + files) over loopback gRPC: MB/s. Baseline: writing the same bytes to a file.

    .venv/bin/python bench/data_capture.py [--seconds 5] [--mb 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from viam.cloud.lite.server import LiteApp
from viam.config.loader import parse_config
from viam.gen.app.datasync.v1 import data_sync_pb2 as pb
from viam.robot.machine import Machine
from viam.services.data_manager.builtin import find_data_manager
from viam.services.data_manager.capture_file import CaptureFileWriter
from viam.services.data_manager.collectors import CaptureResult
from viam.utils import dict_to_struct

PART, SECRET = "bench-part", "bench"
READINGS = {"temperature_c": 21.5, "humidity_pct": 40.0, "status": "ok"}


def cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def machine_config(capture_dir: Path, hz: float, cloud: dict[str, Any] | None = None,
                   sync_disabled: bool = True) -> dict[str, Any]:
    config: dict[str, Any] = {
        "network": {"bind_address": "127.0.0.1:0", "web_bind_address": "off"},
        "components": [{"name": "s1", "api": "rdk:component:sensor", "model": "rdk:builtin:fake",
                        "attributes": {"readings": READINGS}, "service_configs": [
                            {"type": "data_manager", "attributes": {"capture_methods": [
                                {"method": "Readings", "capture_frequency_hz": hz}]}}]}],
        "services": [{"name": "dm", "api": "rdk:service:data_manager", "model": "builtin",
                      "attributes": {"capture_dir": str(capture_dir), "sync_disabled": sync_disabled,
                                     "sync_interval_mins": 1000}}]}
    if cloud:
        config["cloud"] = cloud
    return config


async def capture(workdir: Path, hz: float, seconds: float) -> dict[str, float]:
    machine = Machine(parse_config(machine_config(workdir / f"cap-{hz:g}", hz)))
    await machine.start()
    await machine.wait_running(30)
    manager = find_data_manager(machine)
    assert manager is not None
    for _ in range(1000):
        if manager.collectors:
            break
        await asyncio.sleep(0.01)
    (_, collector), = manager.collectors.values()
    await asyncio.sleep(0.5)  # warm-up
    start_n, start_cpu, start = collector.captured, cpu_s(), time.perf_counter()
    await asyncio.sleep(seconds)
    n, cpu, wall = collector.captured - start_n, cpu_s() - start_cpu, time.perf_counter() - start
    await machine.close(0.1)
    return {"readings_per_s": n / wall, "cpu_pct": 100 * cpu / wall, "errors": collector.errors}


async def direct(workdir: Path, hz: float, seconds: float) -> dict[str, float]:
    """The same messages built and appended by a plain loop (no gRPC, no collector)."""
    md = pb.DataCaptureMetadata(component_type="rdk:component:sensor", component_name="s1", method_name="Readings",
                                type=pb.DATA_TYPE_TABULAR_SENSOR, file_extension=".dat")
    writer = CaptureFileWriter(workdir / f"direct-{hz:g}", md)
    interval = 1.0 / hz
    n, start_cpu, start = 0, cpu_s(), time.perf_counter()
    next_at = start
    while time.perf_counter() - start < seconds:
        now = time.time()
        writer.write(CaptureResult(now, now, struct={"readings": dict(READINGS)}).to_sensor_data()[0])
        n += 1
        next_at += interval
        delay = next_at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif n % 100 == 0:
            await asyncio.sleep(0)
    wall = time.perf_counter() - start
    cpu = cpu_s() - start_cpu
    writer.close()
    return {"readings_per_s": n / wall, "cpu_pct": 100 * cpu / wall, "errors": 0}


def make_capture_files(directory: Path, total_bytes: int) -> int:
    md = pb.DataCaptureMetadata(component_type="rdk:component:sensor", component_name="s1", method_name="Readings",
                                type=pb.DATA_TYPE_TABULAR_SENSOR, file_extension=".dat", tags=["bench"])
    written = 0
    seq = 0
    while written < total_bytes:
        writer = CaptureFileWriter(directory, md)
        while writer.size < 256 * 1024:
            seq += 1
            data = pb.SensorData(struct=dict_to_struct({"readings": {**READINGS, "seq": seq}}))
            data.metadata.time_requested.FromNanoseconds(seq * 1000)
            writer.write(data)
        written += writer.size
        writer.close()
    return written


def write_baseline(path: Path, total: int) -> float:
    """Seconds to write (and fsync) ``total`` bytes to one file."""
    blob = os.urandom(1 << 20)
    start = time.perf_counter()
    with open(path, "wb") as handle:
        for _ in range(max(1, total >> 20)):
            handle.write(blob)
        handle.flush()
        os.fsync(handle.fileno())
    return time.perf_counter() - start


async def sync(workdir: Path, megabytes: float) -> dict[str, float]:
    app_dir = workdir / "app"
    (app_dir / "machines").mkdir(parents=True)
    (app_dir / "machines" / f"{PART}.json").write_text(json.dumps({"cloud": {"id": PART, "secret": SECRET}}))
    app = LiteApp(app_dir)
    await app.start()
    capture_dir = workdir / "sync-cap"
    cloud = {"id": PART, "secret": SECRET, "app_address": f"http://127.0.0.1:{app.grpc_port}"}
    machine = Machine(parse_config(machine_config(capture_dir, 0, cloud, sync_disabled=True)))
    await machine.start()
    await machine.wait_running(30)
    manager = find_data_manager(machine)
    assert manager is not None
    target = capture_dir / "rdk_component_sensor" / "s1" / "Readings"
    total = await asyncio.to_thread(make_capture_files, target, int(megabytes * 1e6))
    start_cpu, start = cpu_s(), time.perf_counter()
    files = await manager.sync_once()
    wall = time.perf_counter() - start
    cpu = cpu_s() - start_cpu
    await machine.close(0.1)
    await app.close()
    baseline = await asyncio.to_thread(write_baseline, workdir / "baseline.bin", total)
    return {"files": files, "mb": total / 1e6, "sync_mb_per_s": total / 1e6 / wall, "cpu_pct": 100 * cpu / wall,
            "baseline_write_mb_per_s": total / 1e6 / baseline}


async def main(seconds: float, megabytes: float) -> None:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        results = {
            "capture_100hz": await capture(workdir, 100, seconds),
            "direct_100hz": await direct(workdir, 100, seconds),
            "capture_max": await capture(workdir, 100_000, seconds),
            "direct_max": await direct(workdir, 1e9, seconds),
            "sync": await sync(workdir, megabytes),
        }
    print(f"{'case':<16}{'readings/s':>12}{'CPU %':>8}")
    for name in ("capture_100hz", "direct_100hz", "capture_max", "direct_max"):
        r = results[name]
        print(f"{name:<16}{r['readings_per_s']:>12.1f}{r['cpu_pct']:>8.1f}")
    s = results["sync"]
    print(f"sync to app-lite: {s['mb']:.1f} MB in {s['files']} files at {s['sync_mb_per_s']:.2f} MB/s "
          f"(CPU {s['cpu_pct']:.0f}%); baseline file write {s['baseline_write_mb_per_s']:.0f} MB/s")
    print(json.dumps(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--mb", type=float, default=20.0)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.mb))
