"""GenericClient: the generic service over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.errors import NotSupportedError
from viam.gen.service.generic.v1 import generic_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.services.generic.api import Generic

SERVICE = pb.DESCRIPTOR.services_by_name["GenericService"]


class GenericClient(ResourceClient, Generic):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        """The generic service's API has no GetGeometries (services are not in the frame system)."""
        raise NotSupportedError(f"generic service {self.name!r}: the API has no GetGeometries")
