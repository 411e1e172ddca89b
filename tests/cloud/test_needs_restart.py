"""The app's Restart button and the maintenance window, seen from viam-server (real child, real app-lite).

viam-server asks ``RobotService/NeedsRestart`` itself unless the agent says it does
(``VIAM_AGENT_HANDLES_NEEDS_RESTART_CHECKING``), as the reference's server; ``/restart_status``
answers ``restart_allowed`` from the ``maintenance`` sensor.
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

from tests.cloud.lite import LiteProcess, machine_config
from tests.cloud.test_cloud_sync import ENV, MOTOR, PART, SECRET, boot_file, wait_ready

GATE = {"name": "gate", "api": "rdk:component:sensor", "model": "rdk:builtin:fake",
        "attributes": {"readings": {"ok_to_restart": False}}}


def restart_status(address: str) -> dict:
    with urllib.request.urlopen(f"http://{address}/restart_status", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("application/json")
        return json.loads(response.read())


def test_server_restarts_when_the_app_asks(tmp_path: Path, viam_server) -> None:
    (tmp_path / "app").mkdir()
    lite = LiteProcess(tmp_path / "app", args=["--restart-check-interval", "1"]).start()
    try:
        machine_config(lite.data, PART, SECRET, {"components": [MOTOR]})
        server = viam_server(boot_file(tmp_path, lite), env=ENV)
        wait_ready(server.address, {"m1"})
        server.wait_for_line("no agent checks NeedsRestart; this server asks the app itself")
        assert server.proc is not None and server.proc.poll() is None
        (lite.data / "restart").mkdir()
        (lite.data / "restart" / PART).touch()  # the Restart button
        assert server.proc.wait(30) == 0
        assert any("the app asked for a restart" in line for line in server.lines)
        assert not (lite.data / "restart" / PART).exists()  # answered once
    finally:
        lite.stop()


def test_server_leaves_needs_restart_to_the_agent_when_told(tmp_path: Path, viam_server) -> None:
    (tmp_path / "app").mkdir()
    lite = LiteProcess(tmp_path / "app", args=["--restart-check-interval", "1", "--debug"]).start()
    try:
        machine_config(lite.data, PART, SECRET, {"components": [MOTOR]})
        (lite.data / "restart").mkdir()
        (lite.data / "restart" / PART).touch()
        server = viam_server(boot_file(tmp_path, lite),
                             env={**ENV, "VIAM_AGENT_HANDLES_NEEDS_RESTART_CHECKING": "true"})
        wait_ready(server.address, {"m1"})
        server.wait_for_line("viam-agent checks NeedsRestart for this server")
        # A negative: the server's own first check would come after 5 s; give it 8 s of config
        # polls (seen at the app) and make sure nobody asked.
        started = time.monotonic()
        while time.monotonic() - started < 8:
            assert server.proc is not None and server.proc.poll() is None
            time.sleep(0.2)
        assert sum("config served" in line for line in lite.lines) >= 3
        assert not any("NeedsRestart" in line for line in lite.lines)
        assert (lite.data / "restart" / PART).exists()
    finally:
        lite.stop()


def test_restart_status_follows_the_maintenance_sensor(tmp_path: Path, viam_server) -> None:
    config = {"components": [GATE],
              "maintenance": {"sensor_name": "rdk:component:sensor/gate", "maintenance_allowed_key": "ok_to_restart"}}
    server = viam_server(config)
    assert restart_status(server.address) == {"restart_allowed": False, "does_not_handle_needs_restart": True}

    config["components"][0]["attributes"]["readings"]["ok_to_restart"] = True
    server.config_path.write_text(json.dumps({**config, "network": {"bind_address": server.address}}))
    deadline = time.monotonic() + 20
    while not restart_status(server.address)["restart_allowed"]:
        assert time.monotonic() < deadline, "restart_allowed never followed the sensor"
        time.sleep(0.1)

    # A key the sensor does not report forbids; a sensor not on the machine allows (as the reference).
    for maintenance, allowed in (({"sensor_name": "rdk:component:sensor/gate", "maintenance_allowed_key": "x"}, False),
                                 ({"sensor_name": "rdk:component:sensor/nope", "maintenance_allowed_key": "x"}, True),
                                 ({"sensor_name": "gate", "maintenance_allowed_key": "ok_to_restart"}, True)):
        server.config_path.write_text(json.dumps({**config, "maintenance": maintenance,
                                                  "network": {"bind_address": server.address}}))
        deadline = time.monotonic() + 20
        while restart_status(server.address)["restart_allowed"] is not allowed:
            assert time.monotonic() < deadline, f"restart_allowed != {allowed} for {maintenance}"
            time.sleep(0.1)
