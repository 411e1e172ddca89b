"""Pieces shared by every API's servicer and client (also importable as ``viam.components.base``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import grpc

from viam.errors import NotSupportedError, error_from_status
from viam.gen.common.v1 import common_pb2
from viam.resource.base import Extra, Resource
from viam.resource.names import ResourceName
from viam.utils import dict_to_struct, extra_struct, struct_to_dict

if TYPE_CHECKING:
    from viam.client.robot import RobotClient

R = TypeVar("R", bound=Resource)


def extra_of(request: Any) -> dict[str, Any] | None:
    """The request's ``extra`` Struct as a dict, or None when unset."""
    if request.HasField("extra"):
        return struct_to_dict(request.extra)
    return None


def timeout_of(context: grpc.aio.ServicerContext) -> float | None:
    return context.time_remaining()


class ResourceServicer:
    """RPCs every resource API has. Methods take (resource, request, context)."""

    async def DoCommand(
        self, resource: Resource, request: common_pb2.DoCommandRequest, context: grpc.aio.ServicerContext
    ) -> common_pb2.DoCommandResponse:
        result = await resource.do_command(struct_to_dict(request.command), timeout=timeout_of(context))
        return common_pb2.DoCommandResponse(result=dict_to_struct(result))

    async def GetStatus(
        self, resource: Resource, request: common_pb2.GetStatusRequest, context: grpc.aio.ServicerContext
    ) -> common_pb2.GetStatusResponse:
        return common_pb2.GetStatusResponse(result=dict_to_struct(await resource.get_status()))

    async def GetGeometries(
        self, resource: Resource, request: common_pb2.GetGeometriesRequest, context: grpc.aio.ServicerContext
    ) -> common_pb2.GetGeometriesResponse:
        geometries = await resource.get_geometries(extra=extra_of(request), timeout=timeout_of(context))
        return common_pb2.GetGeometriesResponse(geometries=geometries)


class ResourceClient:
    """Calls one resource's API over a channel; concrete clients mix this into their API class."""

    def __init__(self, name: str, channel: grpc.aio.Channel, stub: Any) -> None:
        self.name = name
        self.channel = channel
        self._stub = stub

    async def _call(self, method: str, request: Any, timeout: float | None = None) -> Any:
        rpc = getattr(self._stub, method, None)
        if rpc is None:
            raise NotSupportedError(f"the {type(self).__name__.removesuffix('Client')} API has no {method} RPC")
        try:
            return await rpc(request, timeout=timeout)
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None

    async def do_command(
        self, command: Mapping[str, Any], *, timeout: float | None = None, **kwargs: Any
    ) -> Mapping[str, Any]:
        request = common_pb2.DoCommandRequest(name=self.name, command=dict_to_struct(command))
        response = await self._call("DoCommand", request, timeout)
        return struct_to_dict(response.result)

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        request = common_pb2.GetGeometriesRequest(name=self.name, extra=extra_struct(extra))
        response = await self._call("GetGeometries", request, timeout)
        return list(response.geometries)

    async def get_status(self) -> Mapping[str, Any]:
        response = await self._call("GetStatus", common_pb2.GetStatusRequest(name=self.name))
        return struct_to_dict(response.result)

    async def close(self) -> None:
        """Clients share the robot's channel; closing one closes nothing."""


class FromRobot:
    """Adds ``X.from_robot(robot, "name")`` to an API class."""

    @classmethod
    def from_robot(cls: type[R], robot: RobotClient, name: str) -> R:  # type: ignore[misc]
        resource = robot.get_resource(ResourceName(cls.API, name))
        if not isinstance(resource, cls):
            raise TypeError(f"{name!r} is a {type(resource).__name__}, not a {cls.__name__}")
        return resource
