"""Fake microphone (``rdk:builtin:fake``): a 440 Hz sine tone as 16-bit PCM, paced in real time.

Attributes: ``sample_rate_hz`` (default 44100), ``num_channels`` (1 or 2, default 1). Chunks are
100 ms long, timestamped on the wall clock and numbered from 0; codecs other than ``pcm16`` are
refused with INVALID_ARGUMENT.
"""

from __future__ import annotations

import asyncio
import math
import struct
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from viam.components.audio_in.api import AudioChunk, AudioIn, AudioProperties
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

CHUNK_S = 0.1
TONE_HZ = 440.0


class FakeAudioIn(AudioIn):
    def __init__(self, name: str, sample_rate_hz: int = 44100, num_channels: int = 1) -> None:
        super().__init__(name)
        self.sample_rate_hz, self.num_channels = sample_rate_hz, num_channels

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeAudioIn:
        return cls(config.name, **_parse(config))

    def _samples(self, first: int, count: int) -> bytes:
        frames = []
        for i in range(first, first + count):
            value = int(0.3 * 32767 * math.sin(2 * math.pi * TONE_HZ * i / self.sample_rate_hz))
            frames.append(struct.pack("<" + "h" * self.num_channels, *([value] * self.num_channels)))
        return b"".join(frames)

    async def get_audio(self, codec: str, duration_seconds: float,  # type: ignore[override]
                        previous_timestamp_ns: int, *, extra: Extra = None) -> AsyncIterator[AudioChunk]:
        if codec not in ("", "pcm16"):
            raise InvalidArgumentError(f"audio_in {self.name!r}: codec {codec!r} is not supported (pcm16)")
        per_chunk = int(self.sample_rate_hz * CHUNK_S)
        # duration_seconds is a float32 on the wire (0.3 arrives as 0.30000001): no extra chunk for that
        chunks = math.ceil(duration_seconds / CHUNK_S - 1e-4) if duration_seconds > 0 else None
        start_ns = max(previous_timestamp_ns, time.time_ns())
        started = time.monotonic()
        sequence = 0
        while chunks is None or sequence < chunks:
            begin = start_ns + int(sequence * CHUNK_S * 1e9)
            yield AudioChunk(self._samples(sequence * per_chunk, per_chunk), "pcm16", self.sample_rate_hz,
                             self.num_channels, begin, begin + int(CHUNK_S * 1e9), sequence)
            sequence += 1
            await asyncio.sleep(max(0.0, started + sequence * CHUNK_S - time.monotonic()))  # real-time pacing

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties:
        return AudioProperties(["pcm16"], self.sample_rate_hz, self.num_channels)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)


def _parse(config: ResourceConfig) -> dict[str, int]:
    rate = config.attributes.get("sample_rate_hz", 44100)
    channels = config.attributes.get("num_channels", 1)
    if not isinstance(rate, int | float) or isinstance(rate, bool) or rate < 1000 or rate != int(rate):
        raise config.error(f"sample_rate_hz must be a whole number >= 1000, got {rate!r}", "attributes.sample_rate_hz")
    if channels not in (1, 2):
        raise config.error(f"num_channels must be 1 or 2, got {channels!r}", "attributes.num_channels")
    return {"sample_rate_hz": int(rate), "num_channels": int(channels)}
