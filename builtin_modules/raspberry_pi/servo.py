"""Servos on one PWM pin of a board: ``rdk:builtin:gpio`` and ``viam:raspberry-pi:rpi-servo``, as the reference's.

``rdk:builtin:gpio`` (rdk components/servo/gpio): the pulse is linear from ``min_width_us`` (500,
>= 500) at ``min_angle_deg`` (0) to ``max_width_us`` (2500, <= 2500) at ``max_angle_deg`` (180);
Move clamps to the angle limits. ``frequency_hz`` must be 50..450 when given; without it the
pin's present PWM frequency is used (300 if it has none). Either way it is capped at
``1e6 / (max_width_us + 50)`` Hz (392 Hz for 2500 us) so the longest pulse fits. Position is read
back from the pin's duty (rounded to whole degrees); reading it while the pulses are off turns
them back on at the last position, as the reference does.

``viam:raspberry-pi:rpi-servo`` (viam-modules/raspberry-pi rpi-servo): pulse ``500 + 2000 *
angle // max_rotation_deg`` us (integer), 50 Hz unless ``frequency_hz``; Move clamps to ``min``
and ``max`` (0 = no limit / 180); starts at ``starting_position_degs`` (1500 us without it);
``hold_position: false`` starts with the pulses off and makes every Move take 250 ms more.
Position is ``max_rotation_deg * (width + 1 - 500) // 2000``.

Stop ends the pulses (the servo goes limp) for both.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Sequence
from typing import Any, ClassVar

from builtin_modules.common import local
from builtin_modules.common.attrs import Attrs, warn_unknown
from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.board_config import check_pin
from builtin_modules.raspberry_pi.motor import _dependency
from viam.components.board.api import Board
from viam.components.servo.api import Servo
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.names import API, Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)


class _PinServo(Servo):
    """A servo driving one board pin (in this process, or through the Board API)."""

    def __init__(self, name: str, pin: Board.GPIOPin, settings: dict[str, Any], release: Any = None) -> None:
        super().__init__(name)
        self.pin = pin
        self.settings = settings
        self.frequency = 50
        self._release = release
        self._closed = False
        self._forget_hook: Any = None

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [cls.parse(config)[0]], []

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, dict[str, Any]]:
        raise NotImplementedError

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> _PinServo:
        board_name, pin_name, settings = cls.parse(config)
        for warning in settings.get("warnings", ()):
            LOG.warning("servo %r: %s", config.name, warning)
        holder = f"servo {config.name!r}"
        board = local.lookup("board", board_name, PiBoard)
        if board is not None:
            pin: Board.GPIOPin = board.claim_pin(pin_name, holder)
            release: Any = lambda: board.release(holder)  # noqa: E731
        else:
            pin = await _dependency(dependencies, API.component("board"), board_name).gpio_pin_by_name(pin_name)
            release = None
        servo = cls(config.name, pin, settings, release)
        try:
            await servo._start()
        except BaseException:
            if release is not None:
                release()
            raise
        if board is not None:
            servo._forget_hook = board.on_close(servo.stop)  # stopped before the board's pins close
        return servo

    async def _start(self) -> None:
        raise NotImplementedError

    async def _pulse(self, width_us: float) -> None:
        await self.pin.set_pwm(width_us * self.frequency / 1e6)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self.pin.set_pwm(0.0)

    async def is_moving(self) -> bool:
        return False  # Move returns once the pulse is set (the reference's OpRunning is then false)

    async def get_status(self) -> dict[str, Any]:
        return {"frequency_hz": self.frequency, "warnings": list(self.settings.get("warnings", ()))}

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            await self.stop()
        except Exception as exc:  # noqa: BLE001
            LOG.warning("servo %r: could not stop at close: %s", self.name, exc)
        if self._forget_hook is not None:
            self._forget_hook()
        if self._release is not None:
            self._release()


GPIO_ATTRIBUTES = ("board", "pin", "min_angle_deg", "max_angle_deg", "starting_position_deg", "frequency_hz",
                   "pwm_resolution", "min_width_us", "max_width_us")
RPI_ATTRIBUTES = ("board", "pin", "min", "max", "starting_position_degs", "hold_position", "max_rotation_deg",
                  "frequency_hz")
HOLD_TIME_S = 0.25  # rpi-servo with hold_position false: extra time per Move (the reference's holdTime)


class GpioServo(_PinServo):
    """rdk's gpio servo."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "gpio")

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, dict[str, Any]]:
        attrs = Attrs(config)
        board, pin = attrs.str("board"), check_pin(attrs, "pin")
        s: dict[str, Any] = {
            "min_angle_deg": float(attrs.number("min_angle_deg", 0.0)),
            "max_angle_deg": float(attrs.number("max_angle_deg", 180.0)),
            "frequency_hz": attrs.int("frequency_hz", None),
            "min_width_us": int(attrs.int("min_width_us", 500)),
            "max_width_us": int(attrs.int("max_width_us", 2500)),
            "warnings": warn_unknown(attrs, GPIO_ATTRIBUTES),
        }
        if s["min_angle_deg"] < 0:
            raise attrs.error("min_angle_deg cannot be lower than 0", "min_angle_deg")
        if s["min_width_us"] < 500:
            raise attrs.error("min_width_us cannot be lower than 500", "min_width_us")
        if s["max_width_us"] > 2500:
            raise attrs.error("max_width_us cannot be higher than 2500", "max_width_us")
        if s["max_angle_deg"] <= s["min_angle_deg"] or s["max_width_us"] <= s["min_width_us"]:
            raise attrs.error("max_angle_deg and max_width_us must be above min_angle_deg and min_width_us",
                              "max_angle_deg")
        start = float(attrs.number("starting_position_deg", 0.0))
        if attrs.has("starting_position_deg") and not s["min_angle_deg"] <= start <= s["max_angle_deg"]:
            raise attrs.error(f"starting_position_deg should be between minimum ({s['min_angle_deg']:.1f}) and "
                              f"maximum ({s['max_angle_deg']:.1f}) positions", "starting_position_deg")
        s["starting_position_deg"] = start
        frequency = s["frequency_hz"]
        if frequency is not None and not 50 <= frequency <= 450:
            raise attrs.error(f"PWM frequencies should not be above 450Hz or below 50Hz, have {frequency}Hz",
                              "frequency_hz")
        if attrs.has("pwm_resolution"):
            s["warnings"].append(f"{attrs.path('pwm_resolution')}: not used (the reference ignores it too: the "
                                 "PWM resolution is the board's)")
        return board, pin, s

    async def _start(self) -> None:
        s = self.settings
        frequency = s["frequency_hz"] or await self.pin.get_pwm_frequency() or 300
        ceiling = 1_000_000 // (s["max_width_us"] + 50)
        if frequency > ceiling:
            if s["frequency_hz"]:
                LOG.warning("servo %r: servo frequency (%dHz) is above maximum (%dHz), setting to max instead",
                            self.name, frequency, ceiling)
            frequency = ceiling
        self.frequency = int(frequency)
        self.current_duty = 0.0
        await self.pin.set_pwm_frequency(self.frequency)
        await self.move(int(s["starting_position_deg"]))

    def duty_for(self, angle: float) -> float:
        s = self.settings
        lo, hi = s["min_angle_deg"], s["max_angle_deg"]
        width = s["min_width_us"] + (angle - lo) * (s["max_width_us"] - s["min_width_us"]) / (hi - lo)
        return width * self.frequency / 1e6

    async def move(self, angle: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        clamped = min(max(float(angle), self.settings["min_angle_deg"]), self.settings["max_angle_deg"])
        duty = self.duty_for(clamped)
        await self.pin.set_pwm(duty)
        self.current_duty = duty

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        s = self.settings
        duty = await self.pin.get_pwm()
        if duty == 0:  # pulses off: the reference turns them back on at the last position
            duty = self.current_duty
            await self.pin.set_pwm(duty)
        width = min(max(duty / self.frequency * 1e6, s["min_width_us"]), s["max_width_us"])
        per_us = (s["max_angle_deg"] - s["min_angle_deg"]) / (s["max_width_us"] - s["min_width_us"])
        return max(0, int(_round_half_away(s["min_angle_deg"] + (width - s["min_width_us"]) * per_us)))


class RpiServo(_PinServo):
    """viam-modules/raspberry-pi's rpi-servo."""

    MODEL: ClassVar[Model] = Model("viam", "raspberry-pi", "rpi-servo")

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, dict[str, Any]]:
        attrs = Attrs(config)
        board, pin = attrs.str("board"), check_pin(attrs, "pin")
        s: dict[str, Any] = {
            "min": max(0, int(attrs.int("min", 0))),
            "max": int(attrs.int("max", 0)) or 180,
            "max_rotation_deg": int(attrs.int("max_rotation_deg", 0)) or 180,
            "frequency_hz": int(attrs.int("frequency_hz", 0)) or 50,
            "hold_position": attrs.bool("hold_position", True),
            "starting_position_degs": attrs.number("starting_position_degs", None),
            "warnings": warn_unknown(attrs, RPI_ATTRIBUTES),
        }
        if s["max_rotation_deg"] < s["min"]:
            raise attrs.error("maxRotation is less than minimum", "max_rotation_deg")
        if s["max_rotation_deg"] < s["max"]:
            raise attrs.error("maxRotation is less than maximum", "max_rotation_deg")
        if s["frequency_hz"] < 0 or 2500 * s["frequency_hz"] > 1e6:
            raise attrs.error(f"frequency_hz {s['frequency_hz']} leaves no room for a 2500 us pulse",
                              "frequency_hz")
        return board, pin, s

    def width_for(self, angle: int) -> int:
        return 500 + 2000 * int(angle) // self.settings["max_rotation_deg"]

    async def _start(self) -> None:
        s = self.settings
        self.frequency = s["frequency_hz"]
        self.width_in_use = 0
        await self.pin.set_pwm_frequency(self.frequency)
        start = s["starting_position_degs"]
        await self._set_width(1500 if start is None else self.width_for(int(start)))
        if not s["hold_position"]:
            self.width_in_use = self._last_width
            await self._set_width(0)

    async def _set_width(self, width: int) -> None:
        if not 0 <= width <= 2500:
            raise InvalidArgumentError(f"servo {self.name!r}: invalid pulse width {width}: out of range [0, 2500]")
        await self._pulse(width)
        self._last_width = width

    async def move(self, angle: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        s = self.settings
        if s["min"] > 0 and angle < s["min"]:
            LOG.warning("servo %r: move angle %d is less than minimum %d, moving to the minimum", self.name,
                        angle, s["min"])
            angle = s["min"]
        if s["max"] > 0 and angle > s["max"]:
            LOG.warning("servo %r: move angle %d is greater than maximum %d, moving to the maximum", self.name,
                        angle, s["max"])
            angle = s["max"]
        width = self.width_for(angle)
        await self._set_width(width)
        await asyncio.sleep(width / 1e6)  # one pulse goes out
        if not s["hold_position"]:
            await asyncio.sleep(HOLD_TIME_S)
            await self._set_width(width)  # the reference sends the same pulse again (it does not go limp)

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        width = round(await self.pin.get_pwm() * 1e6 / self.frequency)
        if width != 0:
            self.width_in_use = width
        angle = self.settings["max_rotation_deg"] * (self.width_in_use + 1 - 500) / 2000
        return max(0, int(angle))  # Go's integer division truncates toward zero


def _round_half_away(value: float) -> float:
    """Go's math.Round: halves away from zero."""
    return math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1)
