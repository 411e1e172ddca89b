"""Fake button (``rdk:builtin:fake``): counts pushes (``get_status``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.button.api import Button
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)


class FakeButton(Button):
    ATTRIBUTES: tuple[str, ...] = ()

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.pushes = 0

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeButton:
        return cls(config.name)

    async def push(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self.pushes += 1
        LOG.info("button pushed", extra={"resource": self.name, "pushes": self.pushes})

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"pushes": self.pushes}
