"""Gripper: an end effector that opens and grabs."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.resource.base import Actuator, Extra, Resource
from viam.resource.names import API


@dataclass(frozen=True)
class HoldingStatus:
    is_holding_something: bool
    meta: Mapping[str, Any] = field(default_factory=dict)


class Gripper(FromRobot, Resource, Actuator):
    """Subclasses implement ``open``, ``grab``, ``is_holding_something``, ``stop`` and ``is_moving``;
    ``get_current_inputs``/``go_to_inputs`` default to a gripper without joints."""

    API: ClassVar[API] = API.component("gripper")

    @abstractmethod
    async def open(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        """Open the jaws; returns once open."""

    @abstractmethod
    async def grab(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        """Close on whatever is there; True when something was grabbed."""

    @abstractmethod
    async def is_holding_something(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> HoldingStatus: ...

    async def get_current_inputs(self, *, extra: Extra = None, timeout: float | None = None,
                                 **kwargs: Any) -> list[float]:
        return []

    async def go_to_inputs(self, values: list[float], *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> None:
        if values:
            from viam.errors import InvalidArgumentError
            raise InvalidArgumentError(f"gripper {self.name!r} has no inputs, got {len(values)} values")
