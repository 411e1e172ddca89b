"""Fake motor (``rdk:builtin:fake``): a timed motor whose position is a fake encoder's count.

As rdk's fake motor, attribute for attribute:

- ``max_rpm`` (0 or absent: 100); power = rpm / max_rpm. SetPower takes any power (not
  clamped), SetRPM is not clamped, GoFor/GoTo clamp the rpm to max_rpm and take
  ``|revolutions / rpm|`` minutes. 0 rpm and 0 revolutions (GoFor, and GoTo to where it is) are
  the reference's errors; an rpm below 0.1 or near max_rpm is a warning. IsPowered and IsMoving
  mean ``|power| >= 0.005``.
- ``encoder`` names a ``rdk:builtin:fake`` encoder and needs ``ticks_per_rotation`` > 0
  ("need nonzero TicksPerRotation for encoded motor"). Power drives the encoder at
  ``max_rpm * power * ticks_per_rotation`` ticks per minute; a GoFor/GoTo that runs its time
  sets the encoder to the target (ticks), as the reference does. Position = ticks /
  ticks_per_rotation; ResetZeroPosition(offset) sets the encoder to ``-offset`` *ticks* (the
  reference's arithmetic, not revolutions). Properties: position reporting iff an encoder.
- Without an encoder, GetPosition, GoTo and ResetZeroPosition fail with "encoder is not
  defined" (gRPC UNKNOWN, as the reference's plain error); GoFor still runs for its time.
- ``board`` + ``pins.pwm`` (default pin "1") + ``pwm_freq``: the PWM frequency is set on that
  board pin at build (all the reference does with them). ``min_power_pct``, ``max_power_pct``,
  ``pins.dir`` and ``direction_flip`` are accepted and have no effect (nor in the reference's
  API: it applies ``direction_flip`` only to a Go-side helper).

Ours: a GoFor/GoTo whose call is cancelled stops the motor (the reference's leaves it running at
the power it set); DoCommand echoes the command (the reference's answers an error).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from viam.components.motor.api import Motor, MotorProperties
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, ViamError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

if TYPE_CHECKING:
    from viam.components.encoder.fake import FakeEncoder

DEFAULT_MAX_RPM = 100.0
DEFAULT_PWM_PIN = "1"
POWERED_FROM = 0.005  # rdk's fake: |power| at or above this is powered
LOG = logging.getLogger(__name__)
ATTRIBUTES = ("pins", "board", "min_power_pct", "max_power_pct", "pwm_freq", "encoder", "max_rpm",
              "ticks_per_rotation", "direction_flip")
NO_EFFECT = ("min_power_pct", "max_power_pct", "direction_flip")


class EncoderNotDefinedError(ViamError):
    """The reference's "encoder is not defined" (a plain error: gRPC UNKNOWN)."""

    def __init__(self) -> None:
        super().__init__("encoder is not defined")


class FakeMotor(Motor):
    """Simulated motor; with a fake encoder it reports positions (see the module docstring)."""

    ATTRIBUTES = ATTRIBUTES  # the rest are warned about when built (viam.components.catalog)

    def __init__(self, name: str, max_rpm: float = DEFAULT_MAX_RPM, *, encoder: FakeEncoder | None = None,
                 ticks_per_rotation: int = 0) -> None:
        super().__init__(name)
        self.max_rpm = max_rpm or DEFAULT_MAX_RPM
        self.encoder = encoder
        self.ticks_per_rotation = ticks_per_rotation
        self._power = 0.0
        self._operation = asyncio.Event()  # set when a newer command (or stop) takes over

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        parsed = _parse(config)
        deps = [d for d in (parsed["board"], parsed["encoder"]) if d]
        return deps, []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeMotor:
        parsed = _parse(config)
        for key in config.attributes:
            if key in NO_EFFECT:
                LOG.warning("motor %r: attributes.%s is accepted and has no effect on a fake motor "
                            "(as on the reference's)", config.name, key)
        encoder = None
        if parsed["encoder"]:
            from viam.components.encoder.fake import FakeEncoder

            encoder = _dependency(dependencies, parsed["encoder"])
            if not isinstance(encoder, FakeEncoder):
                raise config.error(f"encoder {parsed['encoder']!r} is a {type(encoder).__name__}, not a "
                                   "rdk:builtin:fake encoder (a fake motor drives only a fake encoder)",
                                   "attributes.encoder")
        if parsed["board"]:
            board = _dependency(dependencies, parsed["board"])
            pin = await board.gpio_pin_by_name(parsed["pwm_pin"])  # type: ignore[attr-defined]
            await pin.set_pwm_frequency(parsed["pwm_freq"])
        return cls(config.name, parsed["max_rpm"], encoder=encoder, ticks_per_rotation=parsed["ticks_per_rotation"])

    # -- helpers ------------------------------------------------------------------------------------
    def _take_over(self) -> asyncio.Event:
        """Start a new operation: a GoFor/GoTo still waiting returns (the reference's OpMgr.New)."""
        self._operation.set()
        self._operation = asyncio.Event()
        return self._operation

    def _set_power(self, power: float) -> None:
        self._power = power
        if self.encoder is not None:
            self.encoder.set_speed_ticks_per_minute(self.max_rpm * power * self.ticks_per_rotation)

    def _require_encoder(self) -> FakeEncoder:
        if self.encoder is None:
            raise EncoderNotDefinedError()
        return self.encoder

    def _position(self) -> float:
        encoder = self._require_encoder()
        return encoder.position_ticks() / self.ticks_per_rotation

    def _check_speed(self, rpm: float) -> None:
        """rdk fake's checkSpeed: 0 is an error; nearly 0 or nearly max_rpm a warning."""
        speed = abs(rpm)
        if speed == 0 or math.isnan(speed):
            LOG.warning("motor %r: motor speed requested is 0 rev_per_min", self.name)
            raise InvalidArgumentError("Cannot move motor at an RPM that is nearly 0")
        if speed < 0.1:
            LOG.warning("motor %r: motor speed is nearly 0 rev_per_min", self.name)
        elif speed > self.max_rpm - 0.1:
            LOG.warning("motor %r: motor speed is nearly the max rev_per_min (%f)", self.name, self.max_rpm)

    @staticmethod
    def _check_revolutions(revolutions: float) -> None:
        if revolutions == 0:
            raise InvalidArgumentError("Cannot move motor for 0 revolutions")

    def _go_for_math(self, rpm: float, revolutions: float) -> tuple[float, float, float]:
        """The reference's goForMath: (power, seconds, direction) with rpm clamped to max_rpm."""
        rpm = max(-self.max_rpm, min(self.max_rpm, rpm))
        direction = math.copysign(1.0, rpm) * math.copysign(1.0, revolutions)
        power = abs(rpm) / self.max_rpm * direction
        seconds = math.floor(abs(revolutions / rpm) * 60 * 1000) / 1000  # whole milliseconds
        return power, seconds, direction

    async def _run(self, operation: asyncio.Event, power: float, seconds: float, final_ticks: float | None) -> None:
        """Drive at ``power`` for ``seconds``, then stop and set the encoder to ``final_ticks``;
        a newer command ends the wait quietly; a cancelled call stops the motor (ours)."""
        self._set_power(power)
        try:
            await asyncio.wait_for(operation.wait(), timeout=seconds)
            return  # a newer command took over
        except TimeoutError:
            pass
        except asyncio.CancelledError:
            if not operation.is_set():
                self._take_over()
                self._set_power(0.0)
            raise
        self._take_over()
        self._set_power(0.0)
        if final_ticks is not None and self.encoder is not None:
            self.encoder.set_position(final_ticks)

    # -- Motor ----------------------------------------------------------------------------------
    async def set_power(self, power: float, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
        if math.isnan(power):
            raise InvalidArgumentError(f"motor {self.name!r}: power is not a number")
        self._take_over()
        self._set_power(power)  # not clamped, as rdk's fake

    async def go_for(self, rpm: float, revolutions: float, *, extra: Extra = None,
                     timeout: float | None = None, **kwargs: Any) -> None:
        operation = self._take_over()
        self._check_speed(rpm)
        self._check_revolutions(revolutions)
        power, seconds, direction = self._go_for_math(rpm, revolutions)
        final_ticks = None
        if self.encoder is not None:
            final_ticks = (self._position() + direction * abs(revolutions)) * self.ticks_per_rotation
        await self._run(operation, power, seconds, final_ticks)

    async def go_to(self, rpm: float, position_revolutions: float, *, extra: Extra = None,
                    timeout: float | None = None, **kwargs: Any) -> None:
        operation = self._take_over()
        self._require_encoder()
        self._check_speed(rpm)
        revolutions = position_revolutions - self._position()
        self._check_revolutions(revolutions)
        power, seconds, _ = self._go_for_math(abs(rpm), revolutions)
        await self._run(operation, power, seconds, position_revolutions * self.ticks_per_rotation)

    async def set_rpm(self, rpm: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        self._check_speed(rpm)
        await self.set_power(rpm / self.max_rpm)  # not clamped (rdk's fake)

    async def reset_zero_position(self, offset: float, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> None:
        self._require_encoder().set_position(-offset)  # ticks, as the reference's SetPosition(-1*offset)

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self._position()

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MotorProperties:
        return MotorProperties(position_reporting=self.encoder is not None)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self._take_over()
        self._set_power(0.0)

    async def is_powered(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> tuple[bool, float]:
        return abs(self._power) >= POWERED_FROM, self._power

    async def is_moving(self) -> bool:
        return abs(self._power) >= POWERED_FROM

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        status: dict[str, Any] = {"is_powered": abs(self._power) >= POWERED_FROM, "power": self._power,
                                  "is_moving": abs(self._power) >= POWERED_FROM}
        if self.encoder is not None:
            status["position"] = self._position()
        return status

    async def close(self) -> None:
        await self.stop()


def _dependency(dependencies: Dependencies, name: str) -> Any:
    for resource_name, resource in dependencies.items():
        if resource_name.name == name:
            return resource
    raise InvalidArgumentError(f"dependency {name!r} is not available")


def _number(config: ResourceConfig, key: str, default: float) -> float:
    value = config.attributes.get(key)
    if value is None:
        return default
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise config.error(f"{key} must be a number, got {value!r}", f"attributes.{key}")
    return float(value)


def _name(config: ResourceConfig, attributes: Mapping[str, Any], key: str, path: str) -> str:
    value = attributes.get(key) or ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        raise config.error(f"{key} must be a string, got {value!r}", path)
    return value


def _parse(config: ResourceConfig) -> dict[str, Any]:
    """Read and check the attributes (the reference's Config and Validate); errors name the path."""
    attrs = config.attributes
    max_rpm = _number(config, "max_rpm", 0.0)
    if max_rpm < 0:
        raise config.error(f"max_rpm must be >= 0 (0: {DEFAULT_MAX_RPM:g}), got {attrs['max_rpm']!r}",
                           "attributes.max_rpm")
    ticks = _number(config, "ticks_per_rotation", 0.0)
    if not ticks.is_integer():
        raise config.error(f"ticks_per_rotation must be a whole number, got {attrs['ticks_per_rotation']!r}",
                           "attributes.ticks_per_rotation")
    encoder = _name(config, attrs, "encoder", "attributes.encoder")
    if encoder and ticks <= 0:
        raise config.error("need nonzero TicksPerRotation for encoded motor", "attributes.ticks_per_rotation")
    pins = attrs.get("pins") or {}
    if not isinstance(pins, Mapping):
        raise config.error(f"pins must be an object, got {pins!r}", "attributes.pins")
    for key in pins:
        if key not in ("dir", "pwm"):
            LOG.warning("motor %r: attributes.pins.%s: unknown attribute, it has no effect here", config.name, key)
    pwm_freq = _number(config, "pwm_freq", 0.0)
    if pwm_freq < 0 or not pwm_freq.is_integer():
        raise config.error(f"pwm_freq must be a whole number of Hz >= 0, got {attrs['pwm_freq']!r}",
                           "attributes.pwm_freq")
    for key in ("min_power_pct", "max_power_pct"):
        _number(config, key, 0.0)
    if not isinstance(attrs.get("direction_flip", False), bool):
        raise config.error(f"direction_flip must be true or false, got {attrs['direction_flip']!r}",
                           "attributes.direction_flip")
    return {
        "max_rpm": max_rpm or DEFAULT_MAX_RPM,
        "ticks_per_rotation": int(ticks),
        "encoder": encoder,
        "board": _name(config, attrs, "board", "attributes.board"),
        "pwm_pin": _name(config, pins, "pwm", "attributes.pins.pwm") or DEFAULT_PWM_PIN,
        "pwm_freq": int(pwm_freq),
    }
