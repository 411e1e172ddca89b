"""Targets that pass a call's raw bytes on to another gRPC server (a remote machine or a module)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc

from viam.errors import UnavailableError
from viam.rpc.router import MethodInfo
from viam.rpc.wire import with_string_field, with_string_path

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


def callable_for(channel: grpc.aio.Channel, method: MethodInfo) -> Any:
    """The channel's raw-bytes callable of ``method``'s stream kind."""
    if method.client_streaming:
        return (channel.stream_stream if method.server_streaming else channel.stream_unary)(method.path)
    return (channel.unary_stream if method.server_streaming else channel.unary_unary)(method.path)


async def pass_stream(call: Any, method: MethodInfo, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
    """Relay a client-streaming or bidi call's headers and responses.

    The request iterator is consumed by grpc as it writes, one message at a time, and each
    response is yielded only when the caller has taken the previous one: HTTP/2 flow control
    then holds a fast side back instead of this server buffering for a slow one.
    """
    try:
        await relay_headers(call, context)
        if method.server_streaming:
            async for chunk in call:
                yield chunk
        else:
            yield await call
    finally:
        call.cancel()


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
        stream_metadata: Callable[[], tuple[tuple[str, str], ...]] = tuple,
    ) -> None:
        self.channel = channel
        self.far_name = far_name
        self.rename = bool(local_name) and local_name != far_name
        self.metadata = metadata
        self.is_up = is_up
        self.down_message = down_message
        self.on_unavailable = on_unavailable
        # Credentials for client-streaming calls, which the channel's auth interceptors do not cover.
        self.stream_metadata = stream_metadata
        self._calls: dict[str, Any] = {}

    def _callable(self, method: MethodInfo) -> Any:
        call = self._calls.get(method.path)
        if call is None:  # no serializers: bytes go through as they are
            call = self._calls[method.path] = callable_for(self.channel, method)
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

    async def client_stream(
        self, method: MethodInfo, requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext
    ) -> AsyncIterator[bytes]:
        async def renamed() -> AsyncIterator[bytes]:
            first = True
            async for raw in requests:  # only the first message names the resource
                yield with_string_path(raw, method.name_path, self.far_name) if first and self.rename else raw
                first = False

        if not self.is_up():
            raise UnavailableError(self.down_message)
        call = self._callable(method)(
            renamed(), metadata=forwarded_metadata(context, self.metadata() + self.stream_metadata()),
            timeout=context.time_remaining()
        )
        try:
            async for chunk in pass_stream(call, method, context):
                yield chunk
        except grpc.aio.AioRpcError as exc:
            raise self._map(exc) from None
