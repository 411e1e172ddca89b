"""AudioOutService: proto <-> AudioOut. PlayStream (client streaming) is not served for local
models yet (UNIMPLEMENTED);
the router forwards it to modules and remotes, and a method added here would be called with
(resource, async iterator of requests, context)."""

from __future__ import annotations

import grpc

from viam.components.audio_out.api import AudioOut
from viam.components.resource_rpc import ResourceServicer, extra_of, timeout_of
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
