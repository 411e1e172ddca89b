"""Switch: a selector with a fixed number of positions (0-based), optionally labelled."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.resource.base import Extra, Resource
from viam.resource.names import API


class Switch(FromRobot, Resource):
    """Subclasses implement every abstract method."""

    API: ClassVar[API] = API.component("switch")

    @abstractmethod
    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int: ...

    @abstractmethod
    async def set_position(self, position: int, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> None: ...

    @abstractmethod
    async def get_number_of_positions(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> tuple[int, list[str]]:
        """(count, labels); labels may be empty."""
