"""viam-server with a ``cloud`` section against a real viam-app-lite: sync, cache, offline boot, crashes."""

from __future__ import annotations

import json
import os
import signal
import stat
import time
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.cloud.lite import LiteProcess, machine_config, publish, thermo_module_archive
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.packages import PackageCache, PackageRef

PART, SECRET = "part-1", "s3cret"
READY = robot_pb2.ResourceStatus.STATE_READY
MOTOR = {"name": "m1", "api": "rdk:component:motor", "model": "rdk:builtin:fake"}
THERMO_MODULE = {"name": "thermo", "type": "registry", "module_id": "acme:thermo", "version": "1.0.0"}
SENSOR = {"name": "t1", "api": "rdk:component:sensor", "model": "acme:test:thermo", "attributes": {"temp": 21}}
ENV = {"VIAM_PACKAGE_RETRY_S": "0.5", "VIAM_CLOUD_INITIAL_WAIT_S": "5"}


def status(address: str) -> robot_pb2.GetMachineStatusResponse:
    with grpc.insecure_channel(address) as channel:
        return robot_pb2_grpc.RobotServiceStub(channel).GetMachineStatus(robot_pb2.GetMachineStatusRequest(),
                                                                         timeout=5)


def wait_ready(address: str, names: set[str], timeout_s: float = 30) -> robot_pb2.GetMachineStatusResponse:
    deadline = time.monotonic() + timeout_s
    while True:
        current = status(address)
        ready = {s.name.name for s in current.resources if s.state == READY}
        if names <= ready:
            return current
        if time.monotonic() > deadline:
            raise AssertionError(f"not ready: {names - ready}; status: {current}")
        time.sleep(0.1)


def boot_file(tmp_path: Path, lite: LiteProcess, **cloud: Any) -> Path:
    path = tmp_path / "viam.json"
    path.write_text(json.dumps({"cloud": {"id": PART, "secret": SECRET, "app_address": lite.app_address,
                                          "refresh_interval": "0.3s", **cloud},
                                "network": {"bind_address": "127.0.0.1:0"}}))
    return path


@pytest.fixture
def app(tmp_path: Path):
    servers: list[LiteProcess] = []

    def start(throttle_bps: int = 0) -> LiteProcess:
        (tmp_path / "app").mkdir(exist_ok=True)
        server = LiteProcess(tmp_path / "app", throttle_bps=throttle_bps)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def test_cloud_config_module_package_cache_and_offline_boot(tmp_path: Path, app, viam_server) -> None:
    lite = app()
    publish(lite.data, "acme/thermo", "1.0.0", thermo_module_archive())
    machine_config(lite.data, PART, SECRET, {"components": [MOTOR, SENSOR], "modules": [THERMO_MODULE]})
    config_path = boot_file(tmp_path, lite)

    server = viam_server(config_path, env=ENV)
    wait_ready(server.address, {"m1", "t1"})
    cached = Path(server.env["VIAM_HOME"]) / f"cached_cloud_config_{PART}.json"
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    assert json.loads(cached.read_text())["components"][0]["name"] == "m1"
    assert len(lite.downloads()) == 1

    # a change made in the app is applied within the refresh interval
    machine_config(lite.data, PART, SECRET, {"components": [MOTOR, {**MOTOR, "name": "m2"}, SENSOR],
                                             "modules": [THERMO_MODULE]})
    wait_ready(server.address, {"m1", "m2", "t1"}, timeout_s=10)
    assert server.stop() == 0

    # second start with the app up: nothing is downloaded again
    server = viam_server(config_path, env=ENV, name="second")
    wait_ready(server.address, {"m1", "m2", "t1"})
    assert len(lite.downloads()) == 1, "a cached package was downloaded again"
    assert not [line for line in server.lines if "GetPackage" in line or "downloaded package" in line]
    assert server.stop() == 0

    # the app is gone (network off): the warm cache brings everything up
    lite.stop()
    server = viam_server(config_path, env=ENV, name="offline")
    wait_ready(server.address, {"m1", "m2", "t1"}, timeout_s=20)
    assert any("booting from cached cloud config" in line for line in server.lines)


def test_kill_9_during_download_leaves_a_consistent_cache(tmp_path: Path, app, viam_server) -> None:
    lite = app(throttle_bps=300_000)
    publish(lite.data, "acme/thermo", "1.0.0", thermo_module_archive(padding=900_000))
    machine_config(lite.data, PART, SECRET, {"components": [SENSOR], "modules": [THERMO_MODULE]})
    config_path = boot_file(tmp_path, lite)
    server = viam_server(config_path, env=ENV, wait_running=False)  # killed mid-download
    lite.wait_for_download()
    time.sleep(0.5)
    assert server.proc is not None
    os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait()

    cache = PackageCache(Path(server.env["VIAM_HOME"]) / "packages")
    ref = PackageRef("acme/thermo", "1.0.0", "module")
    assert cache.lookup(ref) is None, "a half-downloaded package is trusted"
    assert not cache.dir_for(ref).exists()

    lite.stop()
    lite.throttle_bps = 0
    lite.start()
    server = viam_server(config_path, env=ENV, name="restarted")
    wait_ready(server.address, {"t1"})
    assert cache.lookup(ref) is not None
    assert any("from_byte=" in line and "from_byte=0" not in line for line in lite.downloads()), \
        "the download did not resume"
    assert not cache.partial_path(ref).exists()


def test_app_down_at_first_boot_then_reachable(tmp_path: Path, app, viam_server) -> None:
    lite = app()
    machine_config(lite.data, PART, SECRET, {"components": [MOTOR]})
    lite.stop()  # no cache and no app: the machine starts empty and keeps polling
    config_path = boot_file(tmp_path, lite)
    server = viam_server(config_path, env={**ENV, "VIAM_CLOUD_INITIAL_WAIT_S": "0.2"})
    assert status(server.address).resources == []
    lite.start()
    wait_ready(server.address, {"m1"}, timeout_s=15)


def test_wrong_secret_is_reported_and_machine_serves(tmp_path: Path, app, viam_server) -> None:
    lite = app()
    machine_config(lite.data, PART, SECRET, {"components": [MOTOR]})
    server = viam_server(boot_file(tmp_path, lite, secret="wrong"), env=ENV)
    server.wait_for_line("UNAUTHENTICATED", timeout_s=10)
    assert status(server.address).resources == []
