"""Targets that pass a call's raw bytes on to another gRPC server (a remote machine or a module)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc

from viam.errors import UnavailableError
from viam.rpc.router import MethodInfo
from viam.rpc.wire import with_string_field

# Metadata that belongs to this hop only and is never passed on.
HOP_METADATA = {"authorization", "viam-sid", "user-agent", "grpc-accept-encoding", "grpc-timeout", "te",
                "content-type", ":authority"}


async def relay_headers(call: grpc.aio.UnaryStreamCall, context: grpc.aio.ServicerContext) -> None:
    """Pass the far side's response headers on as soon as they come.

    Clients may wait for headers before any message exists (StreamTicks subscribes, then sends
    headers, then ticks), so a stream's headers must not wait for its first message.
    """
    headers = await call.initial_metadata()
    await context.send_initial_metadata(tuple((k, v) for k, v in (headers or ()) if not k.startswith((":", "grpc-"))))


def forwarded_metadata(context: grpc.aio.ServicerContext, extra: tuple[tuple[str, str], ...] = ()) -> list:
    metadata = [(k, v) for k, v in context.invocation_metadata() or () if k not in HOP_METADATA]
    metadata.extend(extra)
    return metadata


class ForwardTarget:
    """Forward calls for one resource over ``channel``, renaming it when the far side calls it otherwise.

    ``is_up`` lets the owner fail calls fast while it knows the far side is down; ``on_unavailable``
    tells it when a call found the far side gone.
    """

    def __init__(
        self,
        channel: grpc.aio.Channel,
        far_name: str,
        *,
        local_name: str = "",
        metadata: Callable[[], tuple[tuple[str, str], ...]] = tuple,
        is_up: Callable[[], bool] = lambda: True,
        down_message: str = "not connected",
        on_unavailable: Callable[[], None] = lambda: None,
    ) -> None:
        self.channel = channel
        self.far_name = far_name
        self.rename = bool(local_name) and local_name != far_name
        self.metadata = metadata
        self.is_up = is_up
        self.down_message = down_message
        self.on_unavailable = on_unavailable
        self._calls: dict[str, Any] = {}

    def _callable(self, method: MethodInfo) -> Any:
        call = self._calls.get(method.path)
        if call is None:  # no serializers: bytes go through as they are
            factory = self.channel.unary_stream if method.server_streaming else self.channel.unary_unary
            call = self._calls[method.path] = factory(method.path)
        return call

    def _prepare(self, raw: bytes) -> bytes:
        if not self.is_up():
            raise UnavailableError(self.down_message)
        return with_string_field(raw, 1, self.far_name) if self.rename else raw

    def _map(self, exc: grpc.aio.AioRpcError) -> Exception:
        if exc.code() == grpc.StatusCode.UNAVAILABLE:
            self.on_unavailable()
            return UnavailableError(f"{self.down_message}: {exc.details()}")
        return exc

    async def unary(self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext) -> bytes:
        request = self._prepare(raw)
        call = self._callable(method)
        try:
            return await call(request, metadata=forwarded_metadata(context, self.metadata()),
                              timeout=context.time_remaining())
        except grpc.aio.AioRpcError as exc:
            raise self._map(exc) from None

    async def stream(
        self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[bytes]:
        request = self._prepare(raw)
        call = self._callable(method)(
            request, metadata=forwarded_metadata(context, self.metadata()), timeout=context.time_remaining()
        )
        try:
            await relay_headers(call, context)
            async for chunk in call:
                yield chunk
        except grpc.aio.AioRpcError as exc:
            raise self._map(exc) from None
        finally:
            call.cancel()
