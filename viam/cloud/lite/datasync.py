"""viam-app-lite's ``viam.app.datasync.v1.DataSyncService``: uploads land in the ``DataStore``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import grpc

from viam.cloud.lite.datastore import DataStore
from viam.gen.app.datasync.v1 import data_sync_pb2 as pb
from viam.gen.app.datasync.v1 import data_sync_pb2_grpc as pb_grpc

LOG = logging.getLogger("viam.app_lite.data")
Ctx = grpc.aio.ServicerContext
MAX_FILE_BYTES = 1 << 30


class DataSyncService(pb_grpc.DataSyncServiceServicer):
    def __init__(self, store: DataStore, tokens: object) -> None:
        self.store = store
        self.tokens = tokens

    async def _check(self, meta: pb.UploadMetadata, context: Ctx) -> None:
        if not meta.part_id:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "metadata.part_id is required")
        await self.tokens.require_part(context, meta.part_id)  # type: ignore[attr-defined]

    async def DataCaptureUpload(self, request: pb.DataCaptureUploadRequest,
                                context: Ctx) -> pb.DataCaptureUploadResponse:
        await self._check(request.metadata, context)
        meta = request.metadata
        if meta.type not in (pb.DATA_TYPE_TABULAR_SENSOR, pb.DATA_TYPE_BINARY_SENSOR):
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "metadata.type must be tabular or binary sensor")
        if not request.sensor_contents:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "sensor_contents is empty")
        for index, reading in enumerate(request.sensor_contents):
            kind = reading.WhichOneof("data")
            expected = "binary" if meta.type == pb.DATA_TYPE_BINARY_SENSOR else "struct"
            if kind != expected:
                await context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                                    f"sensor_contents[{index}] holds {kind or 'nothing'}, metadata says {expected}")
        stored = await asyncio.to_thread(self.store.store_capture, meta, list(request.sensor_contents))
        LOG.info("data capture upload", extra={"part": meta.part_id, "component": meta.component_name,
                                               "method": meta.method_name, "readings": len(request.sensor_contents),
                                               "duplicate": stored.duplicate})
        if meta.type == pb.DATA_TYPE_BINARY_SENSOR:
            return pb.DataCaptureUploadResponse(binary_data_id=stored.id)
        return pb.DataCaptureUploadResponse(file_id=stored.id)

    async def StreamingDataCaptureUpload(self, request_iterator: AsyncIterator[pb.StreamingDataCaptureUploadRequest],
                                         context: Ctx) -> pb.StreamingDataCaptureUploadResponse:
        header: pb.DataCaptureUploadMetadata | None = None
        chunks: list[bytes] = []
        size = 0
        async for message in request_iterator:
            if message.WhichOneof("upload_packet") == "metadata":
                if header is not None:
                    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "metadata sent twice")
                header = message.metadata
                await self._check(header.upload_metadata, context)
            else:
                if header is None:
                    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "the first message must be the metadata")
                size += len(message.data)
                if size > MAX_FILE_BYTES:
                    await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "upload larger than 1 GiB")
                chunks.append(message.data)
        if header is None:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no metadata")
        assert header is not None
        reading = pb.SensorData(metadata=header.sensor_metadata, binary=b"".join(chunks))
        stored = await asyncio.to_thread(self.store.store_capture, header.upload_metadata, [reading])
        LOG.info("streaming data capture upload", extra={"part": header.upload_metadata.part_id, "bytes": size,
                                                         "duplicate": stored.duplicate})
        return pb.StreamingDataCaptureUploadResponse(binary_data_id=stored.id)

    async def FileUpload(self, request_iterator: AsyncIterator[pb.FileUploadRequest],
                         context: Ctx) -> pb.FileUploadResponse:
        meta: pb.UploadMetadata | None = None
        chunks: list[bytes] = []
        size = 0
        async for message in request_iterator:
            if message.WhichOneof("upload_packet") == "metadata":
                if meta is not None:
                    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "metadata sent twice")
                meta = message.metadata
                await self._check(meta, context)
            else:
                if meta is None:
                    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "the first message must be the metadata")
                size += len(message.file_contents.data)
                if size > MAX_FILE_BYTES:
                    await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "upload larger than 1 GiB")
                chunks.append(message.file_contents.data)
        if meta is None:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "no metadata")
        assert meta is not None
        stored = await asyncio.to_thread(self.store.store_file, meta, b"".join(chunks))
        LOG.info("file upload", extra={"part": meta.part_id, "file": meta.file_name, "bytes": size,
                                       "duplicate": stored.duplicate})
        return pb.FileUploadResponse(file_id=stored.id, binary_data_id=stored.id)
