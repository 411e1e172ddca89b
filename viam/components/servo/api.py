"""Servo: an actuator that turns to an absolute angle in whole degrees."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from viam.components.base import FromRobot
from viam.resource.base import Actuator, Extra, Resource
from viam.resource.names import API


class Servo(FromRobot, Resource, Actuator):
    """Subclasses implement ``move``, ``get_position``, ``stop`` and ``is_moving``."""

    API: ClassVar[API] = API.component("servo")

    @abstractmethod
    async def move(self, angle: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        """Turn to ``angle`` degrees; returns once there (or when stopped)."""

    @abstractmethod
    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        """Current angle in degrees."""
