"""Fake servo (``rdk:builtin:fake``): turns to the commanded angle, instantly or at a set speed.

rdk's fake servo has no attributes: it starts at 0, takes any angle and arrives at once; so does
this one unless configured. Ours only: ``min_angle_deg`` (default 0), ``max_angle_deg`` (default
none), ``starting_position_deg`` (default ``min_angle_deg``) and ``speed_deg_per_sec`` (default 0:
arrives at once); with limits configured, angles outside them are refused with INVALID_ARGUMENT
naming the range.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.servo.api import Servo
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_MIN_ANGLE_DEG = 0
UINT32_MAX = 2**32 - 1  # the API's angle is a uint32: rdk's fake takes any


class FakeServo(Servo):
    """Simulated hobby servo; ``move`` returns when the horn is at the angle or is stopped."""

    ATTRIBUTES: tuple[str, ...] = ("min_angle_deg", "max_angle_deg", "starting_position_deg",
                                   "speed_deg_per_sec")

    def __init__(self, name: str, *, min_angle_deg: int = DEFAULT_MIN_ANGLE_DEG,
                 max_angle_deg: int | None = None, starting_position_deg: int | None = None,
                 speed_deg_per_sec: float = 0.0) -> None:
        super().__init__(name)
        self.min_angle_deg, self.max_angle_deg = min_angle_deg, max_angle_deg
        self.speed_deg_per_sec = speed_deg_per_sec
        start = min_angle_deg if starting_position_deg is None else starting_position_deg
        self._from = float(start)
        self._target = float(start)
        self._since = time.monotonic()
        self._interrupt = asyncio.Event()

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeServo:
        return cls(config.name, **_parse(config))

    # -- simulation ---------------------------------------------------------------------------
    def _angle_now(self) -> float:
        if self.speed_deg_per_sec <= 0:
            return self._target
        travelled = (time.monotonic() - self._since) * self.speed_deg_per_sec
        distance = self._target - self._from
        if travelled >= abs(distance):
            return self._target
        return self._from + travelled * (1 if distance > 0 else -1)

    def _head_for(self, target: float) -> None:
        self._from, self._since, self._target = self._angle_now(), time.monotonic(), target
        self._interrupt.set()  # a move still waiting on the previous command returns
        self._interrupt = asyncio.Event()

    # -- Servo ----------------------------------------------------------------------------------
    async def move(self, angle: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        if not self.min_angle_deg <= angle <= (UINT32_MAX if self.max_angle_deg is None else self.max_angle_deg):
            raise InvalidArgumentError(
                f"servo {self.name!r}: angle {angle}° is outside {self.min_angle_deg}..{self.max_angle_deg}° "
                "(min_angle_deg..max_angle_deg)")
        self._head_for(float(angle))
        interrupted = self._interrupt
        remaining = abs(self._target - self._from) / self.speed_deg_per_sec if self.speed_deg_per_sec > 0 else 0.0
        if remaining > 0:
            try:
                await asyncio.wait_for(interrupted.wait(), timeout=remaining)
            except TimeoutError:
                pass

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return round(self._angle_now())

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self._head_for(self._angle_now())

    async def is_moving(self) -> bool:
        return self._angle_now() != self._target

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"position_deg": round(self._angle_now()), "is_moving": await self.is_moving()}

    async def close(self) -> None:
        await self.stop()


def _int_attr(config: ResourceConfig, key: str, default: int | None) -> int | None:
    value = config.attributes.get(key, default)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise config.error(f"{key} must be a whole number of degrees >= 0, got {value!r}", f"attributes.{key}")
    return value


def _parse(config: ResourceConfig) -> dict[str, Any]:
    low = _int_attr(config, "min_angle_deg", DEFAULT_MIN_ANGLE_DEG)
    high = _int_attr(config, "max_angle_deg", None)
    assert low is not None
    if high is not None and low >= high:
        raise config.error(f"max_angle_deg ({high}) must be greater than min_angle_deg ({low})",
                           "attributes.max_angle_deg")
    start = _int_attr(config, "starting_position_deg", None)
    if start is not None and not low <= start <= (UINT32_MAX if high is None else high):
        raise config.error(f"starting_position_deg {start} is outside {low}..{high if high is not None else 'any'}",
                           "attributes.starting_position_deg")
    speed = config.attributes.get("speed_deg_per_sec", 0.0)
    if not isinstance(speed, int | float) or isinstance(speed, bool) or speed < 0:
        raise config.error(f"speed_deg_per_sec must be a number >= 0, got {speed!r}", "attributes.speed_deg_per_sec")
    return {"min_angle_deg": low, "max_angle_deg": high, "starting_position_deg": start,
            "speed_deg_per_sec": float(speed)}
