"""Benchmark: viam-server SIGKILL -> answering again, and the agent's own idle CPU and RSS.

Runs a real viam-agent under a temp root with a stand-in viam-server (a Python script, so the
figure includes Python start-up) and, as the same-run baseline, the bare start-up time of that
stand-in without the agent. Prints a table and a JSON line.

    .venv/bin/python bench/agent_restart.py [--rounds 10] [--idle-s 5]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.agent.helpers import AgentRoot, ask_server, free_port, make_server, wait_for  # noqa: E402


def proc_cpu_rss(pid: int) -> tuple[float, int]:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu_s = (int(fields[11]) + int(fields[12])) / ticks
    rss_kib = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                   if line.startswith("VmRSS:"))
    return cpu_s, rss_kib


def bare_start(tmp: Path, rounds: int) -> list[float]:
    """Baseline: start the stand-in directly and wait until it answers."""
    script = make_server(tmp / "bare-server", "bare")
    port = free_port()
    config = tmp / "bare.json"
    config.write_text(json.dumps({"network": {"bind_address": f"127.0.0.1:{port}"}}))
    times = []
    for _ in range(rounds):
        began = time.monotonic()
        proc = subprocess.Popen([str(script), "-config", str(config)], stdout=subprocess.DEVNULL)
        wait_for(lambda: ask_server(port), 10, "bare server")
        times.append(time.monotonic() - began)
        proc.terminate()
        proc.wait(5)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--idle-s", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = AgentRoot(tmp / "root", defaults={"supervisor": {"health_interval_s": 5.0}, "watchdog_interval_s": 0})
        try:
            root.install("1.0.0")
            agent = root.start()
            pid = root.wait_version("1.0.0")
            recoveries = []
            for _ in range(args.rounds):
                began = time.monotonic()
                os.kill(pid, signal.SIGKILL)
                pid = wait_for(lambda old=pid: (a := ask_server(root.port)) and a[1] != old and a[1], 10, "restart")
                recoveries.append(time.monotonic() - began)
                time.sleep(2.0)  # past stable_after_s, so every round restarts with the initial backoff
            time.sleep(1.0)
            cpu0, _ = proc_cpu_rss(agent.pid)
            time.sleep(args.idle_s)
            cpu1, rss = proc_cpu_rss(agent.pid)
            root.stop(agent)
        finally:
            root.cleanup()
        baseline = bare_start(tmp, args.rounds)
    figures = {
        "sigkill_to_answering_s_median": statistics.median(recoveries),
        "sigkill_to_answering_s_max": max(recoveries),
        "baseline_bare_start_s_median": statistics.median(baseline),
        "agent_idle_cpu_percent": 100 * (cpu1 - cpu0) / args.idle_s,
        "agent_rss_mib": rss / 1024,
        "rounds": args.rounds,
    }
    print(f"{'figure':40} {'value':>10}")
    for key, value in figures.items():
        print(f"{key:40} {value:>10.3f}" if isinstance(value, float) else f"{key:40} {value:>10}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
