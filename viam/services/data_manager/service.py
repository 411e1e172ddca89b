"""DataManagerService: proto <-> DataManager."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.errors import NotSupportedError
from viam.gen.service.datamanager.v1 import data_manager_pb2 as pb
from viam.services.data_manager.api import DataManager


class DataManagerService(ResourceServicer):
    async def Sync(self, resource: DataManager, request: pb.SyncRequest,
                   context: grpc.aio.ServicerContext) -> pb.SyncResponse:
        await resource.sync(extra=extra_of(request), timeout=timeout_of(context))
        return pb.SyncResponse()

    async def UploadBinaryDataToDatasets(self, resource: DataManager, request: pb.UploadBinaryDataToDatasetsRequest,
                                         context: grpc.aio.ServicerContext) -> pb.UploadBinaryDataToDatasetsResponse:
        raise NotSupportedError(f"data manager {resource.name!r}: UploadBinaryDataToDatasets is not supported")
