"""RobotService/UploadDataFromPath, answered by the machine's builtin data manager."""

from __future__ import annotations

from pathlib import Path

import grpc

from viam.errors import FailedPreconditionError
from viam.gen.app.datasync.v1 import data_sync_pb2
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.services.data_manager.builtin import ResourceLister, find_data_manager


async def upload_data_from_path(machine: ResourceLister, request: pb.UploadDataFromPathRequest,
                                context: grpc.aio.ServicerContext) -> pb.UploadDataFromPathResponse:
    manager = find_data_manager(machine)
    if manager is None:
        await context.abort(grpc.StatusCode.FAILED_PRECONDITION,
                            "UploadDataFromPath needs a data manager (rdk:service:data_manager, model builtin)")
    assert manager is not None
    if not request.path:
        await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "path is required")
    tags: list[str] = []
    dataset_ids: list[str] = []
    if request.HasField("upload_metadata"):
        try:
            meta = data_sync_pb2.UploadMetadata.FromString(request.upload_metadata)
        except Exception:  # noqa: BLE001 - any decode error is the caller's
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "upload_metadata is not a viam.app.datasync.v1."
                                "UploadMetadata")
        tags, dataset_ids = list(meta.tags), list(meta.dataset_ids)
    try:
        result = await manager.upload_from_path(Path(request.path), tags, dataset_ids)
    except FileNotFoundError as exc:
        await context.abort(grpc.StatusCode.NOT_FOUND, str(exc))
    except FailedPreconditionError as exc:
        await context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
    return pb.UploadDataFromPathResponse(**result)
