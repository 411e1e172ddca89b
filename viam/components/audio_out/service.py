"""AudioOutService: proto <-> AudioOut. PlayStream (client streaming) gets (resource, async
iterator of requests, context) from the router, as for modules and remotes it forwards raw."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc

from viam.components.audio_out.api import AudioOut
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
from viam.errors import InvalidArgumentError
from viam.gen.common.v1 import common_pb2
from viam.gen.component.audioout.v1 import audioout_pb2 as pb

Ctx = grpc.aio.ServicerContext


class AudioOutService(ResourceServicer):
    async def Play(self, audio: AudioOut, request: pb.PlayRequest, context: Ctx) -> pb.PlayResponse:
        info = request.audio_info if request.HasField("audio_info") else None
        await audio.play(request.audio_data, info, extra=extra_of(request), timeout=timeout_of(context))
        return pb.PlayResponse()

    async def GetProperties(self, audio: AudioOut, request: common_pb2.GetPropertiesRequest,
                            context: Ctx) -> common_pb2.GetPropertiesResponse:
        p = await audio.get_properties(extra=extra_of(request), timeout=timeout_of(context))
        return common_pb2.GetPropertiesResponse(supported_codecs=p.supported_codecs, sample_rate_hz=p.sample_rate_hz,
                                                num_channels=p.num_channels)

    async def PlayStream(self, audio: AudioOut, requests: AsyncIterator[pb.PlayStreamRequest],
                         context: Ctx) -> pb.PlayStreamResponse:
        # As the reference: PlayStreamInit first; later messages that are not chunks are skipped.
        first = await anext(requests)
        if first.WhichOneof("payload") != "init":
            raise InvalidArgumentError("PlayStream: the first message must be PlayStreamInit")
        info = first.init.audio_info if first.init.HasField("audio_info") else None

        async def chunks() -> AsyncIterator[bytes]:
            async for request in requests:
                if request.WhichOneof("payload") == "audio_chunk":
                    yield request.audio_chunk.audio_data

        await audio.play_stream(info, chunks(), extra=extra_of(first.init), timeout=timeout_of(context))
        return pb.PlayStreamResponse()
