"""kill -9 at seeded random moments under client load: of a module (the server restarts it and
keeps serving everything else), and of the server itself (its modules die with it, nothing is
left running, and a restart on the same VIAM_HOME serves the config again with every actuator
stopped).

``VIAM_FAULT_SEED`` (default 1) picks the moments; a failure names the seed to reproduce it.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.faults.conftest import FAST_MODULE_ENV
from viam.client import DialOptions, RobotClient
from viam.components.motor import Motor
from viam.proctree import cmdline, descendants, pid_alive
from viam.robot import private_dir
from viam.testing.process import ServerProcess

SEED = int(os.environ.get("VIAM_FAULT_SEED", "1"))
FAST = DialOptions(insecure=True, refresh_interval_s=0, connect_timeout_s=5)
MOTORS = {"lmotor", "mmotor"}


def _config(module_path: str, log: Path) -> dict:
    return {
        "network": {"bind_address": "127.0.0.1:0", "web_bind_address": "off"},
        "modules": [{"name": "logmotor", "executable_path": module_path}],
        "components": [
            {"name": "lmotor", "api": "rdk:component:motor", "model": "fake",
             "attributes": {"encoder": "lenc", "ticks_per_rotation": 1}},  # GetPosition needs one
            {"name": "lenc", "api": "rdk:component:encoder", "model": "fake"},
            {"name": "mmotor", "api": "rdk:component:motor", "model": "acme:test:logmotor",
             "attributes": {"log": str(log)}},
        ],
    }


async def _wait(check, timeout_s: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            value = check()
            if asyncio.iscoroutine(value):
                value = await value
        except Exception:  # noqa: BLE001 - not there yet (a module restarting, a server starting)
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what} (seed {SEED})")
        await asyncio.sleep(0.05)


def _module_pids(server: ServerProcess) -> list[int]:
    assert server.proc is not None
    return [p for p in descendants(server.proc.pid) if pid_alive(p) and any("logmotor.py" in a for a in cmdline(p))]


async def _answers(motor: Motor) -> bool:
    await motor.get_position(timeout=5)
    return True


async def _load(robot: RobotClient, results: Counter, stop: asyncio.Event) -> None:
    """Client load on both motors until ``stop``: counts what answered and what failed, per motor."""
    local, modular = Motor.from_robot(robot, "lmotor"), Motor.from_robot(robot, "mmotor")
    while not stop.is_set():
        for name, motor in (("lmotor", local), ("mmotor", modular)):
            try:
                await motor.get_position(timeout=5)
                await motor.is_moving()
                results[f"{name} ok"] += 1
            except Exception:  # noqa: BLE001 - counted: the modular one fails while its module is down
                results[f"{name} failed"] += 1
        await asyncio.sleep(0)


@pytest.fixture
def short_tmp():
    """A short TMPDIR for the server (module socket paths must stay under 104 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="vk9-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


async def test_kill_9_of_a_module_at_random_moments_under_load(tmp_path, test_module, short_tmp):
    rng = random.Random(SEED)
    log = tmp_path / "mmotor.log"
    server = ServerProcess(_config(test_module("logmotor.py"), log), tmp_path,
                           env={**FAST_MODULE_ENV, "TMPDIR": str(short_tmp)}).start()
    robot = await RobotClient.at_address(server.address, FAST)
    results: Counter = Counter()
    stop = asyncio.Event()
    load = asyncio.ensure_future(_load(robot, results, stop))
    try:
        await _wait(lambda: _module_pids(server), what="the module process")
        # A broken save first: the kills below must leave the last good config in place.
        server.config_path.write_text('{"components": [')
        server.wait_for_line(r"config rejected; the machine keeps its last good config", 20)
        mmotor = Motor.from_robot(robot, "mmotor")
        for round_ in range(3):
            await _wait(lambda: _answers(mmotor), what="mmotor answering")
            await mmotor.set_power(0.5)
            assert await mmotor.is_moving()
            before = _module_pids(server)
            assert len(before) == 1, before
            answered = results["lmotor ok"]
            await asyncio.sleep(rng.uniform(0.0, 0.6))  # a seeded random moment, load running
            os.kill(before[0], signal.SIGKILL)
            await _wait(lambda b=before: not pid_alive(b[0]), 10, "the killed module to go")
            fresh = await _wait(lambda b=before: [p for p in _module_pids(server) if p not in b],
                                what="a restarted module")
            assert len(fresh) == 1, (fresh, SEED)

            async def motor_back() -> bool:
                return not await mmotor.is_moving()  # a new module process: not powered

            await _wait(motor_back, what=f"mmotor served again after kill {round_} (seed {SEED})")
            await _wait(lambda a=answered: results["lmotor ok"] > a + 5, what="lmotor still answering")
            # The crash is visible in the log, naming the module and the signal.
            assert any("module crashed; restarting" in line and "logmotor" in line for line in server.lines)
        stop.set()
        await asyncio.wait_for(load, 30)
        assert results["lmotor failed"] == 0, (results, SEED)  # everything else kept serving
        assert results["mmotor ok"] > 0, results
        status = await robot.get_machine_status()
        names = {s.name.name for s in status.resources}
        assert MOTORS <= names, names  # last good config kept through the kills
        config_errors = [s.error for s in status.resources if s.name.subtype == "config" and s.error]
        assert any(str(server.config_path) in e for e in config_errors), config_errors  # the bad save shows
        # The stopped events of the killed processes are not logged (SIGKILL), but the last one is powered
        # off: it answered not moving above.
        module_pid = _module_pids(server)
        assert server.stop() == 0
        assert not [p for p in module_pid if pid_alive(p)], "a module outlived the server"
    finally:
        stop.set()
        load.cancel()
        await robot.close()
        server.stop()


async def test_kill_9_of_the_server_under_load_leaves_nothing_and_restarts_clean(tmp_path, test_module, short_tmp):
    rng = random.Random(SEED * 7919)
    log = tmp_path / "mmotor.log"
    config = _config(test_module("logmotor.py"), log)
    env = {**FAST_MODULE_ENV, "TMPDIR": str(short_tmp), "VIAM_HOME": str(tmp_path / "home")}
    server = ServerProcess(config, tmp_path, name="first", env=env).start()
    again = None
    robot = await RobotClient.at_address(server.address, FAST)
    results: Counter = Counter()
    stop = asyncio.Event()
    load = asyncio.ensure_future(_load(robot, results, stop))
    try:
        await _wait(lambda: _module_pids(server), what="the module process")
        for name in MOTORS:
            await Motor.from_robot(robot, name).set_power(0.5)
        assert server.proc is not None
        started = [p for p in descendants(server.proc.pid) if pid_alive(p)]
        assert started, "no module process to watch"
        ours = [d for d in short_tmp.iterdir() if (d / private_dir.MARKER).is_file()]
        assert len(ours) == 1, ours
        await _wait(lambda: results["mmotor ok"] > 3, what="load on both motors")
        await asyncio.sleep(rng.uniform(0.0, 0.6))  # a seeded random moment, load running
        os.kill(server.proc.pid, signal.SIGKILL)  # the server alone, as the OOM killer would
        assert await asyncio.to_thread(server.proc.wait, 10) == -signal.SIGKILL
        # Nothing it started is left running (its modules die with it: parent-death signal).
        await _wait(lambda: not [p for p in started if pid_alive(p)], 10, "the server's children to exit")
        stop.set()
        load.cancel()

        # Restarted on the same home (as the agent would): the lock died with the killed server,
        # the dead server's private dir is removed, the config is served again and nothing moves.
        again = ServerProcess(config, tmp_path, name="second", env=env).start()
        assert not ours[0].exists(), "the killed server's private dir was not removed"
        fresh = await RobotClient.at_address(again.address, FAST)
        try:
            await _wait(lambda: _module_pids(again), what="the module of the restarted server")

            async def both_served() -> bool:
                await fresh.refresh()
                return MOTORS <= {n.name for n in fresh.resource_names}

            await _wait(both_served, what="both motors served after the restart")
            for name in MOTORS:
                motor = Motor.from_robot(fresh, name)
                await _wait(lambda m=motor: _answers(m), what=f"{name} answering")
                assert not await motor.is_moving(), f"{name} is powered after a restart (seed {SEED})"
        finally:
            await fresh.close()
        assert again.stop() == 0
    finally:
        stop.set()
        load.cancel()
        await robot.close()
        server.stop()
        if again is not None:
            again.stop()
