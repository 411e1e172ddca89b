"""Audio output API."""

from viam.components.audio_out.api import AudioInfo, AudioOut

__all__ = ["AudioInfo", "AudioOut"]
