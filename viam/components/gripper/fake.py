"""Fake gripper (``rdk:builtin:fake``): opens and grabs at once; grabs nothing, as the reference's fake.

As the reference, its geometry is the config's ``frame.geometry`` (none without one); the
reference's ``model-path`` (a kinematics file for a jointed gripper) is not read here (warned).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.frame_geometry import frame_geometries
from viam.components.gripper.api import Gripper, HoldingStatus
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)


class FakeGripper(Gripper):
    """Remembers whether it is open (``get_status``); ``grab`` returns False, never moving."""

    ATTRIBUTES: tuple[str, ...] = ("model-path",)

    def __init__(self, name: str, geometries: list[Any] | None = None) -> None:
        super().__init__(name)
        self.is_open = True
        self.geometries = list(geometries or [])

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        frame_geometries(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeGripper:
        if "model-path" in config.attributes:
            LOG.warning("gripper %r: attributes.model-path is accepted and has no effect here "
                        "(no gripper kinematics files)", config.name)
        return cls(config.name, frame_geometries(config))

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        return list(self.geometries)

    async def open(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self.is_open = True

    async def grab(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        self.is_open = False
        return False

    async def is_holding_something(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> HoldingStatus:
        return HoldingStatus(False)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        pass

    async def is_moving(self) -> bool:
        return False

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"is_open": self.is_open, "is_moving": False}
