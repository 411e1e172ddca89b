"""Encoder API."""

from viam.components.encoder.api import Encoder, EncoderProperties, PositionType
from viam.components.encoder.client import EncoderClient

__all__ = ["Encoder", "EncoderClient", "EncoderProperties", "PositionType"]
