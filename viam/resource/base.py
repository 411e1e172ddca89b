"""The contract every resource implements, local model or remote client alike."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from viam.errors import NotSupportedError
from viam.resource.names import API, ResourceName

Extra = Mapping[str, Any] | None


class Resource(ABC):
    """Base of every component and service.

    Subclasses set ``API`` (their API triplet). Models add ``validate_config`` and ``new``
    (see ``viam.resource.registry.ModelClass``); clients add a constructor from a channel.
    """

    API: ClassVar[API]

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def resource_name(self) -> ResourceName:
        return ResourceName(self.API, self.name)

    async def do_command(
        self, command: Mapping[str, Any], *, timeout: float | None = None, **kwargs: Any
    ) -> Mapping[str, Any]:
        """Run a model-specific command; the default says this resource has none."""
        raise NotSupportedError(f"{self.API.resource_subtype} {self.name!r} does not implement DoCommand")

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        """Return the resource's geometries (``common.v1.Geometry``); none by default."""
        return []

    async def get_status(self) -> Mapping[str, Any]:
        """Return a free-form status map for ``GetStatus``."""
        return {}

    async def close(self) -> None:
        """Release what the resource holds. Must be idempotent."""

    async def __aenter__(self) -> Resource:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.API.resource_subtype} {self.name!r}>"


class Actuator(ABC):
    """A resource that moves and can be stopped (motor, servo, ...)."""

    @abstractmethod
    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        """Stop moving now."""

    @abstractmethod
    async def is_moving(self) -> bool:
        """Whether the actuator is currently moving."""
