"""Fake gantry (``rdk:builtin:fake``): one 5 mm axis at 1.2 mm, as the reference's fake; moves at once.

Attribute ``lengths_mm`` (a list, one entry per axis) gives other axes; they start at 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.gantry.api import Gantry
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies


class FakeGantry(Gantry):
    def __init__(self, name: str, lengths_mm: list[float] | None = None) -> None:
        super().__init__(name)
        if lengths_mm is None:
            self.lengths, self.positions = [5.0], [1.2]
        else:
            self.lengths, self.positions = list(lengths_mm), [0.0] * len(lengths_mm)

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _lengths(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeGantry:
        return cls(config.name, _lengths(config))

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> list[float]:
        return list(self.positions)

    async def move_to_position(self, positions: list[float], speeds: list[float], *, extra: Extra = None,
                               timeout: float | None = None, **kwargs: Any) -> None:
        if len(positions) != len(self.lengths):
            raise InvalidArgumentError(f"gantry {self.name!r} has {len(self.lengths)} axes, got "
                                       f"{len(positions)} positions")
        self.positions = list(positions)

    async def home(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        return True

    async def get_lengths(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> list[float]:
        return list(self.lengths)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        pass

    async def is_moving(self) -> bool:
        return False

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"positions_mm": self.positions, "lengths_mm": self.lengths, "is_moving": False}


def _lengths(config: ResourceConfig) -> list[float] | None:
    value = config.attributes.get("lengths_mm")
    if value is None:
        return None
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value)):
        raise config.error(f"lengths_mm must be a list of positive numbers, got {value!r}", "attributes.lengths_mm")
    return [float(v) for v in value]
