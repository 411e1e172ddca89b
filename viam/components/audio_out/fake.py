"""Fake speaker (``rdk:builtin:fake``): accepts audio and counts what it "played" (``get_status``).

Properties: pcm16, 44100 Hz, 2 channels. PCM audio with an odd byte count for its sample
format is refused with INVALID_ARGUMENT; other codecs are taken as opaque bytes. PlayStream
needs its audio info (as the reference's fake) and counts as one play of all its chunks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from viam.components.audio_in.api import AudioProperties
from viam.components.audio_out.api import AudioInfo, AudioOut
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

_PCM_BYTES = {"pcm16": 2, "pcm32": 4, "pcm32_float": 4}


class FakeAudioOut(AudioOut):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.plays = 0
        self.bytes_played = 0

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeAudioOut:
        return cls(config.name)

    async def play(self, data: bytes, info: AudioInfo | None = None, *, extra: Extra = None,
                   timeout: float | None = None, **kwargs: Any) -> None:
        self._check_frames(len(data), info)
        self.plays += 1
        self.bytes_played += len(data)

    async def play_stream(self, info: AudioInfo | None, chunks: AsyncIterator[bytes], *, extra: Extra = None,
                          timeout: float | None = None, **kwargs: Any) -> None:
        if info is None:
            raise InvalidArgumentError(f"audio_out {self.name!r}: PlayStream needs audio_info in its init message")
        played = 0
        async for chunk in chunks:
            self._check_frames(len(chunk), info)
            played += len(chunk)
        self.plays += 1
        self.bytes_played += played

    def _check_frames(self, size: int, info: AudioInfo | None) -> None:
        if info is not None and info.codec in _PCM_BYTES:
            frame = _PCM_BYTES[info.codec] * max(1, info.num_channels)
            if size % frame:
                raise InvalidArgumentError(f"audio_out {self.name!r}: {size} bytes is not a whole number of "
                                           f"{info.codec} frames ({frame} bytes each)")

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties:
        return AudioProperties(["pcm16"], 44100, 2)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"plays": self.plays, "bytes_played": self.bytes_played}
