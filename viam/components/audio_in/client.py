"""AudioInClient: the AudioIn contract over gRPC."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc

from viam.components.audio_in.api import AudioChunk, AudioIn, AudioProperties
from viam.components.resource_rpc import ResourceClient
from viam.errors import error_from_status
from viam.gen.common.v1 import common_pb2
from viam.gen.component.audioin.v1 import audioin_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["AudioInService"]


class AudioInClient(ResourceClient, AudioIn):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_audio(self, codec: str, duration_seconds: float,  # type: ignore[override]
                        previous_timestamp_ns: int, *, extra: Extra = None) -> AsyncIterator[AudioChunk]:
        call = self._stub.GetAudio(pb.GetAudioRequest(
            name=self.name, codec=codec, duration_seconds=duration_seconds, request_id=str(uuid.uuid4()),
            previous_timestamp_nanoseconds=previous_timestamp_ns, extra=extra_struct(extra)))
        try:
            async for response in call:
                c = response.audio
                yield AudioChunk(c.audio_data, c.audio_info.codec, c.audio_info.sample_rate_hz,
                                 c.audio_info.num_channels, c.start_timestamp_nanoseconds,
                                 c.end_timestamp_nanoseconds, c.sequence)
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None
        finally:
            call.cancel()

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties:
        r = await self._call("GetProperties", common_pb2.GetPropertiesRequest(name=self.name,
                                                                              extra=extra_struct(extra)), timeout)
        return AudioProperties(list(r.supported_codecs), r.sample_rate_hz, r.num_channels)
