"""GenericClient: the generic component over gRPC."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceClient
from viam.components.generic.api import Generic
from viam.gen.component.generic.v1 import generic_pb2 as pb
from viam.rpc.stubs import ServiceStub

SERVICE = pb.DESCRIPTOR.services_by_name["GenericService"]


class GenericClient(ResourceClient, Generic):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))
