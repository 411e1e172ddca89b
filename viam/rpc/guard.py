"""Each call's first checks, on every gRPC listener: who may call, how big, and does it decode.

grpcio applies one receive limit per server, before it allocates a message: that limit is the
largest any method may take (``large`` bytes). Every other method gets the lower ``default``
limit, checked here on the raw bytes before they are decoded. A request that does not decode
answers INVALID_ARGUMENT with a one-line message and is logged once per source per minute,
never with a traceback. A ``gate`` (the tcp_mode module parent port's caller check) runs
before anything else.
"""

from __future__ import annotations

import inspect
import logging
import os
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.message import DecodeError

from viam.utils import shorten

LOG = logging.getLogger(__name__)

MIB = 1024 * 1024
DEFAULT_REQUEST_BYTES = 4 * MIB
LARGE_REQUEST_BYTES = 32 * MIB  # the reference's limit for every message (goutils rpc.MaxMessageSize)
MAX_STREAMS_PER_CONNECTION = 100
# Requests that carry images, point clouds, tensors or audio: they get the large limit.
LARGE_REQUEST_METHODS = frozenset({
    "/viam.robot.v1.RobotService/TransformPCD",
    "/viam.service.vision.v1.VisionService/DetectionsFromImage",
    "/viam.service.vision.v1.VisionService/ClassificationsFromImage",
    "/viam.service.mlmodel.v1.MLModelService/Infer",
    "/viam.component.audioout.v1.AudioOutService/Play",
    "/viam.component.audioout.v1.AudioOutService/PlayStream",
    "/viam.service.motion.v1.MotionService/Move",
    "/viam.service.motion.v1.MotionService/MoveOnMap",
    "/viam.component.arm.v1.ArmService/MoveThroughJointPositions",
})
LOG_EVERY_S = 60.0

Gate = Callable[[grpc.aio.ServicerContext], str | None]


def _env_bytes(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        LOG.error("ignoring %s=%r: not a whole number of bytes", name, text[:40])
        return default
    if value < 1024:
        LOG.error("ignoring %s=%d: under 1024 bytes", name, value)
        return default
    return value


@dataclass(frozen=True)
class ReceiveLimits:
    """Request size limits: ``large`` for LARGE_REQUEST_METHODS, ``default`` for the rest."""

    default: int = DEFAULT_REQUEST_BYTES
    large: int = LARGE_REQUEST_BYTES

    @classmethod
    def from_env(cls) -> ReceiveLimits:
        """``VIAM_GRPC_MAX_REQUEST_BYTES`` and ``VIAM_GRPC_MAX_LARGE_REQUEST_BYTES`` override the defaults."""
        default = _env_bytes("VIAM_GRPC_MAX_REQUEST_BYTES", DEFAULT_REQUEST_BYTES)
        large = _env_bytes("VIAM_GRPC_MAX_LARGE_REQUEST_BYTES", max(LARGE_REQUEST_BYTES, default))
        return cls(default=default, large=max(large, default))

    def for_method(self, method: str) -> int:
        return self.large if method in LARGE_REQUEST_METHODS else self.default


class OncePerSource:
    """Lets a message through once per source per ``every_s`` (bounded memory)."""

    def __init__(self, every_s: float = LOG_EVERY_S, max_sources: int = 1024) -> None:
        self.every_s = every_s
        self.max_sources = max_sources
        self._last: OrderedDict[str, float] = OrderedDict()
        self.suppressed = 0

    def allow(self, source: str) -> bool:
        now = time.monotonic()
        last = self._last.get(source)
        if last is not None and now - last < self.every_s:
            self.suppressed += 1
            return False
        self._last[source] = now
        self._last.move_to_end(source)
        while len(self._last) > self.max_sources:
            self._last.popitem(last=False)
        return True


def _source(peer: str) -> str:
    """The caller's host (no port): one source per machine, not per connection."""
    if peer.startswith(("ipv4:", "ipv6:")):
        return peer.split(":", 1)[1].rsplit(":", 1)[0]
    return peer.split(":", 1)[0] or "unknown"


_request_classes: dict[str, Any] = {}


def request_class(method: str) -> Any:
    """The request message class of ``/pkg.Service/Method`` from the protos we ship (None if unknown)."""
    if method in _request_classes:
        return _request_classes[method]
    found = None
    service, _, name = method.lstrip("/").partition("/")
    try:
        descriptor = descriptor_pool.Default().FindServiceByName(service).FindMethodByName(name)
    except KeyError:
        descriptor = None
    if descriptor is not None:
        found = message_factory.GetMessageClass(descriptor.input_type)
    _request_classes[method] = found
    return found


class CallGuard(grpc.aio.ServerInterceptor):
    """Wraps every handler: gate, size limit, decode check (see the module docstring)."""

    def __init__(self, limits: ReceiveLimits | None = None, gate: Gate | None = None) -> None:
        self.limits = limits or ReceiveLimits.from_env()
        self.gate = gate
        self._logged = OncePerSource()

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        return self._wrap(handler_call_details.method, handler)

    async def _admit(self, method: str, decode: Callable[[bytes], Any] | None, type_name: str, pass_raw: bool,
                     raw: bytes, context: grpc.aio.ServicerContext) -> Any:
        limit = self.limits.for_method(method)
        if len(raw) > limit:
            await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED,
                                f"request of {len(raw)} bytes is over the {limit}-byte limit of {method}")
        if decode is None:
            return raw
        try:
            value = decode(raw)
        except (DecodeError, ValueError, TypeError, RuntimeError) as exc:
            peer = context.peer()
            if self._logged.allow(_source(peer)):
                LOG.warning("refused a request that does not decode (further ones from this source are not "
                            "logged for %gs)", self._logged.every_s,
                            extra={"peer": peer, "method": method, "error": shorten(str(exc), 120)})
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                                f"malformed request: {method} takes a {type_name}")
        return raw if pass_raw else value

    async def _check_gate(self, context: grpc.aio.ServicerContext) -> None:
        if self.gate is not None:
            why = self.gate(context)
            if why:
                await context.abort(grpc.StatusCode.PERMISSION_DENIED, why)

    def _wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        pass_raw = handler.request_deserializer is None
        cls = request_class(method)
        type_name = cls.DESCRIPTOR.full_name if cls is not None else "different message"
        decode = handler.request_deserializer or (cls.FromString if cls is not None else None)
        admit = self._admit
        check_gate = self._check_gate
        serializer = handler.response_serializer

        async def admitted(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            async for raw in requests:
                yield await admit(method, decode, type_name, pass_raw, raw, context)

        if handler.unary_unary:
            inner_uu = handler.unary_unary

            async def unary_unary(raw: bytes, context: grpc.aio.ServicerContext) -> Any:
                await check_gate(context)
                request = await admit(method, decode, type_name, pass_raw, raw, context)
                return await _maybe_await(inner_uu(request, context))

            return grpc.unary_unary_rpc_method_handler(unary_unary, response_serializer=serializer)
        if handler.unary_stream:
            inner_us = handler.unary_stream

            async def unary_stream(raw: bytes, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
                await check_gate(context)
                out = inner_us(await admit(method, decode, type_name, pass_raw, raw, context), context)
                async for item in _responses(out):
                    yield item

            return grpc.unary_stream_rpc_method_handler(unary_stream, response_serializer=serializer)
        if handler.stream_unary:
            inner_su = handler.stream_unary

            async def stream_unary(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext) -> Any:
                await check_gate(context)
                return await _maybe_await(inner_su(admitted(requests, context), context))

            return grpc.stream_unary_rpc_method_handler(stream_unary, response_serializer=serializer)
        inner_ss = handler.stream_stream

        async def stream_stream(requests: AsyncIterator[bytes], context: grpc.aio.ServicerContext
                                ) -> AsyncIterator[Any]:
            await check_gate(context)
            async for item in _responses(inner_ss(admitted(requests, context), context)):
                yield item

        return grpc.stream_stream_rpc_method_handler(stream_stream, response_serializer=serializer)


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def _responses(out: Any) -> AsyncIterator[Any]:
    """A server-streaming behaviour's responses, whether it yields them or writes them itself."""
    if hasattr(out, "__aiter__"):
        async for item in out:
            yield item
    elif inspect.isawaitable(out):
        await out
    else:
        for item in out:
            yield item
