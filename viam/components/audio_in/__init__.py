"""Audio input API."""

from viam.components.audio_in.api import AudioChunk, AudioIn, AudioProperties

__all__ = ["AudioChunk", "AudioIn", "AudioProperties"]
