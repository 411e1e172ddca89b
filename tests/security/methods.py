"""The registered gRPC method list, and one raw call per method: the attacker suite's generator.

Methods come from what the server actually registers (the router's services, RobotService and
the main port's own services), so a new RPC is covered without touching the tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

import grpc
from google.protobuf import descriptor_pool

from viam.gen.proto.rpc.v1 import auth_pb2
from viam.gen.robot.v1 import robot_pb2
from viam.robot.machine import Machine

ROBOT_SERVICE = robot_pb2.DESCRIPTOR.services_by_name["RobotService"].full_name
AUTH_SERVICE = auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name


@dataclass(frozen=True)
class Method:
    path: str
    client_streaming: bool
    server_streaming: bool


def methods_of(service_names: Iterable[str]) -> list[Method]:
    pool = descriptor_pool.Default()
    out = []
    for service_name in service_names:
        for method in pool.FindServiceByName(service_name).methods:
            out.append(Method(f"/{service_name}/{method.name}", method.client_streaming, method.server_streaming))
    return out


def parent_methods(machine: Machine) -> list[Method]:
    """Every method a module parent port serves: RobotService and each resource API."""
    return methods_of([ROBOT_SERVICE, *machine.router.service_names()])


def guarded_methods(machine: Machine) -> list[Method]:
    """Every main-port method that needs a token (all but AuthService, reflection, health, signaling)."""
    return parent_methods(machine)


# How long a stream-sending call waits for the server's status before it writes its request.
STATUS_WAIT_S = 10.0


async def _status_within(call: grpc.aio.Call, wait_s: float) -> None:
    """Return when ``call`` has its status, or after ``wait_s``."""
    try:
        await asyncio.wait_for(call.code(), wait_s)
    except TimeoutError:
        pass


async def call_raw(channel: grpc.aio.Channel, method: Method, metadata: tuple[tuple[str, str], ...] = (),
                   payload: bytes = b"", timeout_s: float = 60.0,
                   status_wait_s: float = STATUS_WAIT_S) -> grpc.StatusCode:
    """Call ``method`` with one raw request message; the status code it ends with.

    A client- or bidi-streaming call first waits (up to ``status_wait_s``) for the server's status
    and writes its request only if the call is still open then. A server that refuses the call
    before reading (a gate, auth) ends it at once; a write racing that status makes grpcio's
    asyncio client end the call INTERNAL ("Internal error from Core") instead of with the server's
    code (even once the refusal's headers have arrived: they come a moment before the status). A
    server that takes the call gets the request after the wait and answers as it would have.
    """
    try:
        if method.client_streaming:
            if method.server_streaming:
                stream: grpc.aio.StreamStreamCall = channel.stream_stream(method.path)(
                    metadata=metadata, timeout=timeout_s)
            else:
                stream = channel.stream_unary(method.path)(metadata=metadata, timeout=timeout_s)
            await _status_within(stream, status_wait_s)
            if not stream.done():
                await stream.write(payload)
                await stream.done_writing()
            if method.server_streaming:
                async for _ in stream:
                    pass
            else:
                await stream
            return await stream.code()
        if method.server_streaming:
            call = channel.unary_stream(method.path)(payload, metadata=metadata, timeout=timeout_s)
            async for _ in call:
                pass
        else:
            await channel.unary_unary(method.path)(payload, metadata=metadata, timeout=timeout_s)
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


async def codes_for_all(address: str, methods: list[Method], metadata: tuple[tuple[str, str], ...] = (),
                        ) -> dict[str, grpc.StatusCode]:
    """Each method's status when called on ``address`` (a few at a time)."""
    limit = asyncio.Semaphore(8)
    async with grpc.aio.insecure_channel(address) as channel:
        async def one(method: Method) -> tuple[str, grpc.StatusCode]:
            async with limit:
                return method.path, await call_raw(channel, method, metadata)

        return dict(await asyncio.gather(*(one(m) for m in methods)))
