"""GripperClient: the Gripper contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.gripper.api import Gripper, HoldingStatus
from viam.components.resource_rpc import ResourceClient
from viam.gen.component.gripper.v1 import gripper_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct, struct_to_dict

SERVICE = pb.DESCRIPTOR.services_by_name["GripperService"]


class GripperClient(ResourceClient, Gripper):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def open(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Open", pb.OpenRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def grab(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        return (await self._call("Grab", pb.GrabRequest(name=self.name, extra=extra_struct(extra)), timeout)).success

    async def is_holding_something(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> HoldingStatus:
        response = await self._call("IsHoldingSomething", pb.IsHoldingSomethingRequest(
            name=self.name, extra=extra_struct(extra)), timeout)
        return HoldingStatus(response.is_holding_something, struct_to_dict(response.meta))

    async def get_current_inputs(self, *, extra: Extra = None, timeout: float | None = None,
                                 **kwargs: Any) -> list[float]:
        response = await self._call("GetCurrentInputs", pb.GetCurrentInputsRequest(
            name=self.name, extra=extra_struct(extra)), timeout)
        return list(response.values)

    async def go_to_inputs(self, values: list[float], *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> None:
        await self._call("GoToInputs", pb.GoToInputsRequest(name=self.name, values=values,
                                                            extra=extra_struct(extra)), timeout)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._call("Stop", pb.StopRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def is_moving(self) -> bool:
        return (await self._call("IsMoving", pb.IsMovingRequest(name=self.name))).is_moving
