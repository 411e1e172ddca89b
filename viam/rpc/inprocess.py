"""Unary calls into the main gRPC server's own handlers, in process, for gRPC-web and Connect.

A translated call used to be a second gRPC call, over the private UNIX socket, from a grpc.aio client
in this same process: most of its time went to that client and the extra loop wake-ups, not to the
RPC. ``InProcessCalls`` records the handlers and interceptors the main server is given and runs a
unary call through exactly that chain (auth, CallGuard, the router or servicer) with a small
``ServicerContext``: the same code answers, only the transport differs. It also knows the real
client, so ``context.peer()`` is the browser's address rather than the UNIX socket.

Streaming calls still go over the socket (``viam.web.grpcweb``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import grpc

LOG = logging.getLogger(__name__)
Metadata = tuple[tuple[str, str | bytes], ...]


class _CallDetails(NamedTuple):
    """grpc.HandlerCallDetails as interceptors see it."""

    method: str
    invocation_metadata: Metadata


@dataclass
class UnaryResult:
    code: grpc.StatusCode
    details: str
    response: bytes | None
    initial_metadata: Metadata = ()
    trailing_metadata: Metadata = ()


def peer_of(address: Any) -> str:
    """gRPC's form of a socket address: ``ipv4:1.2.3.4:5`` / ``ipv6:[::1]:5`` (``unix:`` otherwise)."""
    if isinstance(address, tuple) and len(address) >= 2:
        host, port = address[0], address[1]
        return f"ipv6:[{host}]:{port}" if ":" in str(host) else f"ipv4:{host}:{port}"
    return f"unix:{address}" if address else ""


@dataclass
class InProcessContext:
    """The part of grpc.aio.ServicerContext the server's handlers and interceptors use."""

    metadata: Metadata
    peer_address: str
    deadline: float | None  # time.monotonic() value
    code_: grpc.StatusCode | None = None
    details_: str = ""
    initial: Metadata = ()
    trailing: Metadata = ()
    _callbacks: list[Callable[[Any], None]] = field(default_factory=list)
    _done: bool = False
    _cancelled: bool = False

    def invocation_metadata(self) -> Metadata:
        return self.metadata

    def peer(self) -> str:
        return self.peer_address

    def peer_identities(self) -> None:
        return None

    def peer_identity_key(self) -> None:
        return None

    def auth_context(self) -> dict[str, Any]:
        return {}

    def time_remaining(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    async def abort(self, code: grpc.StatusCode, details: str = "", trailing_metadata: Metadata = ()) -> None:
        if code == grpc.StatusCode.OK:
            raise ValueError("abort with OK is not allowed")  # as grpc.aio
        self.code_, self.details_ = code, details
        if trailing_metadata:
            self.trailing = tuple(trailing_metadata)
        raise grpc.aio.AbortError()

    def set_code(self, code: grpc.StatusCode) -> None:
        self.code_ = code

    def set_details(self, details: str) -> None:
        self.details_ = details

    def code(self) -> grpc.StatusCode | None:
        return self.code_

    def details(self) -> str:
        return self.details_

    def set_trailing_metadata(self, metadata: Metadata) -> None:
        self.trailing = tuple(metadata)

    def trailing_metadata(self) -> Metadata:
        return self.trailing

    async def send_initial_metadata(self, metadata: Metadata) -> None:
        self.initial = tuple(metadata)

    def set_compression(self, compression: Any) -> None:
        pass

    def disable_next_message_compression(self) -> None:
        pass

    def add_done_callback(self, callback: Callable[[Any], None]) -> None:
        self._callbacks.append(callback)

    def done(self) -> bool:
        return self._done

    def cancelled(self) -> bool:
        return self._cancelled

    def finish(self, cancelled: bool = False) -> None:
        self._done, self._cancelled = True, cancelled
        for callback in self._callbacks:
            try:
                callback(self)
            except Exception:  # noqa: BLE001 - as grpc: a failing callback does not fail the call
                LOG.exception("a call's done callback failed")


Continuation = Callable[[Any], Awaitable[grpc.RpcMethodHandler | None]]


class InProcessCalls:
    """The main server's handlers and interceptors, callable without a channel (see the module docstring)."""

    def __init__(self, interceptors: Sequence[grpc.aio.ServerInterceptor]) -> None:
        self.interceptors = list(interceptors)
        self._generic: list[grpc.GenericRpcHandler] = []
        self._registered: dict[str, grpc.RpcMethodHandler] = {}

    def record(self, server: grpc.aio.Server) -> grpc.aio.Server:
        """Note every handler later added to ``server`` (it is served there as before)."""
        add_generic, add_registered = server.add_generic_rpc_handlers, server.add_registered_method_handlers

        def generic(handlers: Sequence[grpc.GenericRpcHandler]) -> None:
            self._generic.extend(handlers)
            add_generic(handlers)

        def registered(service: str, handlers: dict[str, grpc.RpcMethodHandler]) -> None:
            self._registered.update({f"/{service}/{name}": h for name, h in handlers.items()})
            add_registered(service, handlers)

        server.add_generic_rpc_handlers = generic  # type: ignore[method-assign]
        server.add_registered_method_handlers = registered  # type: ignore[method-assign]
        return server

    async def _lookup(self, details: Any) -> grpc.RpcMethodHandler | None:
        found = self._registered.get(details.method)
        if found is not None:
            return found
        for handler in self._generic:
            found = handler.service(details)
            if found is not None:
                return found
        return None

    async def handler(self, method: str, metadata: Metadata) -> grpc.RpcMethodHandler | None:
        """The handler grpcio would run for ``method``, through the same interceptors in the same order."""
        continuation: Continuation = self._lookup
        for interceptor in reversed(self.interceptors):
            continuation = _bind(interceptor, continuation)
        return await continuation(_CallDetails(method, metadata))

    async def unary(self, method: str, request: bytes, metadata: Metadata, peer: str,
                    timeout: float | None) -> UnaryResult | None:
        """Run a unary call; None when ``method`` is not unary here (the caller uses the channel)."""
        handler = await self.handler(method, metadata)
        if handler is None:
            return UnaryResult(grpc.StatusCode.UNIMPLEMENTED, "Method not found!", None)
        if handler.unary_unary is None:
            return None
        context = InProcessContext(metadata, peer, None if timeout is None else time.monotonic() + timeout)
        cancelled = False
        try:
            message = handler.request_deserializer(request) if handler.request_deserializer else request
            call = handler.unary_unary(message, context)
            response = await (asyncio.wait_for(call, timeout) if timeout is not None else call)
        except grpc.aio.AbortError:
            response = None
        except TimeoutError:
            context.code_, context.details_, response = grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded", None
        except asyncio.CancelledError:
            cancelled = True
            raise
        except Exception as exc:  # noqa: BLE001 - what grpcio answers for a handler's unexpected error
            LOG.exception("unexpected error in %s", method)
            context.code_, context.details_, response = grpc.StatusCode.UNKNOWN, f"Unexpected {type(exc)}: {exc}", None
        finally:
            context.finish(cancelled)
        code = context.code_ or grpc.StatusCode.OK
        if code != grpc.StatusCode.OK:
            return UnaryResult(code, context.details_, None, context.initial, context.trailing)
        payload = handler.response_serializer(response) if handler.response_serializer else response
        return UnaryResult(code, context.details_, payload, context.initial, context.trailing)


def _bind(interceptor: grpc.aio.ServerInterceptor, continuation: Continuation) -> Continuation:
    async def step(details: Any) -> grpc.RpcMethodHandler | None:
        return await interceptor.intercept_service(continuation, details)
    return step
