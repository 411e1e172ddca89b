"""gRPC reflection over this server's protos and the services it learnt from modules and remotes.

A machine that has this one as a remote learns the APIs it ships no protos for over reflection
(``viam.remote.connection``). A module's own API (or a remote's) is known here only as a
descriptor learnt from that module, kept in a private pool; answering for those too lets the
next machine call a module API through this one, as it can through the reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import grpc
from google.protobuf.descriptor import FileDescriptor, ServiceDescriptor
from grpc_reflection.v1alpha import _async, reflection, reflection_pb2, reflection_pb2_grpc
from grpc_reflection.v1alpha._base import _file_descriptor_response

LearntServices = Callable[[], Iterable[ServiceDescriptor]]


class LearntReflectionServicer(_async.ReflectionServicer):
    def __init__(self, service_names: list[str], learnt: LearntServices) -> None:
        super().__init__(service_names)
        self._learnt = learnt

    def _learnt_file(self, find: Callable[[Any], FileDescriptor]) -> FileDescriptor | None:
        for service in self._learnt():
            try:
                return find(service.file.pool)
            except KeyError:
                continue
        return None

    def _or_learnt(self, response: Any, request: Any, find: Callable[[Any], FileDescriptor]) -> Any:
        if not response.HasField("error_response"):
            return response
        descriptor = self._learnt_file(find)
        # The same answer grpc_reflection gives for its own pool: the file and all it imports.
        return response if descriptor is None else _file_descriptor_response(descriptor, request)

    def _file_by_filename(self, request: Any, filename: str) -> Any:
        return self._or_learnt(super()._file_by_filename(request, filename), request,
                               lambda pool: pool.FindFileByName(filename))

    def _file_containing_symbol(self, request: Any, fully_qualified_name: str) -> Any:
        return self._or_learnt(super()._file_containing_symbol(request, fully_qualified_name), request,
                               lambda pool: pool.FindFileContainingSymbol(fully_qualified_name))

    def _list_services(self, request: Any) -> Any:
        names = sorted({*self._service_names, *(service.full_name for service in self._learnt())})
        return reflection_pb2.ServerReflectionResponse(
            list_services_response=reflection_pb2.ListServiceResponse(
                service=[reflection_pb2.ServiceResponse(name=name) for name in names]),
            original_request=request)


def enable(server: grpc.aio.Server, service_names: list[str], learnt: LearntServices) -> None:
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
        LearntReflectionServicer([*service_names, reflection.SERVICE_NAME], learnt), server)
