"""viam-server's flags: the reference's names and forms (one or two dashes, ``-flag=value``)."""

import json
import shutil
import socket
import subprocess
import sys

import pytest

from tests.core.test_server_process import make_self_signed
from viam.cli.server import parse_args
from viam.client import DialOptions, RobotClient
from viam.components.motor import Motor
from viam.testing.process import ServerProcess

CONFIG = {"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "fake"}]}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "viam.cli.server", *args], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("flag", ["-help", "--help", "-h"])
def test_help_lists_the_flags(flag):
    proc = run_cli(flag)
    assert proc.returncode == 0, proc.stderr
    for name in ("-config", "-debug", "-log-file", "-no-tls", "-disable-mdns", "-webrtc", "-version"):
        assert name in proc.stdout


@pytest.mark.parametrize("flag", ["-version", "--version", "-version=true"])
def test_version(flag):
    proc = run_cli(flag)
    assert proc.returncode == 0
    assert proc.stdout.startswith("viam-server ")


def test_go_style_forms():
    args = parse_args(["--config=/x.json", "-debug=false", "-webrtc=false", "-no-tls", "-disable-mdns"])
    assert (args.config, args.debug, args.webrtc, args.no_tls, args.disable_mdns) == ("/x.json", False, False,
                                                                                       True, True)
    assert parse_args(["-config", "/y.json", "--debug"]).debug is True
    with pytest.raises(SystemExit):
        parse_args(["-config", "/y.json", "-debug=maybe"])


def test_config_is_required_and_abbreviations_are_not_taken():
    proc = run_cli("-debug")
    assert proc.returncode == 2
    assert "-config flag is required" in proc.stderr
    assert run_cli("-conf", "/x.json").returncode == 2, "Go's flag package takes no abbreviations"


def test_log_file_gets_the_log_and_unsupported_flags_say_so(tmp_path):
    log_file = tmp_path / "server.log"
    with ServerProcess(CONFIG, tmp_path, args=["-log-file", str(log_file), "-disable-mdns", "-ftdc=false"]) as server:
        warning = server.wait_for_line(r"flag -disable-mdns is accepted but has no effect here")
        assert "WARNING" in warning
        server.wait_for_line(r"machine running")
    text = log_file.read_text()
    assert "machine running" in text and "serving address=" in text


def test_unwritable_log_file_is_a_clear_error(tmp_path):
    proc = run_cli("-config", str(tmp_path / "c.json"), "-log-file", str(tmp_path / "no" / "dir" / "x.log"))
    assert proc.returncode == 1
    assert "cannot open -log-file" in proc.stderr


def test_dump_resources(tmp_path):
    out = tmp_path / "resources.json"
    proc = run_cli("-dump-resources", str(out))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert "rdk:component:motor" in data["apis"]
    assert {"api": "rdk:component:motor", "model": "rdk:builtin:fake", "provider": "builtin"} in data["models"]


def test_busy_port_names_the_cause(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        config = dict(CONFIG, network={"bind_address": f"127.0.0.1:{port}"})
        (tmp_path / "c.json").write_text(json.dumps(config))
        proc = run_cli("-config", str(tmp_path / "c.json"))
    assert proc.returncode == 1
    assert "address already in use" in proc.stderr.lower()
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command (Debian package openssl)")
async def test_no_tls_serves_plaintext_despite_a_certificate(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    make_self_signed(cert, key)
    config = dict(CONFIG, network={"bind_address": "127.0.0.1:0", "tls_cert_file": str(cert),
                                   "tls_key_file": str(key)})
    with ServerProcess(config, tmp_path, args=["-no-tls"]) as server:
        assert "tls=False" in server.wait_for_line(r"serving address=")
        assert "WARNING" in server.wait_for_line("serving without TLS")
        robot = await RobotClient.at_address(server.address, DialOptions(insecure=True, refresh_interval_s=0))
        try:
            assert await Motor.from_robot(robot, "motor1").is_moving() is False
        finally:
            await robot.close()


def test_start_up_says_where_it_listens(tmp_path):
    with ServerProcess(CONFIG, tmp_path) as server:
        line = server.wait_for_line(r"is up: gRPC at")
        assert f"gRPC at {server.address}" in line
        assert "control page at http://127.0.0.1:" in line
