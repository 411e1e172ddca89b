"""GantryClient: the Gantry contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.gantry.api import Gantry
from viam.components.resource_rpc import ResourceClient
from viam.gen.component.gantry.v1 import gantry_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["GantryService"]


class GantryClient(ResourceClient, Gantry):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> list[float]:
        response = await self._call("GetPosition", pb.GetPositionRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return list(response.positions_mm)

    async def move_to_position(self, positions: list[float], speeds: list[float], *, extra: Extra = None,
                               timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("MoveToPosition", pb.MoveToPositionRequest(
            name=self.name, positions_mm=positions, speeds_mm_per_sec=speeds, extra=extra_struct(extra)), timeout)

    async def home(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        return (await self._call("Home", pb.HomeRequest(name=self.name, extra=extra_struct(extra)), timeout)).homed

    async def get_lengths(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> list[float]:
        response = await self._call("GetLengths", pb.GetLengthsRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return list(response.lengths_mm)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Stop", pb.StopRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def is_moving(self) -> bool:
        return (await self._call("IsMoving", pb.IsMovingRequest(name=self.name))).is_moving
