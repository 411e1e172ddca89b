"""AudioIn: a microphone; audio arrives as a stream of timestamped chunks."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.resource.base import Extra, Resource
from viam.resource.names import API


@dataclass(frozen=True)
class AudioProperties:
    supported_codecs: list[str] = field(default_factory=list)
    sample_rate_hz: int = 0
    num_channels: int = 0


@dataclass(frozen=True)
class AudioChunk:
    audio_data: bytes
    codec: str
    sample_rate_hz: int
    num_channels: int
    start_timestamp_ns: int
    end_timestamp_ns: int
    sequence: int


class AudioIn(FromRobot, Resource):
    """Subclasses implement ``get_audio`` and ``get_properties``."""

    API: ClassVar[API] = API.component("audio_in")

    @abstractmethod
    def get_audio(self, codec: str, duration_seconds: float, previous_timestamp_ns: int, *,
                  extra: Extra = None) -> AsyncIterator[AudioChunk]:
        """Chunks for ``duration_seconds`` (0: until the caller stops reading)."""

    @abstractmethod
    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> AudioProperties: ...
