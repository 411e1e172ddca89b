"""A call in flight when its owner's channel closes (module restart, remote gone) must end with
UNAVAILABLE, never hang: gRPC cancels a closed channel's calls, and a cancellation passed on as
such leaves the incoming call with no status at all (found by CI: a dependent hung for 120 s)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
import pytest

from viam.components.sensor import Sensor
from viam.gen.common.v1 import common_pb2
from viam.gen.component.sensor.v1 import sensor_pb2
from viam.module.forward import ModularTarget
from viam.remote.target import RemoteTarget as ForwardTarget
from viam.resource.names import ResourceName
from viam.rpc.lost import unless_channel_closed
from viam.rpc.router import ResourceRouter

GET_READINGS = "/viam.component.sensor.v1.SensorService/GetReadings"


class _Owner:
    """A real gRPC server whose GetReadings never answers (the owner is busy when it goes away)."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.server = grpc.aio.server()

        async def hang(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
            self.started.set()
            await asyncio.Event().wait()
            return b""

        handler = grpc.method_handlers_generic_handler(
            "viam.component.sensor.v1.SensorService", {"GetReadings": grpc.unary_unary_rpc_method_handler(hang)})
        self.server.add_generic_rpc_handlers((handler,))


class _Handle:
    name = "acme"
    error = "module 'acme' killed by SIGKILL unexpectedly"

    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.channel = channel

    def channel_or_raise(self) -> grpc.aio.Channel:
        return self.channel

    async def remove_resource(self, name: ResourceName) -> None:
        pass


@pytest.mark.parametrize("kind", ["module", "remote"])
async def test_call_in_flight_when_the_owner_channel_closes_ends_unavailable(tmp_path: Path, kind: str) -> None:
    owner = _Owner()
    owner.server.add_insecure_port(f"unix:{tmp_path / 'owner.sock'}")
    await owner.server.start()
    owner_channel = grpc.aio.insecure_channel(f"unix:{tmp_path / 'owner.sock'}")

    router = ResourceRouter()
    router.add_service(Sensor.API, sensor_pb2.DESCRIPTOR.services_by_name["SensorService"])
    target = ModularTarget(_Handle(owner_channel)) if kind == "module" else ForwardTarget(owner_channel, "t1")
    router.set_target(ResourceName(Sensor.API, "t1"), target)
    front = grpc.aio.server()
    front.add_generic_rpc_handlers((router,))
    front.add_insecure_port(f"unix:{tmp_path / 'front.sock'}")
    await front.start()
    client = grpc.aio.insecure_channel(f"unix:{tmp_path / 'front.sock'}")
    try:
        call = client.unary_unary(GET_READINGS, request_serializer=common_pb2.GetReadingsRequest.SerializeToString,
                                  response_deserializer=common_pb2.GetReadingsResponse.FromString)
        pending = asyncio.ensure_future(call(common_pb2.GetReadingsRequest(name="t1")))
        await asyncio.wait_for(owner.started.wait(), 5)
        await owner_channel.close()  # what a module restart or a remote reconnect does
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await asyncio.wait_for(pending, 5)
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE
        if kind == "module":
            assert "module 'acme' went down during the call: module 'acme' killed by SIGKILL" in info.value.details()
        else:
            assert "sensor 't1' GetReadings: the connection to its owner closed" in info.value.details()
    finally:
        await client.close()
        await front.stop(None)
        await owner.server.stop(None)


async def test_unless_channel_closed_tells_a_lost_call_from_a_cancelled_caller(tmp_path: Path) -> None:
    owner = _Owner()
    owner.server.add_insecure_port(f"unix:{tmp_path / 'owner.sock'}")
    await owner.server.start()
    try:
        channel = grpc.aio.insecure_channel(f"unix:{tmp_path / 'owner.sock'}")
        lost = asyncio.ensure_future(unless_channel_closed(channel.unary_unary(GET_READINGS)(b""), "module 'm' down"))
        await asyncio.wait_for(owner.started.wait(), 5)
        await channel.close()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await asyncio.wait_for(lost, 5)
        assert info.value.code() == grpc.StatusCode.UNAVAILABLE and info.value.details() == "module 'm' down"

        owner.started.clear()
        channel = grpc.aio.insecure_channel(f"unix:{tmp_path / 'owner.sock'}")
        caller = asyncio.ensure_future(unless_channel_closed(channel.unary_unary(GET_READINGS)(b""), "unused"))
        await asyncio.wait_for(owner.started.wait(), 5)
        caller.cancel()  # the caller itself is cancelled: that stays a cancellation
        with pytest.raises(asyncio.CancelledError):
            await caller
        await channel.close()
    finally:
        await owner.server.stop(None)
