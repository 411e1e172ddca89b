"""AudioOutClient: the AudioOut contract over gRPC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc

from viam.components.audio_in.api import AudioProperties
from viam.components.audio_out.api import AudioInfo, AudioOut
from viam.components.resource_rpc import ResourceClient
from viam.errors import error_from_status
from viam.gen.common.v1 import common_pb2
from viam.gen.component.audioout.v1 import audioout_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["AudioOutService"]


class AudioOutClient(ResourceClient, AudioOut):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def play(self, data: bytes, info: AudioInfo | None = None, *, extra: Extra = None,
                   timeout: float | None = None, **kwargs: Any) -> None:
        request = pb.PlayRequest(name=self.name, audio_data=data, extra=extra_struct(extra))
        if info is not None:
            request.audio_info.CopyFrom(info)
        await self._call("Play", request, timeout)

    async def play_stream(self, info: AudioInfo | None, chunks: AsyncIterator[bytes], *, extra: Extra = None,
                          timeout: float | None = None, **kwargs: Any) -> None:
        """The client-streaming RPC: PlayStreamInit (name, audio_info, extra), then one message per chunk."""
        async def requests() -> AsyncIterator[pb.PlayStreamRequest]:
            init = pb.PlayStreamInit(name=self.name, extra=extra_struct(extra))
            if info is not None:
                init.audio_info.CopyFrom(info)
            yield pb.PlayStreamRequest(init=init)
            async for chunk in chunks:
                yield pb.PlayStreamRequest(audio_chunk=pb.PlayStreamChunk(audio_data=chunk))

        try:
            await self._stub.PlayStream(requests(), timeout=timeout)
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties:
        r = await self._call("GetProperties", common_pb2.GetPropertiesRequest(name=self.name,
                                                                              extra=extra_struct(extra)), timeout)
        return AudioProperties(list(r.supported_codecs), r.sample_rate_hz, r.num_channels)
