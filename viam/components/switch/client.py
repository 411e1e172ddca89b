"""SwitchClient: the Switch contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.resource_rpc import ResourceClient
from viam.components.switch.api import Switch
from viam.errors import InvalidArgumentError
from viam.gen.component.switch.v1 import switch_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["SwitchService"]


class SwitchClient(ResourceClient, Switch):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        response = await self._call("GetPosition", pb.GetPositionRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return response.position

    async def set_position(self, position: int, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> None:
        if position < 0:  # the wire field is unsigned
            raise InvalidArgumentError(f"switch {self.name!r}: position {position} is negative")
        await self._call("SetPosition", pb.SetPositionRequest(name=self.name, position=position,
                                                              extra=extra_struct(extra)), timeout)

    async def get_number_of_positions(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> tuple[int, list[str]]:
        response = await self._call("GetNumberOfPositions", pb.GetNumberOfPositionsRequest(
            name=self.name, extra=extra_struct(extra)), timeout)
        return response.number_of_positions, list(response.labels)
