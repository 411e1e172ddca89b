"""The machine-level API (RobotService) through the official viam-sdk RobotClient."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from tests.sdk_compat.conftest import run_compat_script

FAKE_ROBOT = json.loads((Path(__file__).resolve().parents[2] / "examples" / "fake-robot.json").read_text())


FRAMES = {
    "motor1": {"parent": "world", "translation": {"x": 100, "y": 0, "z": 0},
               "orientation": {"type": "ov_degrees", "value": {"x": 0, "y": 0, "z": 1, "th": 90}}},
    "camera1": {"parent": "motor1", "translation": {"x": 0, "y": 50, "z": 0}},
}


def fake_robot(bind_address: str = "127.0.0.1:0", frames: bool = False) -> dict:
    components = [{**c, "frame": FRAMES[c["name"]]} if frames and c["name"] in FRAMES else c
                  for c in FAKE_ROBOT["components"]]
    return {**FAKE_ROBOT, "components": components, "network": {"bind_address": bind_address}}


def test_robot_api(viam_server, viam_sdk_python):
    server = viam_server(fake_robot(frames=True))
    assert run_compat_script(viam_sdk_python, "robot_api.py", server.address).strip().endswith("ok")
    assert run_compat_script(viam_sdk_python, "frames.py", server.address).strip().endswith("ok")
    # The SDK's log call lands in the server's log with the logger name it gave.
    server.wait_for_line(r"hello from the official sdk.*logger_name=compat-script")
    # Nothing fell through to a generated servicer stub (grpc logs those with a traceback).
    assert not [line for line in server.lines if "NotImplementedError" in line]


def test_shutdown_rpc_stops_the_server(viam_server, viam_sdk_python):
    server = viam_server(fake_robot())
    assert run_compat_script(viam_sdk_python, "shutdown.py", server.address).strip().endswith("ok")
    assert server.proc is not None
    assert server.proc.wait(30) == 0


def test_client_reconnects_after_server_restart(viam_server, viam_sdk_python, tmp_path):
    first = viam_server(fake_robot(), name="first")
    flag = tmp_path / "restart-now"
    script = Path(__file__).parent / "scripts" / "reconnect.py"
    client = subprocess.Popen([str(viam_sdk_python), str(script), first.address, str(flag)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert client.poll() is None, client.communicate()[0]
            assert time.monotonic() < deadline, "client never read the sensor"
            time.sleep(0.05)
        first.stop()
        viam_server(fake_robot(first.address), name="second")
        flag.unlink()
        out, _ = client.communicate(timeout=60)
        assert client.returncode == 0 and out.strip().endswith("ok"), out
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
