"""AudioInService: proto <-> AudioIn."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc

from viam.components.audio_in.api import AudioIn
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.gen.common.v1 import common_pb2
from viam.gen.component.audioin.v1 import audioin_pb2 as pb

Ctx = grpc.aio.ServicerContext


class AudioInService(ResourceServicer):
    async def GetAudio(self, audio: AudioIn, request: pb.GetAudioRequest,
                       context: Ctx) -> AsyncIterator[pb.GetAudioResponse]:
        stream = audio.get_audio(request.codec, request.duration_seconds, request.previous_timestamp_nanoseconds,
                                 extra=extra_of(request))
        try:
            async for chunk in stream:
                yield pb.GetAudioResponse(request_id=request.request_id, audio=pb.AudioChunk(
                    audio_data=chunk.audio_data, sequence=chunk.sequence,
                    start_timestamp_nanoseconds=chunk.start_timestamp_ns,
                    end_timestamp_nanoseconds=chunk.end_timestamp_ns,
                    audio_info=common_pb2.AudioInfo(codec=chunk.codec, sample_rate_hz=chunk.sample_rate_hz,
                                                    num_channels=chunk.num_channels)))
        finally:
            await stream.aclose()  # type: ignore[attr-defined]

    async def GetProperties(self, audio: AudioIn, request: common_pb2.GetPropertiesRequest,
                            context: Ctx) -> common_pb2.GetPropertiesResponse:
        p = await audio.get_properties(extra=extra_of(request), timeout=timeout_of(context))
        return common_pb2.GetPropertiesResponse(supported_codecs=p.supported_codecs, sample_rate_hz=p.sample_rate_hz,
                                                num_channels=p.num_channels)
