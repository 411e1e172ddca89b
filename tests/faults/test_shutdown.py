"""Stop first: SIGINT/SIGTERM stops every actuator (local, modular, remote) within a second,
whatever streams and calls are open, then tears down in order and exits."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import time
from datetime import UTC, datetime

import pytest

from tests.faults.conftest import FAST_MODULE_ENV
from viam.client import DialOptions, RobotClient
from viam.components.motor import Motor
from viam.testing.process import ServerProcess

FAST = DialOptions(insecure=True, refresh_interval_s=0, connect_timeout_s=5)


def _open_mjpeg(port: int) -> socket.socket:
    """An MJPEG viewer that reads the first frame, then stalls (a background browser tab)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    # A Host naming this machine: the page refuses others (DNS-rebinding defence, docs/security.md).
    sock.sendall(f"GET /api/cameras/camera1/stream.mjpeg HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    seen = b""
    while b"Content-Type: image/jpeg" not in seen:
        chunk = sock.recv(65536)
        assert chunk, "the stream closed before its first frame"
        seen += chunk
    return sock


def _stamp(line: str) -> float:
    """The epoch seconds of a server log line (``2026-12-01T22:13:47.399Z ...``)."""
    match = re.search(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z", line)
    assert match, line
    return datetime.fromisoformat(match[1]).replace(tzinfo=UTC).timestamp()


def _events(path) -> list[tuple[str, float, float]]:
    if not path.exists():
        return []
    return [(e, float(t), float(p)) for e, t, p in (line.split() for line in path.read_text().splitlines())]


async def _wait(check, timeout_s: float = 10.0):
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_signal_stops_every_actuator_first_with_streams_open(tmp_path, test_module, signum):
    remote = ServerProcess({"components": [{"name": "rmotor", "api": "rdk:component:motor", "model": "fake"}]},
                           tmp_path, name="remote").start()
    log = tmp_path / "mmotor.log"
    config = {
        "network": {"bind_address": "127.0.0.1:0", "web_bind_address": "127.0.0.1:0"},
        "modules": [{"name": "logmotor", "executable_path": test_module("logmotor.py")}],
        "remotes": [{"name": "r", "address": remote.address, "insecure": True}],
        "components": [
            {"name": "camera1", "api": "rdk:component:camera", "model": "fake"},
            {"name": "lmotor", "api": "rdk:component:motor", "model": "fake"},
            {"name": "mmotor", "api": "rdk:component:motor", "model": "acme:test:logmotor",
             "attributes": {"log": str(log)}},
        ],
    }
    server = ServerProcess(config, tmp_path, env=FAST_MODULE_ENV).start()
    viewer = None
    robot = await RobotClient.at_address(server.address, FAST)
    try:
        web_port = int(re.search(r"web serving address=\S+:(\d+)", server.wait_for_line("web serving"))[1])
        async def all_listed() -> bool:
            await robot.refresh()
            return {"lmotor", "mmotor", "rmotor"} <= {n.name for n in robot.resource_names}

        await _wait(all_listed)
        for name in ("lmotor", "mmotor", "rmotor"):
            await Motor.from_robot(robot, name).set_power(0.5)
        far = await RobotClient.at_address(remote.address, FAST)
        assert await Motor.from_robot(far, "rmotor").is_moving()
        # Open calls and streams: a long GoFor in flight, a stalled MJPEG viewer.
        go_for = asyncio.ensure_future(Motor.from_robot(robot, "lmotor").go_for(10, 1000))
        viewer = await asyncio.to_thread(_open_mjpeg, web_port)
        await asyncio.sleep(0.2)  # let GoFor reach the server (nothing depends on it being there)

        sent_at = time.time()
        os.kill(server.proc.pid, signum)
        stops = await _wait(lambda: [t for e, t, _ in _events(log) if e == "stop"], 5)
        # Within 1 s of the server handling the signal (its own log stamp; on a loaded CI machine
        # the signal itself can wait to be scheduled), and soon after it was sent.
        handled = _stamp(server.wait_for_line(r"shutting down signal=", 5))
        assert stops[0] - handled < 1.0, f"modular motor stopped {stops[0] - handled:.2f}s after the signal"
        assert stops[0] - sent_at < 3.0, f"modular motor stopped {stops[0] - sent_at:.2f}s after the signal was sent"
        # All actuators are stopped in parallel: the remote one may answer a moment after the modular one.
        async def remote_stopped() -> bool:
            return not await Motor.from_robot(far, "rmotor").is_moving()

        await _wait(remote_stopped, 2)
        line = server.wait_for_line(r"actuators stopped", 5)
        assert "errors" not in line and "actuators=3" in line, line
        assert float(re.search(r"seconds=([\d.]+)", line)[1]) < 1.0, line
        # No new calls are answered once shutdown has started.
        with pytest.raises(Exception):  # noqa: B017, PT011 - any failure to connect will do
            await RobotClient.at_address(server.address, DialOptions(insecure=True, refresh_interval_s=0,
                                                                     connect_timeout_s=1))
        assert await asyncio.to_thread(server.proc.wait, 20) == 0
        assert time.time() - sent_at < 15
        server.wait_for_line(r"machine closed")
        assert not any("machine closed with errors" in line for line in server.lines)
        assert "close" in [e for e, _, _ in _events(log)], "the modular motor was not removed (RemoveResource)"
        # The GoFor in flight ended (stopped, or cut by the listener), not left hanging.
        await asyncio.wait({go_for}, timeout=5)
        assert go_for.done()
        await far.close()
    finally:
        if viewer is not None:
            viewer.close()
        await robot.close()
        server.stop()
        remote.stop()
