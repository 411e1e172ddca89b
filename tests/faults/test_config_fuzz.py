"""Seeded config-mutation fuzzing against a running machine (real gRPC server, real reloader).

Each case saves a mutated config and asserts: the reload neither raises nor hangs; the machine
still answers GetMachineStatus; a rejected file keeps the last good config and shows its error;
an applied file accounts for every list entry (built, or a GetMachineStatus error naming the
file and the entry's JSON path: nothing is silently dropped).

``VIAM_FUZZ_CASES`` (default 300) and ``VIAM_FUZZ_SEED`` (default 1) reproduce or widen a run:
    VIAM_FUZZ_CASES=2000 VIAM_FUZZ_SEED=7 .venv/bin/python -m pytest tests/faults/test_config_fuzz.py
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import random
from pathlib import Path
from typing import Any

import grpc

from viam.config.loader import load_config_file
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.packages import PackageManager
from viam.robot.machine import Machine
from viam.robot.reconfigure import Reconfigurer

CASES = int(os.environ.get("VIAM_FUZZ_CASES", "300"))
SEED = int(os.environ.get("VIAM_FUZZ_SEED", "1"))
SECTIONS = ("components", "services", "modules", "remotes", "packages")

BASE: dict[str, Any] = {
    "network": {"bind_address": "127.0.0.1:0", "web_bind_address": "off"},
    "components": [
        {"name": "m1", "api": "rdk:component:motor", "model": "rdk:builtin:fake", "attributes": {"max_rpm": 100}},
        {"name": "m2", "api": "rdk:component:motor", "model": "fake", "depends_on": ["s1"]},
        {"name": "s1", "api": "rdk:component:sensor", "model": "fake"},
        {"name": "cam", "api": "rdk:component:camera", "model": "fake", "attributes": {"width": 64, "height": 48}},
        {"name": "g", "api": "rdk:component:generic", "model": "fake", "frame": {"parent": "world"}},
    ],
    "services": [{"name": "gs", "api": "rdk:service:generic", "model": "fake"}],
    "modules": [{"name": "gone", "executable_path": "/nonexistent/module"}],
    "remotes": [{"name": "r", "address": "127.0.0.1:1", "insecure": True}],
    "packages": [{"name": "p", "package": "acme/p", "version": "1", "type": "ml_model",
                  "url": "http://127.0.0.1:1/p.tar.gz"}],
}

ODD_VALUES: list[Any] = [
    None, True, 0, -1, 1.5, 10**400, float("inf"), "", "x", "fast", "../x", "/abs", [], [1, "a"], {}, {"a": 1},
    "é" * 3, 2**63, -(2**63) - 1,
]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _get(value: Any, path: tuple) -> Any:
    for key in path:
        value = value[key]
    return value


def _deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def mutate(rng: random.Random, config: dict[str, Any]) -> dict[str, Any]:
    """One to three random edits of ``config`` (copied)."""
    config = copy.deepcopy(config)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _paths(config) if p and p[0] != "network"]
        path = rng.choice(paths)
        parent = _get(config, path[:-1])
        key = path[-1]
        op = rng.randrange(8)
        if op == 0:  # delete
            del parent[key]
        elif op == 1:  # odd value
            parent[key] = rng.choice(ODD_VALUES)
        elif op == 2 and isinstance(parent, list):  # duplicate an entry (duplicate names)
            parent.append(copy.deepcopy(parent[key]))
        elif op == 3:  # an entry replaced by a string / a list
            parent[key] = rng.choice(["just a string", ["a", "list"], 42])
        elif op == 4:  # unknown key
            if isinstance(parent[key], dict):
                parent[key][f"unknown_{rng.randrange(100)}"] = rng.choice(ODD_VALUES)
        elif op == 5:  # deep nesting
            parent[key] = _deep(rng.choice([3, 40, 70, 200]))
        elif op == 6 and isinstance(parent, dict) and key == "name":  # rename onto another entry
            parent[key] = rng.choice(["m1", "s1", "r", "gone", "p", 7, None])
        else:  # swap a section for another shape
            section = rng.choice(SECTIONS)
            config[section] = rng.choice([{"a": 1}, "x", None, [], config.get(section)])
    return config


def encode(rng: random.Random, config: dict[str, Any]) -> bytes:
    data = json.dumps(config, allow_nan=True).encode()
    roll = rng.random()
    if roll < 0.05:
        return data[: rng.randrange(len(data))]  # a save cut short
    if roll < 0.08:
        return data.replace(b"100", b"9" * 5000, 1)  # a number of over 4300 digits
    if roll < 0.10:
        return b"\xff\xfe" + data  # not UTF-8
    return data


def _entry_shown(section: str, index: int, config: Any, status: robot_pb2.GetMachineStatusResponse,
                 source: str) -> bool:
    path = f"{section}[{index}]"
    accepted = getattr(config, section, [])
    if any(getattr(entry, "json_path", "") == path for entry in accepted):
        return True
    return any(r.error and source in r.error and (f"{path}:" in r.error or f"{path}." in r.error)
               for r in status.resources) or any(m.error and path in m.error for m in status.modules)


async def test_config_mutations_never_crash_hang_or_vanish(tmp_path: Path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(BASE))
    machine = Machine(load_config_file(path))
    reconfigurer = Reconfigurer(machine, path, packages=PackageManager(tmp_path / "home"))
    await machine.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}")
    stub = robot_pb2_grpc.RobotServiceStub(channel)
    rng = random.Random(SEED)
    try:
        await machine.wait_running(30)
        current = BASE
        for case in range(CASES):
            candidate = mutate(rng, current)
            data = encode(rng, candidate)
            before = machine.config.revision
            path.write_bytes(data)
            where = f"case {case} (seed {SEED}): {data[:300]!r}"
            try:
                await asyncio.wait_for(reconfigurer.reload(), 15)
            except TimeoutError:
                raise AssertionError(f"reload hung on {where}") from None
            status = await stub.GetMachineStatus(robot_pb2.GetMachineStatusRequest(), timeout=10)
            if reconfigurer.error:  # the whole file was rejected: last good config kept, error shown
                assert machine.config.revision == before, where
                assert any(reconfigurer.error == r.error for r in status.resources), where
                assert str(path) in reconfigurer.error, f"{reconfigurer.error} ({where})"
                continue
            raw = json.loads(data.decode("utf-8-sig"))
            for section in SECTIONS:
                entries = raw.get(section)
                for index in range(len(entries) if isinstance(entries, list) else 0):
                    assert _entry_shown(section, index, machine.config, status, str(path)), (
                        f"{section}[{index}] vanished silently: {where}\n{[r.error for r in status.resources]}")
            # Walk on from valid configs (sometimes back to the base) so later mutations compound.
            current = candidate if rng.random() < 0.5 and not machine.config.errors else BASE
    finally:
        await channel.close()
        await reconfigurer.close()
        await machine.close(grace_s=0.1)
