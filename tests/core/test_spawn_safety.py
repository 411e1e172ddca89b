"""Starting child processes never disturbs live gRPC connections.

Two faults once dropped a client's first call ("Stream removed", "Socket closed") while the
server started a module: gRPC's fork handlers ran at every fork (grpcio builds its core with fork
support on, and uvloop starts children with libuv's fork()), and uvloop's half-close of a spliced
socket corrupted the heap when a child was spawned at the same time. Both only ever showed as
rare, load-dependent failures; these tests check the two causes directly instead.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import grpc
import pytest

from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.rpc.front import H2_PREFACE, Front
from viam.testing.process import ServerProcess

FORK_HANDLER_LOG = "fork_posix"  # gRPC's prefork handler logs from fork_posix.cc when it runs

# Fork while a grpc.aio server is up, as the server does: its poller thread waits inside gRPC, so
# when gRPC's fork handlers are registered its prefork handler runs and logs "Other threads are
# currently calling into gRPC, skipping fork() handlers".
FORK_PROBE = r"""
import asyncio, os
import viam  # first, as in every process of ours
import grpc

async def main():
    server = grpc.aio.server()
    server.add_insecure_port("127.0.0.1:0")
    await server.start()
    pid = os.fork()  # what libuv's uv_spawn does under uvloop
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    await server.stop(0)
    print("probe done")

asyncio.run(main())
"""


def _run_probe(env: dict[str, str]) -> str:
    base = {k: v for k, v in os.environ.items() if k != "GRPC_ENABLE_FORK_SUPPORT"}
    proc = subprocess.run([sys.executable, "-c", FORK_PROBE], capture_output=True, text=True, timeout=60,
                          env={**base, "GRPC_VERBOSITY": "INFO", **env})
    assert proc.returncode == 0 and "probe done" in proc.stdout, proc.stdout + proc.stderr
    return proc.stderr


def test_importing_viam_turns_grpc_fork_handlers_off():
    stderr = _run_probe({})
    assert FORK_HANDLER_LOG not in stderr, f"gRPC's fork handlers ran in a process that imported viam:\n{stderr}"


def test_fork_probe_sees_handlers_when_a_user_turns_them_on():
    """The probe above can fail: an explicit GRPC_ENABLE_FORK_SUPPORT=true is kept, and the handlers run."""
    assert FORK_HANDLER_LOG in _run_probe({"GRPC_ENABLE_FORK_SUPPORT": "true"})


def test_server_starting_a_module_runs_no_grpc_fork_handlers(tmp_path):
    """Every module start used to log 'fork_posix.cc:71 ... skipping fork() handlers' (100 of 100 starts)."""
    board = {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi", "attributes": {}}
    with ServerProcess({"components": [board]}, tmp_path, env={"GPIOZERO_PIN_FACTORY": "mock"}) as server:
        server.wait_for_line(r"starting module process.*builtin-raspberry-pi")
        with grpc.insecure_channel(server.address) as channel:
            names = robot_pb2_grpc.RobotServiceStub(channel).ResourceNames(robot_pb2.ResourceNamesRequest(),
                                                                          timeout=60)
        assert any(n.name == "pi" for n in names.resources)
    assert not [line for line in server.lines if FORK_HANDLER_LOG in line]


# -- the main port's front: either side's EOF closes the whole splice -----------------------------

@pytest.fixture
async def front_and_upstream(tmp_path):
    """A Front on 127.0.0.1:0 splicing to a fake gRPC backend whose handler the test sets."""
    handler: dict[str, object] = {}

    async def on_connection(reader, writer):  # type: ignore[no-untyped-def]
        await handler["fn"](reader, writer)  # type: ignore[operator]

    sock = tmp_path / "grpc.sock"
    upstream = await asyncio.start_unix_server(on_connection, path=str(sock))
    front = Front(sock)
    port = await front.start("127.0.0.1", 0)
    try:
        yield port, handler
    finally:
        await front.close()
        upstream.close()
        await upstream.wait_closed()


async def test_client_eof_closes_both_sides_of_the_splice(front_and_upstream):
    """No half-close: the backend gets every byte, then its connection closes, and so does the client's."""
    port, handler = front_and_upstream
    received = asyncio.get_running_loop().create_future()
    hold = asyncio.Event()

    async def backend(reader, writer):  # type: ignore[no-untyped-def]
        received.set_result(await reader.read())  # until the front closes (or half-closes) it
        writer.write(b"late reply")  # a half-open splice would carry this to the client
        await hold.wait()  # and the backend never closes: only the front can end the client's connection
        writer.close()

    handler["fn"] = backend
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(H2_PREFACE + b"frames")
    writer.write_eof()
    try:
        assert await asyncio.wait_for(received, 30) == H2_PREFACE + b"frames"
        assert await asyncio.wait_for(reader.read(), 30) == b"", "the client's connection stayed open"
    finally:
        hold.set()
        writer.close()


async def test_backend_close_delivers_its_bytes_then_closes_the_client(front_and_upstream):
    port, handler = front_and_upstream

    async def backend(reader, writer):  # type: ignore[no-untyped-def]
        await reader.readexactly(len(H2_PREFACE))
        writer.write(b"goaway" * 10000)
        await writer.drain()
        writer.close()

    handler["fn"] = backend
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(H2_PREFACE)
    try:
        assert await asyncio.wait_for(reader.read(), 30) == b"goaway" * 10000
    finally:
        writer.close()
