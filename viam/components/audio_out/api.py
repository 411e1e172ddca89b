"""AudioOut: a speaker that plays audio data."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import AsyncIterator
from typing import Any, ClassVar

from viam.components.audio_in.api import AudioProperties
from viam.components.resource_rpc import FromRobot
from viam.gen.common.v1.common_pb2 import AudioInfo
from viam.resource.base import Extra, Resource
from viam.resource.names import API

__all__ = ["AudioInfo", "AudioOut", "AudioProperties"]


class AudioOut(FromRobot, Resource):
    """Subclasses implement ``play`` and ``get_properties``."""

    API: ClassVar[API] = API.component("audio_out")

    @abstractmethod
    async def play(self, data: bytes, info: AudioInfo | None = None, *, extra: Extra = None,
                   timeout: float | None = None, **kwargs: Any) -> None:
        """Play ``data``; returns when it has been played."""

    async def play_stream(self, info: AudioInfo | None, chunks: AsyncIterator[bytes], *, extra: Extra = None,
                          timeout: float | None = None, **kwargs: Any) -> None:
        """Play audio that arrives in chunks; returns when the last chunk has been played.

        Default: each chunk is played in turn as one ``play``.
        """
        async for chunk in chunks:
            await self.play(chunk, info, extra=extra, timeout=timeout)

    @abstractmethod
    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties: ...
