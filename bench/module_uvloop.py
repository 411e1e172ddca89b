#!/usr/bin/env python3
"""What uvloop buys inside a module process, against what it costs there (#24 req 2 and 4).

Two machines, both servers on uvloop, each with the same module (``bench/module_bench_sensor.py``)
serving one sensor: in one the module runs on uvloop, in the other on asyncio's loop (the module's
``env`` sets ``VIAM_EVENT_LOOP=asyncio``). GetReadings through each server, sequential p50 and
16-way concurrent calls/s, interleaved rounds; then each module process's RSS and anonymous
memory. ``bench/module_latency.py`` measures the whole path with every process on one loop or
the other; this one isolates the module's share, which is what a built-in module's 1.9 MB of
uvloop (mostly its shared library's pages) pays for.

Usage: python bench/module_uvloop.py [--rounds 5] [--calls 1500]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.footprint import memory_mb, tree  # noqa: E402
from bench.module_latency import measure, module_exe, sensor  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

LOOPS = (("uvloop", {}), ("asyncio", {"VIAM_EVENT_LOOP": "asyncio"}))


async def run(rounds: int, calls: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-module-uvloop-"))
    exe = module_exe(workdir)
    servers: list[tuple[str, ServerProcess]] = []
    try:
        for loop, env in LOOPS:
            config = {"modules": [{"name": "bench", "executable_path": exe, "env": env}],
                      "components": [sensor("mod", "bench:module:sensor")]}
            (workdir / loop).mkdir()
            server = ServerProcess(config, workdir / loop, env={"PYTHONUNBUFFERED": "1"}, name=f"server-{loop}")
            servers.append((loop, server))
            server.start()
            server.wait_for_line("machine running", timeout_s=60)
        runs: dict[str, list[dict[str, float]]] = {loop: [] for loop, _ in LOOPS}
        for _ in range(rounds):
            for loop, server in servers:
                runs[loop].append(await measure(server.address, "mod", calls, 16))
        results: dict[str, Any] = {}
        for loop, server in servers:
            assert server.proc is not None
            module_pid = tree(server.proc.pid)[1]
            maps = Path(f"/proc/{module_pid}/maps").read_text()  # noqa: ASYNC240 - procfs, no I/O wait
            rss, _, anon = memory_mb(module_pid)
            results[loop] = {
                "p50_us_best": min(r["p50_us"] for r in runs[loop]),
                "p50_us_median": statistics.median(r["p50_us"] for r in runs[loop]),
                "concurrent_calls_per_s_best": max(r["concurrent_calls_per_s"] for r in runs[loop]),
                "concurrent_calls_per_s_median": statistics.median(r["concurrent_calls_per_s"] for r in runs[loop]),
                "module_rss_mb": rss, "module_anon_mb": anon, "uvloop_mapped": "uvloop" in maps,
            }
        return results
    finally:
        for _, server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=1500)
    args = parser.parse_args()
    results = asyncio.run(run(args.rounds, args.calls))
    print(f"\nGetReadings through the server (uvloop) to a module on each loop, {args.rounds} rounds of {args.calls}")
    print(f"{'module loop':<12}{'p50 best':>10}{'p50 med':>10}{'conc/s best':>13}{'conc/s med':>12}"
          f"{'RSS MB':>8}{'anon MB':>9}")
    for loop, r in results.items():
        print(f"{loop:<12}{r['p50_us_best']:>10.0f}{r['p50_us_median']:>10.0f}{r['concurrent_calls_per_s_best']:>13.0f}"
              f"{r['concurrent_calls_per_s_median']:>12.0f}{r['module_rss_mb']:>8.1f}{r['module_anon_mb']:>9.1f}")
    uv, plain = results["uvloop"], results["asyncio"]
    rss, anon = uv["module_rss_mb"] - plain["module_rss_mb"], uv["module_anon_mb"] - plain["module_anon_mb"]
    print(f"module on uvloop: p50 {plain['p50_us_median'] / uv['p50_us_median']:.2f}x faster (median), concurrent "
          f"{uv['concurrent_calls_per_s_median'] / plain['concurrent_calls_per_s_median']:.2f}x, for "
          f"{rss:+.1f} MB RSS ({anon:+.1f} MB anon)")
    print(json.dumps({"benchmark": "module_uvloop", "rounds": args.rounds, "calls": args.calls, **results}))


if __name__ == "__main__":
    main()
