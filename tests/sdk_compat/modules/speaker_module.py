"""Official-SDK module serving a speaker that counts what PlayStream (a client-streaming RPC) sends it."""

import asyncio
from typing import ClassVar

from viam.module.module import Module
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily

from viam.components.audio_out import AudioOut


class CountingSpeaker(AudioOut, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "counting-speaker")
    received = 0
    chunks = 0
    rate = 0

    async def play(self, data, info=None, *, extra=None, timeout=None, **kwargs):
        self.received += len(data)

    async def play_stream(self, info, chunks, *, extra=None, timeout=None, **kwargs):
        self.rate = info.sample_rate_hz
        async for chunk in chunks:
            self.received += len(chunk)
            self.chunks += 1

    async def get_properties(self, *, extra=None, timeout=None, **kwargs):
        return AudioOut.Properties()

    async def do_command(self, command, *, timeout=None, **kwargs):
        return {"bytes": self.received, "chunks": self.chunks, "rate": self.rate}

    async def get_geometries(self, *, extra=None, timeout=None, **kwargs):
        return []


if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
