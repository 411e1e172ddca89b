"""DataManagerClient: the data manager service over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.errors import NotSupportedError
from viam.gen.service.datamanager.v1 import data_manager_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.services.data_manager.api import DataManager
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["DataManagerService"]


class DataManagerClient(ResourceClient, DataManager):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def sync(self, *, extra: Extra = None, timeout: float | None = None) -> None:
        await self._call("Sync", pb.SyncRequest(name=self.name, extra=extra_struct(extra)), timeout)

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        raise NotSupportedError(f"data manager {self.name!r}: the API has no GetGeometries")
