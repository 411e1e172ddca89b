"""The viam-server executable: start, serve, shut down cleanly on signals, TLS."""

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from viam.client import DialOptions, RobotClient
from viam.components.motor import Motor
from viam.testing.process import ServerProcess

CONFIG = {"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "fake"}]}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_closes_resources_and_exits_zero(tmp_path, signum):
    server = ServerProcess(CONFIG, tmp_path, args=["-debug"]).start()
    server.wait_for_line(r"machine running")
    os.kill(server.proc.pid, signum)
    assert server.proc.wait(15) == 0
    server.wait_for_line(r"machine closed")
    assert any("DEBUG" in line for line in server.lines), "-debug enables debug logs"
    server.stop()


def test_resource_logs_name_the_resource(tmp_path):
    with ServerProcess(CONFIG, tmp_path) as server:
        line = server.wait_for_line(r"\bready\b.*resource=rdk:component:motor/motor1")
        assert "model=rdk:builtin:fake" in line


def test_missing_config_file_exits_with_a_clear_error(tmp_path):
    missing = tmp_path / "nope.json"
    proc = subprocess.run([sys.executable, "-m", "viam.cli.server", "-config", str(missing)],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert f"{missing}: cannot read config file" in proc.stderr


def make_self_signed(cert, key):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command (Debian package openssl)")
async def test_tls_when_certificate_configured(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    make_self_signed(cert, key)
    config = json.loads(json.dumps(CONFIG))
    config["network"] = {"bind_address": "127.0.0.1:0", "tls_cert_file": str(cert), "tls_key_file": str(key)}
    with ServerProcess(config, tmp_path) as server:
        assert "tls=True" in server.wait_for_line("serving")
        options = DialOptions(insecure=False, tls_ca=cert.read_bytes(), tls_server_name="localhost",
                              refresh_interval_s=0)
        robot = await RobotClient.at_address(server.address, options)
        try:
            await Motor.from_robot(robot, "motor1").set_power(0.2)
            assert await Motor.from_robot(robot, "motor1").is_moving()
        finally:
            await robot.close()
        plain = DialOptions(insecure=True, refresh_interval_s=0, connect_timeout_s=1)
        with pytest.raises((asyncio.TimeoutError, TimeoutError, Exception)):
            await RobotClient.at_address(server.address, plain)
