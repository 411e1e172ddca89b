"""Client stubs and servicer registration built from a service's descriptor.

The generated ``*_pb2_grpc`` modules restate what the ``*_pb2`` descriptor already holds (each
method's path, streaming kind and message types) as Python code, and importing them costs memory
in every process: ``robot_pb2_grpc`` alone is about 1 MB, which a module process paid only to send
its logs. ``ServiceStub`` and ``add_servicer`` read the descriptor instead and behave as the
generated ``<Service>Stub`` and ``add_<Service>Servicer_to_server`` do.
"""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor

_CALL_KINDS = {  # (client streaming, server streaming) -> channel method
    (False, False): "unary_unary",
    (False, True): "unary_stream",
    (True, False): "stream_unary",
    (True, True): "stream_stream",
}
_HANDLER_KINDS = {
    (False, False): grpc.unary_unary_rpc_method_handler,
    (False, True): grpc.unary_stream_rpc_method_handler,
    (True, False): grpc.stream_unary_rpc_method_handler,
    (True, True): grpc.stream_stream_rpc_method_handler,
}


def _kind(method: MethodDescriptor) -> tuple[bool, bool]:
    return method.client_streaming, method.server_streaming


class ServiceStub:
    """A client for every method of ``service`` on ``channel``: ``stub.GetPosition(request, timeout=...)``.

    The same calls as the generated ``<Service>Stub(channel)``; each method's callable is made
    on first use. An attribute that names no method of the service raises AttributeError.
    """

    def __init__(self, channel: grpc.aio.Channel, service: ServiceDescriptor) -> None:
        self._channel = channel
        self._service = service

    def __getattr__(self, name: str) -> Any:
        service = self.__dict__.get("_service")
        method = service.methods_by_name.get(name) if service is not None else None
        if method is None:
            raise AttributeError(f"{service.full_name if service else 'ServiceStub'} has no method {name}")
        factory = getattr(self._channel, _CALL_KINDS[_kind(method)])
        call = factory(f"/{self._service.full_name}/{name}",
                       request_serializer=message_factory.GetMessageClass(method.input_type).SerializeToString,
                       response_deserializer=message_factory.GetMessageClass(method.output_type).FromString,
                       _registered_method=True)
        setattr(self, name, call)
        return call

    def __repr__(self) -> str:
        return f"ServiceStub({self._service.full_name})"


def _unimplemented(kind: tuple[bool, bool]) -> Any:
    """A handler for a method the servicer lacks: UNIMPLEMENTED, as the generated base class answers."""
    async def unimplemented(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "Method not implemented!")

    async def unimplemented_stream(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "Method not implemented!")
        yield  # pragma: no cover - an async generator, as a server-streaming handler must be

    return unimplemented_stream if kind[1] else unimplemented


def add_servicer(server: grpc.aio.Server, servicer: object, service: ServiceDescriptor) -> None:
    """Serve ``service`` with ``servicer``'s methods (named as the RPCs), as ``add_<Service>Servicer_to_server``."""
    handlers = {}
    for method in service.methods:
        kind = _kind(method)
        behaviour = getattr(servicer, method.name, None) or _unimplemented(kind)
        handlers[method.name] = _HANDLER_KINDS[kind](
            behaviour,
            request_deserializer=message_factory.GetMessageClass(method.input_type).FromString,
            response_serializer=message_factory.GetMessageClass(method.output_type).SerializeToString,
        )
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(service.full_name, handlers),))
    server.add_registered_method_handlers(service.full_name, handlers)
