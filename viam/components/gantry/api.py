"""Gantry: linear axes positioned in millimetres."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.resource.base import Actuator, Extra, Resource
from viam.resource.names import API


class Gantry(FromRobot, Resource, Actuator):
    """Subclasses implement every abstract method plus ``stop`` and ``is_moving``; one value per axis."""

    API: ClassVar[API] = API.component("gantry")

    @abstractmethod
    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> list[float]:
        """Position of each axis in mm."""

    @abstractmethod
    async def move_to_position(self, positions: list[float], speeds: list[float], *, extra: Extra = None,
                               timeout: float | None = None, **kwargs: Any) -> None:
        """Move each axis to ``positions`` mm at ``speeds`` mm/s."""

    @abstractmethod
    async def home(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool: ...

    @abstractmethod
    async def get_lengths(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> list[float]:
        """Length of each axis in mm."""
