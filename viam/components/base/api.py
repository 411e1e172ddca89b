"""Base: a mobile platform that drives straight, spins, and takes power or velocity vectors.

Directions follow the reference: +y of ``linear`` is forward, +z of ``angular`` turns left
(counter-clockwise seen from above); a positive ``spin`` angle turns left.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.gen.common.v1.common_pb2 import Vector3
from viam.resource.base import Actuator, Extra, Resource
from viam.resource.names import API

__all__ = ["Base", "BaseProperties", "Vector3"]


@dataclass(frozen=True)
class BaseProperties:
    width_meters: float
    turning_radius_meters: float
    wheel_circumference_meters: float


class Base(FromRobot, Resource, Actuator):
    """Subclasses implement every abstract method plus ``stop`` and ``is_moving``."""

    API: ClassVar[API] = API.component("base")

    @abstractmethod
    async def move_straight(self, distance: int, velocity: float, *, extra: Extra = None,
                            timeout: float | None = None, **kwargs: Any) -> None:
        """Drive ``distance`` mm at ``velocity`` mm/s (either negative drives backwards); returns when done."""

    @abstractmethod
    async def spin(self, angle: float, velocity: float, *, extra: Extra = None, timeout: float | None = None,
                   **kwargs: Any) -> None:
        """Turn in place by ``angle`` degrees at ``velocity`` deg/s; returns when done."""

    @abstractmethod
    async def set_power(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                        timeout: float | None = None, **kwargs: Any) -> None:
        """Drive at powers -1..1 (linear.y forward, angular.z left) until told otherwise."""

    @abstractmethod
    async def set_velocity(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> None:
        """Drive at linear.y mm/s and angular.z deg/s until told otherwise."""

    @abstractmethod
    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> BaseProperties: ...
