"""Fake switch (``rdk:builtin:fake``): ``position_count`` positions (default 2), optional ``labels``.

As rdk's fake switch: starts at 0; labels whose count is not position_count are dropped (warned
here); a position outside the range fails "switch component rdk:component:switch/s position 3 is
invalid (valid range: 0-2)" (UNKNOWN, the reference's plain error). Ours: DoCommand echoes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.switch.api import Switch
from viam.config.model import ResourceConfig
from viam.errors import ViamError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)


class FakeSwitch(Switch):
    ATTRIBUTES: tuple[str, ...] = ("position_count", "labels")

    def __init__(self, name: str, position_count: int = 2, labels: list[str] | None = None) -> None:
        super().__init__(name)
        self.position_count, self.labels, self.position = position_count, list(labels or []), 0

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeSwitch:
        return cls(config.name, **_parse(config))

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return self.position

    async def set_position(self, position: int, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> None:
        if not 0 <= position < self.position_count:
            raise ViamError(f"switch component {self.resource_name} position {position} is invalid "
                            f"(valid range: 0-{self.position_count - 1})")
        self.position = position

    async def get_number_of_positions(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> tuple[int, list[str]]:
        return self.position_count, list(self.labels)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"position": self.position}


def _parse(config: ResourceConfig) -> dict[str, Any]:
    count = config.attributes.get("position_count", 2)
    if isinstance(count, float) and count.is_integer():
        count = int(count)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise config.error(f"position_count must be a whole number >= 1, got {count!r}", "attributes.position_count")
    labels = config.attributes.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise config.error(f"labels must be a list of strings, got {labels!r}", "attributes.labels")
    if labels and len(labels) != count:
        LOG.warning("switch %r: attributes.labels has %d entries but position_count is %d: labels dropped "
                    "(as the reference does)", config.name, len(labels), count)
        labels = []
    return {"position_count": count, "labels": labels}
