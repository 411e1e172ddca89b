"""Fake speaker (``rdk:builtin:fake``): takes pcm16 audio and "plays" it in real time.

As rdk's fake (components/audioout/fake): properties pcm16, 44100 Hz, 1 channel; Play and
PlayStream refuse empty audio ("no audio data provided"), a missing audio info ("audio info is
required"), another codec ("codec mp3 not supported, only pcm16 is supported") and a sample rate
or channel count not above zero ("invalid audio info, sample rate and num channels must be above
zero"), all as plain errors (UNKNOWN); they return after the audio's duration (samples / rate).
Ours: it counts what it played (``get_status``: plays, bytes_played); DoCommand echoes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from viam.components.audio_in.api import AudioProperties
from viam.components.audio_out.api import AudioInfo, AudioOut
from viam.config.model import ResourceConfig
from viam.errors import ViamError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

BYTES_PER_SAMPLE = 2  # pcm16


def _check_info(info: AudioInfo | None) -> AudioInfo:
    if info is None:
        raise ViamError("audio info is required")
    if info.codec != "pcm16":
        raise ViamError(f"codec {info.codec} not supported, only pcm16 is supported")
    if info.num_channels <= 0 or info.sample_rate_hz <= 0:
        raise ViamError("invalid audio info, sample rate and num channels must be above zero")
    return info


def _duration_s(size: int, info: AudioInfo) -> float:
    """The reference's arithmetic: whole samples of all channels over the sample rate."""
    return size // (BYTES_PER_SAMPLE * info.num_channels) / info.sample_rate_hz


class FakeAudioOut(AudioOut):
    ATTRIBUTES: tuple[str, ...] = ()

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
        if not data:
            raise ViamError("no audio data provided")
        info = _check_info(info)
        await asyncio.sleep(_duration_s(len(data), info))
        self.plays += 1
        self.bytes_played += len(data)

    async def play_stream(self, info: AudioInfo | None, chunks: AsyncIterator[bytes], *, extra: Extra = None,
                          timeout: float | None = None, **kwargs: Any) -> None:
        info = _check_info(info)
        played = 0
        async for chunk in chunks:
            played += len(chunk)
            await asyncio.sleep(_duration_s(len(chunk), info))
        self.plays += 1
        self.bytes_played += played

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties:
        return AudioProperties(["pcm16"], 44100, 1)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"plays": self.plays, "bytes_played": self.bytes_played}
