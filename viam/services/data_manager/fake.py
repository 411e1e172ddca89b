"""Fake data manager (``rdk:builtin:fake``): counts sync calls, captures nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies
from viam.services.data_manager.api import DataManager


class FakeDataManager(DataManager):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.syncs = 0

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeDataManager:
        return cls(config.name)

    async def sync(self, *, extra: Extra = None, timeout: float | None = None) -> None:
        self.syncs += 1

    async def get_status(self) -> Mapping[str, Any]:
        return {"syncs": self.syncs}
