"""Fake microphone (``rdk:builtin:fake``): silence as 16-bit PCM, paced in real time.

As rdk's fake (components/audioin/fake): attributes ``sample_rate`` (0 or absent: 44100 Hz) and
``num_channels`` (0 or absent: 1; negative values are refused with the reference's messages);
GetAudio answers pcm16 whatever codec is asked for, in 100 ms chunks of zeros numbered from 0,
timestamped on the wall clock from ``previous_timestamp_ns`` (or now), for ``duration_seconds``
(0: until the caller stops); properties: pcm16 at the configured rate and channels.
Ours: ``sample_rate_hz`` is another spelling of ``sample_rate``; DoCommand echoes.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from viam.components.audio_in.api import AudioChunk, AudioIn, AudioProperties
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

CHUNK_S = 0.1


class FakeAudioIn(AudioIn):
    ATTRIBUTES: tuple[str, ...] = ("sample_rate", "sample_rate_hz", "num_channels")

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

    def _samples(self, count: int) -> bytes:
        return bytes(2 * self.num_channels * count)  # the reference's fake records silence

    async def get_audio(self, codec: str, duration_seconds: float,  # type: ignore[override]
                        previous_timestamp_ns: int, *, extra: Extra = None) -> AsyncIterator[AudioChunk]:
        per_chunk = int(self.sample_rate_hz * CHUNK_S)
        # duration_seconds is a float32 on the wire (0.3 arrives as 0.30000001): no extra chunk for that
        chunks = math.ceil(duration_seconds / CHUNK_S - 1e-4) if duration_seconds > 0 else None
        start_ns = max(previous_timestamp_ns, time.time_ns())
        started = time.monotonic()
        sequence = 0
        while chunks is None or sequence < chunks:
            begin = start_ns + int(sequence * CHUNK_S * 1e9)
            yield AudioChunk(self._samples(per_chunk), "pcm16", self.sample_rate_hz,
                             self.num_channels, begin, begin + int(CHUNK_S * 1e9), sequence)
            sequence += 1
            await asyncio.sleep(max(0.0, started + sequence * CHUNK_S - time.monotonic()))  # real-time pacing

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties:
        return AudioProperties(["pcm16"], self.sample_rate_hz, self.num_channels)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)


def _whole(config: ResourceConfig, key: str) -> int:
    value = config.attributes.get(key) or 0
    if not isinstance(value, int | float) or isinstance(value, bool) or value != int(value):
        raise config.error(f"{key} must be a whole number, got {value!r}", f"attributes.{key}")
    if value < 0:  # the reference's messages
        raise config.error(f"{key} must be greater than 0 if provided, got {int(value)}", f"attributes.{key}")
    return int(value)


def _parse(config: ResourceConfig) -> dict[str, int]:
    rate_key = "sample_rate_hz" if "sample_rate_hz" in config.attributes else "sample_rate"
    if "sample_rate_hz" in config.attributes and "sample_rate" in config.attributes:
        raise config.error("give sample_rate or sample_rate_hz (ours), not both", "attributes.sample_rate_hz")
    return {"sample_rate_hz": _whole(config, rate_key) or 44100, "num_channels": _whole(config, "num_channels") or 1}
