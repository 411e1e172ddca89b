"""Fake encoder (``rdk:builtin:fake``): a shaft turning at a set speed, sampled at a fixed rate.

As rdk's fake encoder: it counts ticks only (properties: no angle; a degrees request is an error:
'encoder does not support "degrees"; use a different PositionType'; any other position type
reads ticks), starts at 0 and still, ``update_rate_msec`` (0 or absent: 100) is how far apart the
count moves, ResetPosition sets 0, and a fake motor naming it in ``encoder`` drives it (speed in
ticks per minute, and the position it snaps to when a GoFor/GoTo ends).
Ours only: ``ticks_per_rotation`` (also reports angles; for ``speed_rpm`` 360 when not
configured, so one tick is one degree), ``speed_rpm`` (default 0: still), and DoCommand
``{"set_speed_rpm": x}`` / ``{"set_position_ticks": n}`` (the command is echoed back; the
reference answers DoCommand with an error), so tests can drive it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from viam.components.encoder.api import Encoder, EncoderProperties, PositionType
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, NotSupportedError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_TICKS_PER_ROTATION = 360
DEFAULT_UPDATE_RATE_MSEC = 100.0


class FakeEncoder(Encoder):
    """Simulated incremental encoder that can also report its angle."""

    ATTRIBUTES: tuple[str, ...] = ("update_rate_msec", "ticks_per_rotation", "speed_rpm")

    def __init__(self, name: str, *, ticks_per_rotation: int | None = None, speed_rpm: float = 0.0,
                 update_rate_msec: float = DEFAULT_UPDATE_RATE_MSEC,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(name)
        self.reports_angle = ticks_per_rotation is not None  # rdk's fake reports ticks only
        self.ticks_per_rotation = ticks_per_rotation or DEFAULT_TICKS_PER_ROTATION
        self.update_rate_msec = update_rate_msec
        self._clock = clock
        self._ticks_per_minute = speed_rpm * self.ticks_per_rotation
        self._base_ticks = 0.0
        self._since = clock()

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeEncoder:
        return cls(config.name, **_parse(config))

    # -- simulation ---------------------------------------------------------------------------------
    def _ticks_now(self) -> float:
        updates = math.floor((self._clock() - self._since) * 1000.0 / self.update_rate_msec)
        ticks_per_update = self._ticks_per_minute * self.update_rate_msec / 60_000.0
        return self._base_ticks + updates * ticks_per_update

    def position_ticks(self) -> float:
        """The count now (what GetPosition reads)."""
        return self._ticks_now()

    def set_position(self, ticks: float) -> None:
        """Read ``ticks`` from now on (the reference fake's SetPosition)."""
        self._base_ticks, self._since = float(ticks), self._clock()

    def set_speed_ticks_per_minute(self, ticks_per_minute: float) -> None:
        """Count at this rate from now on (the reference fake's SetSpeed; negative counts down)."""
        self.set_position(self._ticks_now())
        self._ticks_per_minute = float(ticks_per_minute)

    def set_speed(self, rpm: float) -> None:
        """Turn at ``rpm`` (of ``ticks_per_rotation``) from now on (negative counts down)."""
        self.set_speed_ticks_per_minute(rpm * self.ticks_per_rotation)

    @property
    def speed_rpm(self) -> float:
        return self._ticks_per_minute / self.ticks_per_rotation

    # -- Encoder -----------------------------------------------------------------------------------
    async def reset_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self.set_position(0.0)

    async def get_position(self, position_type: PositionType.ValueType | None = None, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> tuple[float, PositionType.ValueType]:
        ticks = self._ticks_now()
        if position_type == PositionType.POSITION_TYPE_ANGLE_DEGREES:
            if not self.reports_angle:
                raise NotSupportedError('encoder does not support "degrees"; use a different PositionType')
            return (ticks / self.ticks_per_rotation * 360.0) % 360.0, PositionType.POSITION_TYPE_ANGLE_DEGREES
        return ticks, PositionType.POSITION_TYPE_TICKS_COUNT

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> EncoderProperties:
        return EncoderProperties(ticks_count_supported=True, angle_degrees_supported=self.reports_angle)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        for key, apply in (("set_position_ticks", self.set_position), ("set_speed_rpm", self.set_speed)):
            if key in command:
                value = command[key]
                if not isinstance(value, int | float) or isinstance(value, bool):
                    raise InvalidArgumentError(f"encoder {self.name!r}: {key} must be a number, got {value!r}")
                apply(float(value))
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"position_ticks": self._ticks_now(), "speed_rpm": self.speed_rpm}


def _number(config: ResourceConfig, key: str, default: float, *, positive: bool) -> float:
    value = config.attributes.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or (positive and value <= 0):
        kind = "a positive number" if positive else "a number"
        raise config.error(f"{key} must be {kind}, got {value!r}", f"attributes.{key}")
    return float(value)


def _parse(config: ResourceConfig) -> dict[str, Any]:
    if _number(config, "update_rate_msec", 0.0, positive=False) < 0:
        raise config.error(f"update_rate_msec must be >= 0 (0: 100 ms), got {config.attributes['update_rate_msec']!r}",
                           "attributes.update_rate_msec")
    ticks = _number(config, "ticks_per_rotation", DEFAULT_TICKS_PER_ROTATION, positive=True)
    if not ticks.is_integer():
        raise config.error(f"ticks_per_rotation must be a whole number, got {ticks!r}", "attributes.ticks_per_rotation")
    return {
        "ticks_per_rotation": int(ticks) if "ticks_per_rotation" in config.attributes else None,
        "speed_rpm": _number(config, "speed_rpm", 0.0, positive=False),
        # The reference takes 0 (or no value) as its default, 100 ms.
        "update_rate_msec": _number(config, "update_rate_msec", 0.0, positive=False) or DEFAULT_UPDATE_RATE_MSEC,
    }
