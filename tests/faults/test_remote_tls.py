"""Remotes over TLS: the certificate is verified (system CAs, as the reference does), a failure
says so, and TLS-or-plaintext is decided again at every reconnect."""

from __future__ import annotations

import asyncio
import shutil
import time

import pytest

from tests.core.test_server_process import make_self_signed
from viam.client import DialOptions, RobotClient
from viam.testing.process import ServerProcess

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
FAST = DialOptions(insecure=True, refresh_interval_s=0, connect_timeout_s=5)
MOTOR = {"name": "rmotor", "api": "rdk:component:motor", "model": "fake"}


async def _remote_state(address: str, predicate, timeout_s: float = 20.0, name: str = "rmotor"):
    robot = await RobotClient.at_address(address, FAST)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            status = await robot.get_machine_status()
            found = [r for r in status.resources if r.name.name == name]
            if found and predicate(found[0]):
                return found[0]
            assert time.monotonic() < deadline, f"remote status never matched: {found}"
            await asyncio.sleep(0.1)
    finally:
        await robot.close()


async def test_self_signed_remote_is_refused_clearly_then_trusted_then_reached_in_plaintext(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    make_self_signed(cert, key)
    tls = {"components": [MOTOR], "network": {"bind_address": "127.0.0.1:0", "tls_cert_file": str(cert),
                                                 "tls_key_file": str(key)}}
    remote = ServerProcess(tls, tmp_path, name="remote-tls").start()
    try:
        main = {"remotes": [{"name": "r", "address": remote.address, "reconnect_interval": "0.2s"}]}
        with ServerProcess(main, tmp_path, name="untrusting") as server:
            # Never reached: the remote itself is listed UNHEALTHY with the reason.
            status = await _remote_state(server.address, lambda r: "not trusted" in r.error, name="r")
            assert "insecure" in status.error
        with ServerProcess(main, tmp_path, name="trusting", env={"GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": str(cert)}) \
                as server:
            await _remote_state(server.address, lambda r: r.state == r.STATE_READY)
            address = remote.address
            remote.stop()
            await _remote_state(server.address, lambda r: r.state != r.STATE_READY)
            plain = {"components": [MOTOR], "network": {"bind_address": address}}
            remote = ServerProcess(plain, tmp_path, name="remote-plain").start()
            await _remote_state(server.address, lambda r: r.state == r.STATE_READY)  # h2c now
    finally:
        remote.stop()
