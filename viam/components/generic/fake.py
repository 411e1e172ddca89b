"""Fake generic component (``rdk:builtin:fake``): echoes commands and counts them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.generic.api import Generic
from viam.config.model import ResourceConfig
from viam.resource.registry import Dependencies


class EchoingFake:
    """``do_command`` returns the command unchanged; ``get_status`` reports how many it has run.

    Mixed into the generic component and the generic service fakes, which differ only in their API.
    """

    ATTRIBUTES: tuple[str, ...] = ()

    def __init__(self, name: str) -> None:
        super().__init__(name)  # type: ignore[call-arg]
        self.commands = 0

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Any:
        return cls(config.name)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        self.commands += 1
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"commands": self.commands}


class FakeGeneric(EchoingFake, Generic):
    """The generic component fake."""
