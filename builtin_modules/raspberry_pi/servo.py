"""Servo ``rdk:builtin:gpio``: a hobby servo on one PWM pin of a board.

Attributes (the reference names): ``board``, ``pin`` (required); ``min_angle_deg`` (0) and
``max_angle_deg`` (180) bound Move; ``starting_position_deg``; ``frequency_hz`` (50);
``min_width_us`` (500) and ``max_width_us`` (2500) are the pulse widths at 0 and at
``max_rotation_deg`` (180). The pulse for an angle is linear between them, and the PWM duty is
``width_us * frequency_hz / 1e6``. Stop ends the pulses (the servo goes limp).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from builtin_modules.common import local
from builtin_modules.common.attrs import Attrs
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


class GpioServo(Servo):
    MODEL: ClassVar[Model] = Model("rdk", "builtin", "gpio")

    def __init__(self, name: str, pin: Board.GPIOPin, settings: dict[str, Any], release: Any = None) -> None:
        super().__init__(name)
        self.pin = pin
        self.settings = settings
        self.angle: int = int(settings["starting_position_deg"])
        self._release = release
        self._closed = False
        self._forget_hook: Any = None

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, dict[str, Any]]:
        attrs = Attrs(config)
        board, pin = attrs.str("board"), check_pin(attrs, "pin")
        s = {
            "min_angle_deg": attrs.number("min_angle_deg", 0, minimum=0),
            "max_angle_deg": attrs.number("max_angle_deg", 180, minimum=0),
            "frequency_hz": attrs.number("frequency_hz", 50, minimum=0, exclusive_minimum=True, maximum=450),
            "min_width_us": attrs.number("min_width_us", 500, minimum=0, exclusive_minimum=True),
            "max_width_us": attrs.number("max_width_us", 2500, minimum=0, exclusive_minimum=True),
            "max_rotation_deg": attrs.number("max_rotation_deg", 180, minimum=0, exclusive_minimum=True),
        }
        if s["min_angle_deg"] > s["max_angle_deg"]:
            raise attrs.error("min_angle_deg must not exceed max_angle_deg", "min_angle_deg")
        if s["max_angle_deg"] > s["max_rotation_deg"]:
            raise attrs.error("max_angle_deg must not exceed max_rotation_deg", "max_angle_deg")
        if s["min_width_us"] >= s["max_width_us"]:
            raise attrs.error("min_width_us must be below max_width_us", "min_width_us")
        if s["max_width_us"] * s["frequency_hz"] / 1e6 > 1:
            raise attrs.error(f"a {s['max_width_us']} us pulse does not fit in a period at {s['frequency_hz']} Hz",
                              "frequency_hz")
        s["starting_position_deg"] = attrs.number("starting_position_deg", s["min_angle_deg"],
                                                  minimum=s["min_angle_deg"], maximum=s["max_angle_deg"])
        return board, pin, s

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [cls.parse(config)[0]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> GpioServo:
        board_name, pin_name, settings = cls.parse(config)
        holder = f"servo {config.name!r}"
        board = local.lookup("board", board_name, PiBoard)
        if board is not None:
            pin: Board.GPIOPin = board.claim_pin(pin_name, holder)
            release: Any = lambda: board.release(holder)  # noqa: E731
        else:
            pin = await _dependency(dependencies, API.component("board"), board_name).gpio_pin_by_name(pin_name)
            release = None
        servo = cls(config.name, pin, settings, release)
        if board is not None:
            servo._forget_hook = board.on_close(servo.stop)  # stopped before the board's pins close
        await pin.set_pwm_frequency(int(settings["frequency_hz"]))
        await servo.move(servo.angle)
        return servo

    def duty_for(self, angle: float) -> float:
        s = self.settings
        width = s["min_width_us"] + (s["max_width_us"] - s["min_width_us"]) * angle / s["max_rotation_deg"]
        return width * s["frequency_hz"] / 1e6

    async def move(self, angle: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        low, high = self.settings["min_angle_deg"], self.settings["max_angle_deg"]
        if not low <= angle <= high:
            raise InvalidArgumentError(f"servo {self.name!r}: angle {angle} is outside {low:g}..{high:g} degrees "
                                       "(min_angle_deg..max_angle_deg)")
        await self.pin.set_pwm(self.duty_for(angle))
        self.angle = int(angle)

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return self.angle

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self.pin.set_pwm(0.0)

    async def is_moving(self) -> bool:
        return False  # an open-loop servo reports no motion; Move returns once the pulse is set

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
