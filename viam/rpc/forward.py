"""Pass a resource's calls on, as raw bytes never decoded, to the gRPC server that owns it.

One forwarder serves both kinds of owner: a module (a child process on a UNIX socket) and a
remote machine. They differ only in how the channel is found (``find_channel``, which raises
when the owner is known to be down), in whether the resource is renamed on the way (a remote may
expose ``prefix + name``) and whether the session id belongs to the far side too (a module shares
this machine's sessions; a remote keeps its own); how the far side's failures read is told by two
hooks.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc

from viam.rpc.lost import outgoing_call_cancelled, unavailable
from viam.rpc.router import MethodInfo
from viam.rpc.wire import with_string_field, with_string_path

# Metadata that belongs to this hop only and is never passed on.
HOP_METADATA = frozenset({"authorization", "viam-sid", "user-agent", "grpc-accept-encoding", "grpc-timeout", "te",
                          "content-type", ":authority"})
SESSION_KEY = "viam-sid"


async def relay_headers(call: grpc.aio.UnaryStreamCall, context: grpc.aio.ServicerContext) -> None:
    """Pass the far side's response headers on as soon as they come.

    Clients may wait for headers before any message exists (StreamTicks subscribes, then sends
    headers, then ticks), so a stream's headers must not wait for its first message.
    """
    headers = await call.initial_metadata()
    await context.send_initial_metadata(tuple((k, v) for k, v in (headers or ()) if not k.startswith((":", "grpc-"))))


def forwarded_metadata(context: grpc.aio.ServicerContext, *, session: bool = False) -> tuple[tuple[str, Any], ...]:
    """The incoming call's metadata to send on: everything but this hop's own (and the session id if ``session``)."""
    return tuple((k, v) for k, v in context.invocation_metadata() or ()
                 if k not in HOP_METADATA or (session and k == SESSION_KEY))


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


class Forwarder:
    """Router target forwarding one resource's calls to its owner.

    Args:
        find_channel: returns the owner's channel now (a restarted module has a new one); raises
            a ``ViamError`` (UNAVAILABLE) while the owner is known to be down.
        far_name: the resource's name on the owner, written into the request when it differs from
            ``local_name``.
        pass_session: send the caller's session id on (the owner shares this machine's sessions).
        went_down: message for a call whose channel was closed under it; without it the router
            words the UNAVAILABLE itself.
        on_unavailable: maps an UNAVAILABLE answer from the owner to the error to raise (and lets
            the owner note that it is gone); without it the answer passes on as it is.
        stream_metadata: credentials added to client-streaming calls, which the channel's auth
            interceptors do not cover.
    """

    def __init__(
        self,
        find_channel: Callable[[], grpc.aio.Channel],
        *,
        far_name: str = "",
        local_name: str = "",
        pass_session: bool = False,
        went_down: Callable[[], str] | None = None,
        on_unavailable: Callable[[grpc.aio.AioRpcError], Exception] | None = None,
        stream_metadata: Callable[[], tuple[tuple[str, str], ...]] = tuple,
    ) -> None:
        self.find_channel = find_channel
        self.far_name = far_name
        self.rename = bool(far_name) and bool(local_name) and local_name != far_name
        self.pass_session = pass_session
        self.went_down = went_down
        self.on_unavailable = on_unavailable
        self.stream_metadata = stream_metadata
        self._channel: grpc.aio.Channel | None = None
        self._calls: dict[str, Any] = {}

    def _callable(self, method: MethodInfo) -> Any:
        channel = self.find_channel()
        if channel is not self._channel:  # a new channel (module restarted): new callables
            self._channel, self._calls = channel, {}
        call = self._calls.get(method.path)
        if call is None:  # no serializers: bytes go through as they are
            call = self._calls[method.path] = callable_for(channel, method)
        return call

    def _request(self, raw: bytes) -> bytes:
        return with_string_field(raw, 1, self.far_name) if self.rename else raw

    def _lost(self) -> Exception | None:
        """The error for a CancelledError from a channel closed under the call, or None to re-raise it."""
        if self.went_down is not None and outgoing_call_cancelled():
            return unavailable(self.went_down())
        return None

    def _failed(self, exc: grpc.aio.AioRpcError) -> Exception:
        if self.on_unavailable is not None and exc.code() == grpc.StatusCode.UNAVAILABLE:
            return self.on_unavailable(exc)
        return exc

    async def unary(self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext) -> bytes:
        call = self._callable(method)
        try:
            return await call(self._request(raw), metadata=forwarded_metadata(context, session=self.pass_session),
                              timeout=context.time_remaining())
        except grpc.aio.AioRpcError as exc:
            raise self._failed(exc) from None
        except asyncio.CancelledError:
            lost = self._lost()
            if lost is None:
                raise
            raise lost from None

    async def stream(
        self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[bytes]:
        metadata = forwarded_metadata(context, session=self.pass_session)
        call = self._callable(method)(self._request(raw), metadata=metadata, timeout=context.time_remaining())
        try:
            await relay_headers(call, context)
            async for chunk in call:
                yield chunk
        except grpc.aio.AioRpcError as exc:
            raise self._failed(exc) from None
        except asyncio.CancelledError:
            lost = self._lost()
            if lost is None:
                raise
            raise lost from None
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

        call = self._callable(method)(renamed() if self.rename else requests,
                                      metadata=(*forwarded_metadata(context, session=self.pass_session),
                                                *self.stream_metadata()),
                                      timeout=context.time_remaining())
        try:
            async for chunk in pass_stream(call, method, context):
                yield chunk
        except grpc.aio.AioRpcError as exc:
            raise self._failed(exc) from None
        except asyncio.CancelledError:
            lost = self._lost()
            if lost is None:
                raise
            raise lost from None
