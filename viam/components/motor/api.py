"""Motor: a rotating actuator driven by power (-1..1), rpm or revolutions."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from viam.components.base import FromRobot
from viam.resource.base import Actuator, Extra, Resource
from viam.resource.names import API


@dataclass(frozen=True)
class MotorProperties:
    position_reporting: bool


class Motor(FromRobot, Resource, Actuator):
    """Subclasses implement every abstract method; positions are in revolutions."""

    API: ClassVar[API] = API.component("motor")

    @abstractmethod
    async def set_power(self, power: float, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
        """Drive at ``power`` (-1..1) until told otherwise."""

    @abstractmethod
    async def go_for(self, rpm: float, revolutions: float, *, extra: Extra = None,
                     timeout: float | None = None, **kwargs: Any) -> None:
        """Turn ``revolutions`` at ``rpm`` (negative either reverses; 0 revolutions spins forever)."""

    @abstractmethod
    async def go_to(self, rpm: float, position_revolutions: float, *, extra: Extra = None,
                    timeout: float | None = None, **kwargs: Any) -> None:
        """Turn to an absolute position at ``rpm``."""

    @abstractmethod
    async def set_rpm(self, rpm: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        """Spin at ``rpm`` until told otherwise."""

    @abstractmethod
    async def reset_zero_position(self, offset: float, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> None:
        """Make the current position read as ``offset`` revolutions."""

    @abstractmethod
    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> float:
        """Current position in revolutions."""

    @abstractmethod
    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MotorProperties: ...

    @abstractmethod
    async def is_powered(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> tuple[bool, float]:
        """(powered, power -1..1)."""
