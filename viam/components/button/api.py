"""Button: something that can be pushed (a physical button, a trigger)."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.resource.base import Extra, Resource
from viam.resource.names import API


class Button(FromRobot, Resource):
    """Subclasses implement ``push``."""

    API: ClassVar[API] = API.component("button")

    @abstractmethod
    async def push(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None: ...
