"""Encoder: counts a shaft's rotation as ticks, and may report it as an angle."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from viam.components.base import FromRobot
from viam.gen.component.encoder.v1.encoder_pb2 import PositionType
from viam.resource.base import Extra, Resource
from viam.resource.names import API


@dataclass(frozen=True)
class EncoderProperties:
    ticks_count_supported: bool
    angle_degrees_supported: bool


class Encoder(FromRobot, Resource):
    """Subclasses implement every abstract method."""

    API: ClassVar[API] = API.component("encoder")

    Properties = EncoderProperties

    @abstractmethod
    async def reset_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        """Make the current position read as zero."""

    @abstractmethod
    async def get_position(self, position_type: PositionType.ValueType | None = None, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> tuple[float, PositionType.ValueType]:
        """(value, the type it is in): ticks for TICKS_COUNT, 0..360 for ANGLE_DEGREES.

        With no ``position_type`` (or UNSPECIFIED) the encoder answers in its native type.
        """

    @abstractmethod
    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> EncoderProperties: ...


__all__ = ["Encoder", "EncoderProperties", "PositionType"]
