"""tcp_mode module parent ports: an official-SDK module works unchanged; other local users are refused.

The parent port listens on 127.0.0.1, which every local user reaches; it lets in only sockets
owned by the server's user or root (viam.module.peer). The unprivileged caller is a real other
uid (when the suite runs as root) and, always, our own process with the allowed set changed.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from tests.modules.conftest import FAST, eventually
from tests.modules.test_official_sdk_module import official_readings, weather
from tests.security.methods import codes_for_all, parent_methods
from viam.components.sensor import Sensor
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.module import peer
from viam.module.peer import loopback_peer_uid

CALLER = Path(__file__).resolve().parent / "unprivileged_caller.py"
NOBODY = 65534


def tcp_config(exe: str) -> dict:
    return {"modules": [{"name": "weatherco", "executable_path": exe, "tcp_mode": True}],
            "components": [weather("w1", city="Oslo", celsius=-3.5),
                           {"name": "inside", "api": "rdk:component:sensor", "model": "fake",
                            "attributes": {"readings": {"x": 7}}},
                           {"name": "relay", "api": "rdk:component:sensor", "model": "acme:sdk:relay",
                            "attributes": {"source": "inside"}}]}


def parent_address(machine) -> str:
    module = machine.modules.modules["weatherco"]
    assert module.parent is not None and module.parent.address.startswith("127.0.0.1:")
    return module.parent.address


@pytest.mark.sdk
async def test_official_sdk_module_in_tcp_mode_works_and_others_are_refused(start_machine, connect, sdk_module,
                                                                            viam_sdk_python):
    machine = await start_machine(tcp_config(sdk_module("sdk_sensor.py")), module_settings=FAST)
    by_sdk = await official_readings(viam_sdk_python, f"127.0.0.1:{machine.port}", "w1")
    assert (by_sdk["city"], by_sdk["module"]) == ("Oslo", "weatherco")
    robot = await connect(machine)
    # "relay" reads "inside" through the module's tcp parent port: the official SDK got in.
    assert (await Sensor.from_robot(robot, "relay").get_readings())["relayed"] == {"x": 7}

    address = parent_address(machine)
    methods = parent_methods(machine)
    assert len(methods) > 90
    if os.geteuid() != 0:
        pytest.skip("a caller under another uid needs root to start")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(CALLER), str(NOBODY), address,
        json.dumps([[m.path, m.client_streaming, m.server_streaming] for m in methods]),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    codes = json.loads(out.decode())
    assert set(codes) == {m.path for m in methods}
    assert {path: code for path, code in codes.items() if code != "PERMISSION_DENIED"} == {}
    # The same port still serves the server's own user (the module keeps working).
    assert (await Sensor.from_robot(robot, "relay").get_readings())["relayed"] == {"x": 7}


async def test_every_parent_method_refuses_a_caller_of_another_uid(start_machine, our_module, monkeypatch):
    machine = await start_machine({"modules": [{"name": "weatherco", "executable_path": our_module("thermo.py"),
                                                "tcp_mode": True}]}, module_settings=FAST)
    await eventually(lambda: machine.modules.modules["weatherco"].parent is not None
                     and machine.modules.modules["weatherco"].parent.address, timeout_s=30)
    address = parent_address(machine)
    async with grpc.aio.insecure_channel(address) as channel:
        names = await robot_pb2_grpc.RobotServiceStub(channel).ResourceNames(robot_pb2.ResourceNamesRequest())
    assert names is not None  # our own uid is let in

    monkeypatch.setattr(peer, "default_allowed_uids", lambda: frozenset({os.getuid() + 4242}))
    codes = await codes_for_all(address, parent_methods(machine))
    assert len(codes) > 90
    assert {path: code for path, code in codes.items() if code != grpc.StatusCode.PERMISSION_DENIED} == {}


async def test_peer_uid_comes_from_the_callers_socket():
    """The lookup reads the client end of the connection (one exact sock_diag query), not the server's end."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        client_port = writer.get_extra_info("sockname")[1]
        assert loopback_peer_uid(f"ipv4:127.0.0.1:{client_port}", port) == os.getuid()
        assert loopback_peer_uid(f"ipv4:127.0.0.1:{client_port}", port + 1 if port < 65535 else 1) is None
        assert loopback_peer_uid(f"ipv6:[::ffff:127.0.0.1]:{client_port}", port) == os.getuid()
        assert loopback_peer_uid("unix:/x.sock", port) is None
        assert loopback_peer_uid("ipv4:not-an-address:1", port) is None
        writer.close()
    finally:
        server.close()


def test_peer_uid_is_the_socket_owners_under_many_connections():
    """Hundreds of live loopback sockets (a busy box): every lookup finds its own, and another uid's shows."""
    with socket.create_server(("127.0.0.1", 0), backlog=512) as listener:
        port = listener.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(300)]
        try:
            ports = [c.getsockname()[1] for c in clients]
            assert [loopback_peer_uid(f"ipv4:127.0.0.1:{p}", port) for p in ports] == [os.getuid()] * len(ports)
            if os.geteuid() == 0:
                code = (f"import encodings.idna, os, socket, sys; os.setgid({NOBODY}); os.setuid({NOBODY}); "
                        f"c = socket.create_connection(('127.0.0.1', {port})); print(c.getsockname()[1], flush=True); "
                        "sys.stdin.read()")
                with subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True) as other:
                    other_port = int(other.stdout.readline())
                    assert loopback_peer_uid(f"ipv4:127.0.0.1:{other_port}", port) == NOBODY
                    other.stdin.close()
        finally:
            for c in clients:
                c.close()
