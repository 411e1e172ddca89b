"""Learn a module's gRPC service over server reflection, for APIs this server has no protos for.

A module written with the official SDK may serve any Viam API (base, arm, vision, ...). Calls to
it are forwarded as raw bytes, so all the server needs is the service's method list (names and
streaming kinds). The SDK's module server answers gRPC reflection, as the reference server
expects; the files come back one at a time, so imports are fetched until the set is closed.
"""

from __future__ import annotations

import logging

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import ServiceDescriptor
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

LOG = logging.getLogger(__name__)


class ReflectionError(Exception):
    pass


async def list_services(channel: grpc.aio.Channel, timeout_s: float = 10.0,
                        metadata: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """The full names of the services the far side serves (ReflectionError saying why not)."""
    call = reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(timeout=timeout_s,
                                                                                  metadata=metadata)
    try:
        await call.write(reflection_pb2.ServerReflectionRequest(list_services=""))
        response = await call.read()
        await call.done_writing()
    except grpc.aio.AioRpcError as exc:
        raise ReflectionError(f"cannot list the services: {exc.details()}") from exc
    finally:
        call.cancel()
    if response is grpc.aio.EOF or response.HasField("error_response"):
        raise ReflectionError("the server did not list its services")
    return [service.name for service in response.list_services_response.service]


async def _files_for(channel: grpc.aio.Channel, service_name: str, timeout_s: float,
                     metadata: tuple[tuple[str, str], ...] = ()) -> dict[str, descriptor_pb2.FileDescriptorProto]:
    """The file defining ``service_name`` and everything it imports, by file name."""
    call = reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(timeout=timeout_s,
                                                                                  metadata=metadata)
    try:
        async def ask(**request: str) -> list[descriptor_pb2.FileDescriptorProto]:
            await call.write(reflection_pb2.ServerReflectionRequest(**request))
            response = await call.read()
            if response is grpc.aio.EOF:
                raise ReflectionError("the module closed the reflection stream")
            if response.HasField("error_response"):
                raise ReflectionError(response.error_response.error_message or "reflection error")
            return [descriptor_pb2.FileDescriptorProto.FromString(raw)
                    for raw in response.file_descriptor_response.file_descriptor_proto]

        files: dict[str, descriptor_pb2.FileDescriptorProto] = {}
        pending = await ask(file_containing_symbol=service_name)
        while pending:
            proto = pending.pop()
            if proto.name in files:
                continue
            files[proto.name] = proto
            for dependency in proto.dependency:
                if dependency not in files:
                    pending.extend(await ask(file_by_filename=dependency))
        await call.done_writing()
        return files
    finally:
        call.cancel()


def _build(files: dict[str, descriptor_pb2.FileDescriptorProto], service_name: str) -> ServiceDescriptor:
    """Add the files to a private pool (imports first), so they never clash with this server's protos."""
    pool = descriptor_pool.DescriptorPool()
    added: set[str] = set()

    def add(name: str) -> None:
        if name in added:
            return
        added.add(name)
        proto = files.get(name)
        if proto is None:
            raise ReflectionError(f"the module did not send {name}")
        for dependency in proto.dependency:
            add(dependency)
        pool.Add(proto)

    for name in files:
        add(name)
    return pool.FindServiceByName(service_name)


async def fetch_service(channel: grpc.aio.Channel, service_name: str, timeout_s: float = 10.0,
                        metadata: tuple[tuple[str, str], ...] = ()) -> ServiceDescriptor:
    """The far side's ``service_name`` descriptor (a module's or a remote's), or ReflectionError saying why not."""
    try:
        files = await _files_for(channel, service_name, timeout_s, metadata)
        return _build(files, service_name)
    except ReflectionError:
        raise
    except (grpc.aio.AioRpcError, KeyError, TypeError, ValueError) as exc:
        raise ReflectionError(f"cannot learn {service_name} from the module: {exc}") from exc
