"""A real viam-server child: file edits seen by the official SDK, SIGHUP, broken saves."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import grpc

from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc

HERE = Path(__file__).resolve().parent


def motor(name: str, **attributes: object) -> dict[str, object]:
    return {"name": name, "api": "rdk:component:motor", "model": "rdk:builtin:fake", "attributes": attributes}


def save(path: Path, config: dict[str, object]) -> None:
    path.write_text(json.dumps({**config, "network": {"bind_address": "127.0.0.1:0"}}))


def status(address: str) -> robot_pb2.GetMachineStatusResponse:
    with grpc.insecure_channel(address) as channel:
        return robot_pb2_grpc.RobotServiceStub(channel).GetMachineStatus(robot_pb2.GetMachineStatusRequest(),
                                                                         timeout=5)


def test_official_sdk_sees_edits_and_unchanged_motor_stays_powered(viam_server, viam_sdk_python) -> None:
    server = viam_server({"components": [motor("motor1"), motor("old")]})
    proc = subprocess.Popen([str(viam_sdk_python), str(HERE / "sdk_watch_reconfig.py"), server.address],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.strip() == "powered", first + proc.stdout.read()
        save(server.config_path, {"components": [motor("motor1"), motor("lift", max_rpm=60)]})
        output, _ = proc.communicate(timeout=40)
        assert proc.returncode == 0 and "ok" in output, output
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_sighup_rereads_and_broken_save_is_reported(viam_server) -> None:
    server = viam_server({"components": [motor("a")]}, env={"VIAM_CONFIG_DEBOUNCE_MS": "500"})
    server.wait_for_line("config applied", timeout_s=15)
    assert server.proc is not None
    server.proc.send_signal(signal.SIGHUP)
    server.wait_for_line("re-reading config", timeout_s=30)  # generous: a loaded machine

    good = status(server.address).config.revision
    server.config_path.write_text('{"components": [')
    deadline = time.monotonic() + 30
    while True:
        current = status(server.address)
        problems = [s for s in current.resources if s.name.subtype == "config"]
        if problems or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert problems and "invalid JSON" in problems[0].error
    assert current.config.revision == good
    assert [s.name.name for s in current.resources if s.state == robot_pb2.ResourceStatus.STATE_READY] == ["a"]
