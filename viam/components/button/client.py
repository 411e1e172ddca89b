"""ButtonClient: the Button contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.button.api import Button
from viam.components.resource_rpc import ResourceClient
from viam.gen.component.button.v1 import button_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["ButtonService"]


class ButtonClient(ResourceClient, Button):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def push(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Push", pb.PushRequest(name=self.name, extra=extra_struct(extra)), timeout)
