#!/usr/bin/env python3
"""Run every benchmark and print one table: figure, same-run baseline, target, met / NOT MET.

Each benchmark runs as its own process (so one's leftovers cannot skew the next) and ends with
a JSON line, from which the rows are read. The machine (CPU, cores, RAM, kernel, Python) and
the load average before and after are printed with the table: figures from a loaded machine
say so. ``--quick`` shortens every measurement (fewer calls, a 10 s idle window instead of 60 s).

Usage: python bench/run_all.py [--quick] [--only NAME ...]   (``make bench`` runs it)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from bench.footprint import verdicts as footprint_verdicts  # noqa: E402

Row = tuple[str, str, str, str, bool | None]  # what, figure, baseline, target, met (None: no target)


def machine_description() -> str:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith(("model name", "Model")):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    try:
        import uvloop
        loop = f"uvloop {uvloop.__version__}"
    except ImportError:
        loop = "asyncio default loop"
    return (f"{model or platform.machine()}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.1f} GB RAM, "
            f"Linux {platform.release()}, Python {platform.python_version()}, {loop}")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_json(script: str, args: list[str], timeout_s: float) -> tuple[dict[str, Any] | None, str]:
    """Run one benchmark; return its last JSON line (None if it failed) and its output."""
    try:
        done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                              cwd=REPO, timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        return None, f"timed out after {timeout_s:.0f} s\n{exc.stdout or ''}"
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line), done.stdout
            except json.JSONDecodeError:
                break
    return None, done.stdout + done.stderr


def _x(value: float) -> str:
    return f"{value:.2f}x"


def rows_grpc(data: dict[str, Any]) -> list[Row]:
    echo, ours = data["results"]["bare grpcio echo"], data["results"]["viam-server fake motor"]
    return [("GetPosition p50 via server / bare echo", _x(data["p50_ratio"]), f"echo {echo['p50_us']:.0f} us",
             "<= 1.30x", data["p50_ratio"] <= 1.3),
            ("GetPosition p50 via server", f"{ours['p50_us']:.0f} us", f"echo {echo['p50_us']:.0f} us", "", None)]


def rows_module(data: dict[str, Any]) -> list[Row]:
    lat = data["latency"]
    module, proxy, echo = lat["viam-server -> module"], lat["bare proxy -> echo"], lat["bare grpcio echo"]
    rows: list[Row] = [
        ("module path p50 / bare two-hop proxy", _x(data["p50_vs_proxy"]), f"proxy {proxy['p50_us']:.0f} us",
         "<= 1.10x", data["p50_vs_proxy"] <= 1.1),
        ("module path concurrent calls/s: proxy / ours", _x(data["concurrent_proxy_over_module"]),
         f"proxy {proxy['concurrent_calls_per_s']:.0f}/s", "<= 1.20x", data["concurrent_proxy_over_module"] <= 1.2),
        ("module path p50 / bare echo", _x(data["p50_ratio"]), f"echo {echo['p50_us']:.0f} us", "<= 2.00x",
         data["p50_ratio"] <= 2.0),
    ]
    same = lat.get("bare proxy -> module")
    if same is not None:  # the same work behind a bare proxy: what forwarding alone costs, and the front's share
        rows += [("module path p50 / bare proxy in front of the same module", _x(data["p50_vs_same_work_proxy"]),
                  f"proxy {same['p50_us']:.0f} us", "", None),
                 ("module path concurrent calls/s: that proxy / ours",
                  _x(data["concurrent_same_work_proxy_over_module"]),
                  f"proxy {same['concurrent_calls_per_s']:.0f}/s", "", None),
                 ("module path p50 with the main port's front / without", _x(data["front_share"]),
                  f"without {lat['-> module, no front']['p50_us']:.0f} us", "", None)]
    plain = lat.get("-> module, asyncio loop")
    if plain is not None:
        gain = plain["p50_us"] / module["p50_us"]
        rows.append(("uvloop gain, module path p50 (asyncio / uvloop)", _x(gain),
                     f"asyncio {plain['p50_us']:.0f} us", "> 1.00x", gain > 1.0))
    kills, cold = sorted(data["kill_to_serving_s"]), sorted(data["cold_start_5_modules_s"])
    single = sorted(data["baseline_single_module_start_s"])
    rows += [("module SIGKILL -> serving, max", f"{kills[-1] * 1e3:.0f} ms", "", "< 1000 ms", kills[-1] < 1.0),
             ("cold start, 5 modules all READY, median", f"{cold[len(cold) // 2] * 1e3:.0f} ms",
              f"1 module {single[len(single) // 2] * 1e3:.0f} ms", "< 2000 ms", cold[len(cold) // 2] < 2.0)]
    return rows


def rows_camera(data: dict[str, Any]) -> list[Row]:
    return [("fake camera GetImages via server / in-process render", _x(data["ratio"]),
             f"in-process {data['inprocess_per_s']:.0f}/s", ">= 0.80x", data["ratio"] >= 0.8)]


def rows_footprint(data: dict[str, Any]) -> list[Row]:
    """Idle CPU and RSS rows; an RSS row also shows the process's anonymous memory, and a module's
    baseline is the floor of any module process (a bare grpc.aio server + client, uvloop when installed)."""
    base = data["baseline"]
    floors = data.get("floors") or [base]
    anon = {f"{label}: {s['name']}": s["anon_mb"] for label, samples in data["machines"].items() for s in samples}
    rows: list[Row] = []
    for what, value, target, met in footprint_verdicts(data):
        if "CPU" in what:
            rows.append((what.replace(" idle CPU %", " idle CPU"), f"{value:.2f}%", "", target + "%", met))
            continue
        who = what.removesuffix(" RSS MB")
        floor = floors[0] if "builtin_modules." in who else base
        baseline = f"{floor['name']} {floor['rss_mb']:.1f} MB (anon {floor['anon_mb']:.1f})"
        rows.append((f"{who} RSS", f"{value:.1f} MB (anon {anon.get(who, 0.0):.1f})", baseline, target + " MB", met))
    return rows


def rows_simple(key_figures: list[tuple[str, str, str, Callable[[Any], bool] | None]]
                ) -> Callable[[dict[str, Any]], list[Row]]:
    """Rows read from top-level keys: (key, label, target text, check)."""
    def rows(data: dict[str, Any]) -> list[Row]:
        out: list[Row] = []
        for key, label, target, check in key_figures:
            value = data.get(key)
            if value is None:
                continue
            if isinstance(value, bool):
                figure = "yes" if value else "no"
            elif isinstance(value, float):
                figure = _x(value)
            else:
                figure = str(value)
            out.append((label, figure, "", target, check(value) if check else None))
        return out
    return rows


# name, script, normal args, quick args, rows, timeout
BENCHMARKS: list[tuple[str, str, list[str], list[str], Callable[[dict[str, Any]], list[Row]], float]] = [
    ("grpc", "grpc_latency.py", [], ["--calls", "1000"], rows_grpc, 600),
    ("module", "module_latency.py", [], ["--calls", "1000", "--kill-rounds", "3", "--cold-rounds", "2"],
     rows_module, 900),
    ("camera", "camera_throughput.py", [], ["--seconds", "2"], rows_camera, 300),
    ("footprint", "footprint.py", [], ["--seconds", "10"], rows_footprint, 900),
    ("grpcweb", "grpcweb_latency.py", [], ["--calls", "500"],
     rows_simple([("grpc_web_ratio", "gRPC-web p50 / h2c p50", "<= 1.50x", lambda v: v <= 1.5),
                  ("front_ratio", "h2c through the front / direct grpcio", "", None)]), 600),
    ("remote", "remote_latency.py", [], ["--calls", "500", "--session-runs", "3"],
     rows_simple([("p50_ratio_vs_echo", "remote hop p50 / bare echo", "", None)]), 600),
    ("reconfig", "reconfig_latency.py", [], ["--runs", "5"],
     rows_simple([("target_met", "config save -> READY p50 < 300 ms", "yes", lambda v: bool(v))]), 600),
]
# Benchmarks without a single headline figure: run, and reported as completed or failed.
OTHERS = [("agent_restart.py", ["--rounds", "3", "--idle-s", "2"]), ("base_ultrasonic.py", ["--seconds", "1"]),
          ("data_capture.py", ["--seconds", "2", "--mb", "5"]), ("dial_webrtc.py", ["--rounds", "3"]),
          ("drivers_hw.py", ["--seconds", "1"]), ("hardware_throughput.py", ["--seconds", "2"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter measurements (figures are noisier)")
    parser.add_argument("--only", nargs="*", help="run only these (grpc, module, camera, footprint, ...)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    started, load_before = time.time(), load()
    rows: list[Row] = []
    raw: dict[str, Any] = {}
    for name, script, normal, quick, to_rows, timeout_s in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        print(f"== {script} ...", file=sys.stderr, flush=True)
        data, output = run_json(script, quick if args.quick else normal, timeout_s)
        raw[name] = data
        if data is None:
            rows.append((f"{script}", "FAILED", "", "", False))
            print(output[-3000:], file=sys.stderr)
            continue
        try:
            rows += to_rows(data)
        except (KeyError, IndexError, TypeError, ZeroDivisionError) as exc:
            rows.append((f"{script}: unreadable result ({exc!r})", "", "", "", False))
    for script, quick in OTHERS:
        name = script.removesuffix(".py")
        if args.only and name not in args.only:
            continue
        print(f"== {script} ...", file=sys.stderr, flush=True)
        data, output = run_json(script, quick if args.quick else [], 900)
        raw[name] = data
        rows.append((f"{script} (own figures in its output)", "ran" if data is not None else "FAILED", "", "",
                     None if data is not None else False))
        if data is None:
            print(output[-3000:], file=sys.stderr)

    print(f"\nMachine: {machine_description()}")
    print(f"Load average before {load_before}, after {load()}; {time.time() - started:.0f} s"
          f"{' (--quick)' if args.quick else ''}")
    width = max(len(r[0]) for r in rows) + 2 if rows else 40
    print(f"{'benchmark':<{width}}{'figure':>12}  {'same-run baseline':<26}{'target':<12}result")
    for what, figure, baseline, target, met in rows:
        verdict = "" if met is None else ("met" if met else "NOT MET")
        print(f"{what:<{width}}{figure:>12}  {baseline:<26}{target:<12}{verdict}")
    targets = [r for r in rows if r[4] is not None]
    missed = [r for r in targets if not r[4]]
    print(f"{len(targets) - len(missed)}/{len(targets)} targets met")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine_description(), "rows": rows, "raw": raw}, indent=1))


if __name__ == "__main__":
    main()
