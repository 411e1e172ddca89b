"""Route resource API calls by resource name, without the gRPC layer decoding them first.

One generic handler serves every method of every registered resource API. A call's resource
name is read straight from the request bytes (field 1), then the call goes to that resource's
target: a local model (decode, call, encode) or a forwarder that passes the raw bytes on to a
module or remote. Error mapping for every resource RPC lives here, once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor

from viam.errors import ViamError
from viam.gen.common.v1 import common_pb2
from viam.resource.base import Resource
from viam.resource.names import API, ResourceName
from viam.rpc.lost import outgoing_call_cancelled
from viam.rpc.operations import Operation, OperationTracker
from viam.rpc.wire import peek_string_path
from viam.utils import shorten

LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MethodInfo:
    """What the router needs to know about one RPC."""

    api: API
    path: str
    name: str
    request_class: Any
    response_class: Any
    client_streaming: bool
    server_streaming: bool
    heartbeat_monitored: bool
    name_path: tuple[int, ...] = (1,)  # where requests carry the resource name (field numbers)

    @classmethod
    def from_descriptor(cls, api: API, method: MethodDescriptor) -> MethodInfo:
        options = method.GetOptions()
        monitored = bool(
            options.HasExtension(common_pb2.safety_heartbeat_monitored)
            and options.Extensions[common_pb2.safety_heartbeat_monitored]
        )
        return cls(
            api=api,
            path=f"/{method.containing_service.full_name}/{method.name}",
            name=method.name,
            request_class=message_factory.GetMessageClass(method.input_type),
            response_class=message_factory.GetMessageClass(method.output_type),
            client_streaming=method.client_streaming,
            server_streaming=method.server_streaming,
            heartbeat_monitored=monitored,
            name_path=_name_path(method.input_type),
        )


def _name_path(message: Any) -> tuple[int, ...]:
    """Field numbers leading to the request's resource name: ``name`` itself, or ``name`` one message down.

    Every resource API names the resource in field 1, except the first message of some streams,
    whose name sits in a submessage (AudioOut.PlayStream's ``init.name``).
    """
    field = message.fields_by_name.get("name")
    if field is not None and field.type == field.TYPE_STRING:
        return (field.number,)
    outer = message.fields_by_number.get(1)
    if outer is not None and outer.message_type is not None:
        inner = outer.message_type.fields_by_name.get("name")
        if inner is not None and inner.type == inner.TYPE_STRING:
            return (1, inner.number)
    return (1,)


class Target(Protocol):
    """Where calls for one resource go."""

    async def unary(self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext) -> bytes: ...

    def stream(
        self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[bytes]: ...

    def client_stream(
        self, method: MethodInfo, requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext
    ) -> AsyncIterator[bytes]:
        """A client-streaming or bidi call: ``requests`` starts with the message that named the resource.

        Yields the response messages (exactly one for a client-streaming method).
        """
        ...


async def _decoded(method: MethodInfo, requests: AsyncIterator[bytes]) -> AsyncIterator[Any]:
    async for raw in requests:
        yield method.request_class.FromString(raw)


class LocalTarget:
    """A resource object in this process, served by its API's servicer."""

    def __init__(self, resource: Resource, servicer: Any) -> None:
        self.resource = resource
        self.servicer = servicer

    def _handler(self, method: MethodInfo) -> Callable[..., Any]:
        handler = getattr(self.servicer, method.name, None)
        if handler is None:
            raise _Unimplemented(f"{method.api.resource_subtype} does not implement {method.name} here")
        return handler

    async def unary(self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext) -> bytes:
        request = method.request_class.FromString(raw)
        response = await self._handler(method)(self.resource, request, context)
        return response.SerializeToString()

    async def stream(
        self, method: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[bytes]:
        request = method.request_class.FromString(raw)
        async for response in self._handler(method)(self.resource, request, context):
            yield response.SerializeToString()

    async def client_stream(
        self, method: MethodInfo, requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext
    ) -> AsyncIterator[bytes]:
        """The servicer method gets (resource, async iterator of decoded requests, context)."""
        handler = self._handler(method)
        if method.server_streaming:
            async for response in handler(self.resource, _decoded(method, requests), context):
                yield response.SerializeToString()
        else:
            yield (await handler(self.resource, _decoded(method, requests), context)).SerializeToString()


class CallObserver(Protocol):
    """Told about calls to safety-heartbeat-monitored methods (the session manager)."""

    def on_monitored_call(self, context: grpc.aio.ServicerContext, name: ResourceName) -> None: ...


class _Unimplemented(ViamError):
    grpc_code = grpc.StatusCode.UNIMPLEMENTED


_BUILTIN_CODES: tuple[tuple[type[BaseException], grpc.StatusCode], ...] = (
    (NotImplementedError, grpc.StatusCode.UNIMPLEMENTED),
    (TimeoutError, grpc.StatusCode.DEADLINE_EXCEEDED),
    (KeyError, grpc.StatusCode.NOT_FOUND),
    (ValueError, grpc.StatusCode.INVALID_ARGUMENT),
    (TypeError, grpc.StatusCode.INVALID_ARGUMENT),
    (PermissionError, grpc.StatusCode.PERMISSION_DENIED),
    # Any other OSError: a device, bus, port or file that cannot be reached right now (I2C NACK,
    # unplugged serial port, missing /dev node). Not a server bug, so not INTERNAL.
    (OSError, grpc.StatusCode.UNAVAILABLE),
)


def status_for(exc: BaseException, where: str) -> tuple[grpc.StatusCode, str]:
    """Map an exception to (code, message). Unknown ones are INTERNAL and logged with traceback."""
    if isinstance(exc, ViamError):
        return exc.grpc_code, str(exc)
    if isinstance(exc, grpc.aio.AioRpcError):
        return exc.code(), exc.details() or ""
    for kind, code in _BUILTIN_CODES:
        if isinstance(exc, kind):
            return code, f"{where}: {exc}"
    LOG.error("unhandled error in %s", where, exc_info=exc)
    return grpc.StatusCode.INTERNAL, f"{where}: internal error ({type(exc).__name__}: {exc})"


MAX_LISTED = 20  # resource names listed in a NOT_FOUND message
CANCELLED_MESSAGE = "context canceled"  # the reference server's wording for a cancelled call


def _cancellation_status(op: Operation, info: MethodInfo, name: str) -> tuple[grpc.StatusCode, str] | None:
    """The status for a call that met a CancelledError, or None when it must stay cancelled.

    CancelOperation's cancellation answers CANCELLED (the task's cancellation is withdrawn so the
    handler can still send it); an outgoing call lost to a closed channel answers UNAVAILABLE
    (see ``viam.rpc.lost``); a call the client abandoned, or a server shutdown, stays cancelled.
    """
    task = asyncio.current_task()
    if op.cancelled and task is not None:
        task.uncancel()
        return grpc.StatusCode.CANCELLED, CANCELLED_MESSAGE
    if outgoing_call_cancelled():
        return (grpc.StatusCode.UNAVAILABLE,
                f"{info.api.resource_subtype} {name!r} {info.name}: the connection to its owner closed during the call")
    return None


class ResourceRouter(grpc.GenericRpcHandler):
    """Serves every method of the registered resource APIs and dispatches by resource name."""

    def __init__(self, observer: CallObserver | None = None, operations: OperationTracker | None = None) -> None:
        self.operations = operations or OperationTracker()
        self._handlers: dict[str, grpc.RpcMethodHandler] = {}
        self._targets: dict[API, dict[str, Target]] = {}
        self._services: dict[str, API] = {}
        self._descriptors: dict[str, ServiceDescriptor] = {}
        self.observer = observer

    # -- registration ------------------------------------------------------------------------
    def add_service(self, api: API, service: ServiceDescriptor) -> None:
        """Serve ``service`` for resources of ``api`` (idempotent)."""
        if service.full_name in self._services:
            return
        self._services[service.full_name] = api
        self._descriptors[service.full_name] = service
        self._targets.setdefault(api, {})
        for method in service.methods:
            info = MethodInfo.from_descriptor(api, method)
            self._handlers[info.path] = self._make_handler(info)

    def set_target(self, name: ResourceName, target: Target) -> None:
        self._targets.setdefault(name.api, {})[name.name] = target

    def remove_target(self, name: ResourceName) -> None:
        self._targets.get(name.api, {}).pop(name.name, None)

    def target(self, name: ResourceName) -> Target | None:
        return self._targets.get(name.api, {}).get(name.name)

    def service_names(self) -> list[str]:
        return list(self._services)

    def api_for_service(self, service_name: str) -> API | None:
        return self._services.get(service_name)

    def service_descriptor(self, service_name: str) -> ServiceDescriptor | None:
        return self._descriptors.get(service_name)

    # -- grpc.GenericRpcHandler ----------------------------------------------------------------
    def service(self, handler_call_details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler | None:
        return self._handlers.get(handler_call_details.method)

    # -- dispatch -------------------------------------------------------------------------------
    async def _resolve(self, info: MethodInfo, raw: bytes, context: grpc.aio.ServicerContext) -> tuple[str, Target]:
        name = peek_string_path(raw, info.name_path)
        targets = self._targets.get(info.api, {})
        target = targets.get(name)
        if target is None:
            names = sorted(targets)
            available = ", ".join(repr(shorten(n)) for n in names[:MAX_LISTED]) or "none"
            if len(names) > MAX_LISTED:
                available += f" and {len(names) - MAX_LISTED} more"
            await context.abort(
                grpc.StatusCode.NOT_FOUND,
                f"no {info.api.resource_subtype} named {shorten(name)!r} ({info.api}; available: {available})",
            )
        if info.heartbeat_monitored and self.observer is not None:
            self.observer.on_monitored_call(context, ResourceName(info.api, name))
        return name, target  # type: ignore[return-value]

    async def _guard(self, info: MethodInfo, name: str, first: bytes, context: grpc.aio.ServicerContext,
                     responses: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """Run one call's responses as an operation, mapping every failure to a status (once, here)."""
        op = self.operations.start(info.path, request=(info.request_class, first),
                                   metadata=context.invocation_metadata())
        try:
            async for chunk in responses:
                yield chunk
            return
        except asyncio.CancelledError:
            status = _cancellation_status(op, info, name)
            if status is None:
                raise
            code, message = status
        except grpc.aio.AbortError:
            raise
        except Exception as exc:  # noqa: BLE001 - mapped to a status below
            code, message = status_for(exc, f"{info.api.resource_subtype} {name!r} {info.name}")
        finally:
            self.operations.finish(op)
        await context.abort(code, message)

    async def _client_stream(self, info: MethodInfo, requests: AsyncIterator[bytes],
                             context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
        """Route a client-streaming or bidi call by the resource name in its first message."""
        iterator = aiter(requests)
        try:
            first = await anext(iterator)
        except StopAsyncIteration:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                                f"{info.path}: the stream closed before its first message (which names the resource)")

        async def replay() -> AsyncIterator[bytes]:
            yield first
            async for raw in iterator:
                yield raw

        name, target = await self._resolve(info, first, context)
        async for chunk in self._guard(info, name, first, context, target.client_stream(info, replay(), context)):
            yield chunk

    def _make_handler(self, info: MethodInfo) -> grpc.RpcMethodHandler:
        if info.client_streaming and info.server_streaming:
            async def stream_stream(requests: AsyncIterator[bytes],
                                    context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
                async for chunk in self._client_stream(info, requests, context):  # grpc wants an async generator
                    yield chunk

            return grpc.stream_stream_rpc_method_handler(stream_stream)

        if info.client_streaming:
            async def stream_unary(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext) -> bytes:
                responses = [chunk async for chunk in self._client_stream(info, requests, context)]
                if len(responses) != 1:
                    await context.abort(grpc.StatusCode.INTERNAL,
                                        f"{info.path}: {len(responses)} responses to a client-streaming call")
                return responses[0]

            return grpc.stream_unary_rpc_method_handler(stream_unary)

        if info.server_streaming:
            async def unary_stream(raw: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[bytes]:
                name, target = await self._resolve(info, raw, context)
                async for chunk in self._guard(info, name, raw, context, target.stream(info, raw, context)):
                    yield chunk

            return grpc.unary_stream_rpc_method_handler(unary_stream)

        async def unary_unary(raw: bytes, context: grpc.aio.ServicerContext) -> bytes:
            name, target = await self._resolve(info, raw, context)
            op = self.operations.start(info.path, request=(info.request_class, raw),
                                       metadata=context.invocation_metadata())
            try:
                return await target.unary(info, raw, context)
            except asyncio.CancelledError:
                status = _cancellation_status(op, info, name)
                if status is None:
                    raise
                code, message = status
            except grpc.aio.AbortError:
                raise
            except Exception as exc:  # noqa: BLE001 - mapped to a status below
                code, message = status_for(exc, f"{info.api.resource_subtype} {name!r} {info.name}")
            finally:
                self.operations.finish(op)
            await context.abort(code, message)
            raise AssertionError("unreachable")

        return grpc.unary_unary_rpc_method_handler(unary_unary)
