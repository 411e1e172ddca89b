"""Fake motor (``rdk:builtin:fake``): position advances with time at the commanded rpm.

As rdk's fake motor: power = rpm / max_rpm (max_rpm 100 by default), SetPower takes any power
(not clamped), GoFor clamps the rpm to max_rpm, 0 rpm and 0 revolutions (GoFor, and GoTo to where
it is) are the reference's errors, an rpm below 0.1 or near max_rpm is a warning, IsPowered and
IsMoving mean |power| >= 0.005. Unlike rdk's (which needs a fake encoder for it and otherwise
answers "encoder is not defined"), the position is always simulated and reported.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.motor.api import Motor, MotorProperties
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_MAX_RPM = 100.0
POWERED_FROM = 0.005  # rdk's fake: |power| at or above this is powered
LOG = logging.getLogger(__name__)


class FakeMotor(Motor):
    """Simulated motor. Attributes: ``max_rpm`` (default 100), ``ticks_per_rotation`` (ignored)."""

    def __init__(self, name: str, max_rpm: float = DEFAULT_MAX_RPM) -> None:
        super().__init__(name)
        self.max_rpm = max_rpm
        self._power = 0.0
        self._rpm = 0.0
        self._base_position = 0.0
        self._since = time.monotonic()
        self._target: float | None = None
        self._stop_event = asyncio.Event()

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        max_rpm = config.attributes.get("max_rpm", DEFAULT_MAX_RPM)
        if not isinstance(max_rpm, int | float) or isinstance(max_rpm, bool) or max_rpm <= 0:
            raise config.error(f"max_rpm must be a positive number, got {max_rpm!r}", "attributes.max_rpm")
        board = config.attributes.get("board")
        return ([board] if isinstance(board, str) and board else []), []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeMotor:
        return cls(config.name, float(config.attributes.get("max_rpm", DEFAULT_MAX_RPM)))

    # -- simulation ---------------------------------------------------------------------------
    def _position_now(self) -> float:
        elapsed = time.monotonic() - self._since
        position = self._base_position + self._rpm * elapsed / 60.0
        if self._target is not None:
            reached = (self._rpm > 0 and position >= self._target) or (self._rpm < 0 and position <= self._target)
            if reached:
                self._base_position, self._since = self._target, time.monotonic()
                self._target, self._rpm, self._power = None, 0.0, 0.0
                return self._base_position
        return position

    def _drive(self, rpm: float, target: float | None = None) -> None:
        self._base_position = self._position_now()
        self._since = time.monotonic()
        self._rpm = rpm
        self._power = rpm / self.max_rpm
        self._target = target
        self._stop_event.set()  # interrupts a GoFor/GoTo still waiting on the previous command
        self._stop_event = asyncio.Event()

    def _clamp_rpm(self, rpm: float) -> float:
        return max(-self.max_rpm, min(self.max_rpm, rpm))

    def _check_speed(self, rpm: float) -> None:
        """rdk fake's checkSpeed: 0 is an error; nearly 0 or nearly max_rpm a warning."""
        speed = abs(rpm)
        if speed == 0 or math.isnan(speed):
            raise InvalidArgumentError("Cannot move motor at an RPM that is nearly 0")
        if speed < 0.1:
            LOG.warning("motor %r: motor speed is nearly 0 rev_per_min", self.name)
        elif speed > self.max_rpm - 0.1:
            LOG.warning("motor %r: motor speed is nearly the max rev_per_min (%f)", self.name, self.max_rpm)

    @staticmethod
    def _check_revolutions(revolutions: float) -> None:
        if revolutions == 0:
            raise InvalidArgumentError("Cannot move motor for 0 revolutions")

    async def _wait_until_target(self) -> None:
        """Wait until the target is reached, or a newer command or stop() interrupts."""
        interrupted = self._stop_event
        try:
            while self._target is not None and not interrupted.is_set():
                remaining = abs(self._target - self._position_now()) / max(abs(self._rpm), 1e-9) * 60.0
                try:
                    await asyncio.wait_for(interrupted.wait(), timeout=min(remaining, 0.05) + 0.001)
                    return
                except TimeoutError:
                    continue
        except asyncio.CancelledError:
            # The call was cancelled (CancelOperation, client gone): stop, as the reference's
            # WaitTillNotPowered does, unless a newer command already took over.
            if not interrupted.is_set():
                self._drive(0.0)
            raise

    # -- Motor ----------------------------------------------------------------------------------
    async def set_power(self, power: float, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
        if math.isnan(power):
            raise InvalidArgumentError(f"motor {self.name!r}: power is not a number")
        self._drive(power * self.max_rpm)  # not clamped, as rdk's fake
        self._power = power

    async def go_for(self, rpm: float, revolutions: float, *, extra: Extra = None,
                     timeout: float | None = None, **kwargs: Any) -> None:
        self._check_speed(rpm)
        self._check_revolutions(revolutions)
        rpm = self._clamp_rpm(rpm)
        direction = 1.0 if (rpm > 0) == (revolutions > 0) else -1.0
        start = self._position_now()
        self._drive(direction * abs(rpm), start + direction * abs(revolutions))
        await self._wait_until_target()

    async def go_to(self, rpm: float, position_revolutions: float, *, extra: Extra = None,
                    timeout: float | None = None, **kwargs: Any) -> None:
        self._check_speed(rpm)
        rpm = abs(self._clamp_rpm(rpm))
        current = self._position_now()
        self._check_revolutions(position_revolutions - current)
        direction = 1.0 if position_revolutions > current else -1.0
        self._drive(direction * rpm, position_revolutions)
        await self._wait_until_target()

    async def set_rpm(self, rpm: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        self._check_speed(rpm)
        self._drive(rpm)  # power rpm / max_rpm, not clamped (rdk's fake)

    async def reset_zero_position(self, offset: float, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> None:
        self._position_now()
        self._base_position, self._since = -offset, time.monotonic()
        if self._target is not None:
            self._target = None

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self._position_now()

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MotorProperties:
        return MotorProperties(position_reporting=True)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self._drive(0.0)

    async def is_powered(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> tuple[bool, float]:
        self._position_now()
        return abs(self._power) >= POWERED_FROM, self._power

    async def is_moving(self) -> bool:
        self._position_now()
        return abs(self._power) >= POWERED_FROM

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        powered, _ = await self.is_powered()
        return {"is_powered": powered, "position": self._position_now(), "is_moving": await self.is_moving()}

    async def close(self) -> None:
        await self.stop()
