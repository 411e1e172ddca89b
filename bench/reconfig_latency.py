"""Reconfiguration latency: config save -> new resource READY, and diff cost at 200 resources.

Runs an in-process machine with the real file watcher and package step (same code path as
viam-server). Prints a table and a JSON line. Same-run baselines: ``apply_config`` called
directly (no file, no watcher) for the save latency; a 1-resource config and an all-changed
200-resource config for the diff cost.

    .venv/bin/python bench/reconfig_latency.py [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from viam.config.loader import load_config_file, parse_config
from viam.packages import PackageManager
from viam.resource.names import API, ResourceName
from viam.robot.machine import Machine
from viam.robot.manager import NodeState
from viam.robot.reconfigure import Reconfigurer

MOTOR = API("rdk", "component", "motor")


def motors(count: int, changed: str = "", delta: float = 0, rpm: float = 100) -> dict[str, Any]:
    """``count`` fake motors; ``changed`` gets ``max_rpm`` moved by ``delta``."""
    components = [{"name": f"m{i}", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
                   "attributes": {"max_rpm": rpm + (delta if f"m{i}" == changed else 0)}} for i in range(count)]
    return {"components": components, "network": {"bind_address": "127.0.0.1:0"}}


async def wait_ready(machine: Machine, name: str, timeout_s: float = 10) -> None:
    node_name = ResourceName(MOTOR, name)
    deadline = time.perf_counter() + timeout_s
    while True:
        node = machine.manager.nodes.get(node_name)
        if node is not None and node.state == NodeState.READY:
            return
        if time.perf_counter() > deadline:
            raise TimeoutError(name)
        await asyncio.sleep(0.001)


async def save_to_ready(workdir: Path, runs: int) -> tuple[list[float], list[float]]:
    path = workdir / "config.json"
    base = motors(1)
    path.write_text(json.dumps(base))
    machine = Machine(load_config_file(path))
    reconfigurer = Reconfigurer(machine, path, packages=PackageManager(workdir / "home"))
    await machine.start()
    await reconfigurer.start()
    await machine.wait_running(30)
    saves, direct = [], []
    try:
        for run in range(runs):
            config = motors(1)
            config["components"].append({**config["components"][0], "name": f"new{run}"})
            started = time.perf_counter()
            path.write_text(json.dumps(config))
            await wait_ready(machine, f"new{run}")
            saves.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
        for run in range(runs):  # baseline: the apply alone
            config = motors(1)
            config["components"].append({**config["components"][0], "name": f"direct{run}"})
            parsed = parse_config(config, "bench")
            started = time.perf_counter()
            await machine.apply_config(parsed)
            await wait_ready(machine, f"direct{run}")
            direct.append(time.perf_counter() - started)
    finally:
        await reconfigurer.close()
        await machine.close(grace_s=0.1)
    return saves, direct


async def diff_cost(count: int, runs: int, all_changed: bool = False) -> list[float]:
    machine = Machine(parse_config(motors(count), "bench"))
    await machine.start()
    await machine.wait_running(60)
    times = []
    try:
        for run in range(runs):
            if all_changed:
                config = motors(count, rpm=100 + run + 1)
            else:
                config = motors(count, changed=f"m{count // 2}", delta=run % 2 + 1)
            parsed = parse_config(config, "bench")
            started = time.perf_counter()
            await machine.apply_config(parsed)
            times.append(time.perf_counter() - started)
    finally:
        await machine.close(grace_s=0.1)
    return times


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 2),
            "max_ms": round(ordered[-1] * 1000, 2), "n": len(ordered)}


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        saves, direct = await save_to_ready(Path(tmp), args.runs)
    results = {
        "save_to_ready": summary(saves),
        "baseline_apply_only": summary(direct),
        "reconfig_200_one_changed": summary(await diff_cost(200, args.runs)),
        "baseline_1_one_changed": summary(await diff_cost(1, args.runs)),
        "baseline_200_all_changed": summary(await diff_cost(200, max(3, args.runs // 4), all_changed=True)),
    }
    print(f"{'measure':<28}{'p50 ms':>10}{'p90 ms':>10}{'max ms':>10}{'n':>5}")
    for name, row in results.items():
        print(f"{name:<28}{row['p50_ms']:>10}{row['p90_ms']:>10}{row['max_ms']:>10}{row['n']:>5}")
    target = results["save_to_ready"]["p50_ms"] < 300
    print(f"target save->READY p50 < 300 ms: {'met' if target else 'MISSED'}")
    print(json.dumps({"bench": "reconfig_latency", **results, "target_met": target}))


if __name__ == "__main__":
    asyncio.run(main())
