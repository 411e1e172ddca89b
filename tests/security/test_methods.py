"""The attacker suite's raw caller (tests/security/methods.py) reports the server's own status.

A gate that refuses a client- or bidi-streaming call ends it before reading the request; a
client that writes into that race gets INTERNAL from grpcio's asyncio client ("Internal error
from Core") about once in 400 fresh-channel calls on a loaded 2-core box, instead of the
server's PERMISSION_DENIED. ``call_raw`` waits for the server's status before it writes.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator

import grpc

from tests.security.methods import Method, call_raw, methods_of
from viam.gen.robot.v1 import robot_pb2_grpc
from viam.rpc import server as rpc_server

TUNNEL = Method("/viam.robot.v1.RobotService/Tunnel", client_streaming=True, server_streaming=True)
ECHO = "echo.Echo"


async def test_refused_stream_calls_end_with_the_gates_code_on_fresh_channels():
    assert TUNNEL in methods_of(["viam.robot.v1.RobotService"])
    upload = Method(f"/{ECHO}/Upload", client_streaming=True, server_streaming=False)
    server = rpc_server.new_server(gate=lambda context: "permission denied: not you")
    robot_pb2_grpc.add_RobotServiceServicer_to_server(robot_pb2_grpc.RobotServiceServicer(), server)
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(ECHO, {
        "Upload": grpc.stream_unary_rpc_method_handler(lambda requests, context: b"")}),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    codes: collections.Counter[tuple[str, str]] = collections.Counter()
    try:
        for _ in range(60):  # each on a new connection: the race is widest while the channel connects
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                methods = [TUNNEL, upload] * 10
                for method, code in zip(methods, await asyncio.gather(*(call_raw(channel, m) for m in methods)),
                                        strict=True):
                    codes[method.path, code.name] += 1
    finally:
        await server.stop(0)
    assert codes == {(TUNNEL.path, "PERMISSION_DENIED"): 600, (upload.path, "PERMISSION_DENIED"): 600}


async def test_an_admitted_stream_call_still_gets_its_request():
    """The wait never swallows the request: a server that takes the call sees it and answers."""
    seen: list[bytes] = []

    async def bidi(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
        async for request in requests:
            seen.append(request)
            yield request

    async def client_stream(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext) -> bytes:
        async for request in requests:
            seen.append(request)
        return b"done"

    handler = grpc.method_handlers_generic_handler(ECHO, {
        "Bidi": grpc.stream_stream_rpc_method_handler(bidi),
        "Upload": grpc.stream_unary_rpc_method_handler(client_stream),
    })
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            bidi_code = await call_raw(channel, Method(f"/{ECHO}/Bidi", True, True), payload=b"one",
                                       status_wait_s=0.05)
            upload_code = await call_raw(channel, Method(f"/{ECHO}/Upload", True, False), payload=b"two",
                                         status_wait_s=0.05)
    finally:
        await server.stop(0)
    assert (bidi_code, upload_code) == (grpc.StatusCode.OK, grpc.StatusCode.OK)
    assert seen == [b"one", b"two"]
