"""Motor ``rdk:builtin:gpio``: a DC motor on an H-bridge driven from board pins.

Attributes (the reference names):
  ``board`` (required), ``pins``: ``{a, b, pwm}`` (A/B/PWM), ``{dir, pwm}`` (Dir/PWM) or
  ``{a, b}`` (A/B, PWM on a or b), plus optional ``en_high``/``en_low`` enable pins;
  ``pwm_freq`` (Hz, 0 = the board's 800 Hz), ``min_power_pct``/``max_power_pct`` (0..1),
  ``dir_flip``, ``max_rpm`` (required without an encoder), ``encoder`` and
  ``ticks_per_rotation`` (required with one).

Without an encoder GoFor is timed open loop (power = rpm / max_rpm); with one it is closed
loop: a speed controller corrects power every 10 ms from the encoder's ticks and the motor
stops at the target position. The motor is stopped when built and when closed. Pins come from
the board object when it lives in this module process (shared pin factory and reservations),
otherwise through the Board API of whatever board the server has.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from builtin_modules.common import local
from builtin_modules.common.attrs import Attrs
from builtin_modules.common.errors import MotorStalled
from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.board_config import check_pin
from builtin_modules.raspberry_pi.encoder import SingleEncoder, _EncoderBase
from drivers.gpio import GpioPin
from viam.components.board.api import Board
from viam.components.encoder.api import Encoder
from viam.components.motor.api import Motor, MotorProperties
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, NotSupportedError
from viam.resource.base import Extra
from viam.resource.names import API, Model, ResourceName
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
CONTROL_PERIOD_S = 0.01
STALL_TIMEOUT_S = 3.0


class GpioMotor(Motor):
    """An H-bridge motor; ``power`` is the signed -1..1 last applied."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "gpio")

    def __init__(self, name: str, pins: dict[str, Board.GPIOPin], settings: dict[str, Any],
                 encoder: Encoder | None, release: Any = None,
                 local_pins: Callable[[str], GpioPin] | None = None) -> None:
        super().__init__(name)
        self.pins = pins
        self.local_pins = local_pins
        self.min_power = settings["min_power_pct"]
        self.max_power = settings["max_power_pct"]
        self.dir_flip = settings["dir_flip"]
        self.max_rpm = settings["max_rpm"]
        self.ticks_per_rotation = settings["ticks_per_rotation"]
        self.pwm_freq = settings["pwm_freq"]
        self.encoder = encoder
        self.power = 0.0
        self._direction = 1
        self._offset_revs = 0.0
        self._task: asyncio.Task[None] | None = None
        self._release = release
        self._closed = False
        self._stopped_for_good = False
        self._forget_hook: Callable[[], None] | None = None
        if isinstance(encoder, SingleEncoder):
            encoder.attach_direction(lambda: self._direction)

    # -- config -----------------------------------------------------------------------------------
    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, dict[str, str], dict[str, Any], str | None]:
        attrs = Attrs(config)
        board = attrs.str("board")
        pins_attrs = attrs.mapping("pins", required=True)
        seen: dict[int, str] = {}
        pins = {key: check_pin(pins_attrs, key, seen)
                for key in ("a", "b", "pwm", "dir", "en_high", "en_low") if pins_attrs.has(key)}
        if not ({"a", "b"} <= pins.keys() or {"dir", "pwm"} <= pins.keys()):
            raise attrs.error("pins must name a and b (A/B or A/B/PWM mode) or dir and pwm (Dir/PWM mode), "
                              f"got {', '.join(sorted(pins)) or 'none'}", "pins")
        if "dir" in pins and ("a" in pins or "b" in pins):
            raise attrs.error("pins.dir (Dir/PWM mode) cannot be combined with pins.a/pins.b", "pins.dir")
        encoder = attrs.str("encoder", None)
        settings = {
            "pwm_freq": int(attrs.int("pwm_freq", 0, minimum=0)),
            "min_power_pct": float(attrs.number("min_power_pct", 0.0, minimum=0.0, maximum=1.0)),
            "max_power_pct": float(attrs.number("max_power_pct", 1.0, minimum=0.0, maximum=1.0)),
            "dir_flip": attrs.bool("dir_flip"),
            "max_rpm": attrs.number("max_rpm", None, minimum=0.0, exclusive_minimum=True),
            "ticks_per_rotation": attrs.number("ticks_per_rotation", None, minimum=0.0, exclusive_minimum=True),
        }
        if settings["min_power_pct"] > settings["max_power_pct"]:
            raise attrs.error("min_power_pct must not exceed max_power_pct", "min_power_pct")
        if encoder is None and settings["max_rpm"] is None:
            raise attrs.error("max_rpm is required for a motor without an encoder (GoFor and SetRPM turn rpm "
                              "into power with it)", "max_rpm")
        if encoder is not None and settings["ticks_per_rotation"] is None:
            raise attrs.error("ticks_per_rotation is required with an encoder", "ticks_per_rotation")
        return board, pins, settings, encoder

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        board, _, _, encoder = cls.parse(config)
        return [board] + ([encoder] if encoder else []), []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> GpioMotor:
        board_name, pin_names, settings, encoder_name = cls.parse(config)
        holder = f"motor {config.name!r}"
        local_board = local.lookup("board", board_name, PiBoard)
        if local_board is not None:
            pins: dict[str, Board.GPIOPin] = {}
            try:
                for key, name in pin_names.items():
                    pins[key] = local_board.claim_pin(name, holder)
            except BaseException:
                local_board.release(holder)
                raise
            release: Any = lambda: local_board.release(holder)  # noqa: E731
            hooks: Any = local_board.on_close
            local_pins: Any = lambda key: local_board.gpio(pin_names[key])  # noqa: E731
        else:
            board = _dependency(dependencies, API.component("board"), board_name)
            pins = {key: await board.gpio_pin_by_name(name) for key, name in pin_names.items()}  # type: ignore[attr-defined]
            release, hooks, local_pins = None, None, None
        encoder = None
        if encoder_name:
            encoder = local.lookup("encoder", encoder_name, Encoder) or _dependency(
                dependencies, API.component("encoder"), encoder_name)
        motor = cls(config.name, pins, settings, encoder, release, local_pins)  # type: ignore[arg-type]
        if "pwm" in pins:
            await pins["pwm"].set_pwm_frequency(motor.pwm_freq)
        await motor._apply(0.0)  # stopped at construction
        if hooks is not None:
            motor._forget_hook = hooks(motor.stop)  # and stopped before its board's pins close
        LOG.info("motor %r: pins %s, %s", config.name, pin_names,
                 f"encoder {encoder_name!r}" if encoder_name else f"open loop, max {settings['max_rpm']} rpm")
        return motor

    # -- pins -------------------------------------------------------------------------------------
    def _scaled(self, power: float) -> float:
        if not -1.0 <= power <= 1.0:
            raise InvalidArgumentError(f"motor {self.name!r}: power {power} is outside -1..1")
        magnitude = abs(power)
        if magnitude == 0:
            return 0.0
        magnitude = min(max(magnitude, self.min_power), self.max_power)
        return math.copysign(magnitude, power)

    def _ops(self, power: float) -> list[tuple[str, str, Any]]:
        """The pin writes (pin key, "set" or "pwm", value) that express ``power`` (already scaled)."""
        pins = self.pins
        forward = (power >= 0) != self.dir_flip
        duty = abs(power)
        ops: list[tuple[str, str, Any]] = []
        if "en_high" in pins:
            ops.append(("en_high", "set", bool(duty)))
        if "en_low" in pins:
            ops.append(("en_low", "set", not duty))
        if "dir" in pins:  # Dir/PWM
            ops += [("dir", "set", forward), ("pwm", "pwm", duty)]
        elif "pwm" in pins:  # A/B/PWM
            ops += [("a", "set", bool(duty) and forward), ("b", "set", bool(duty) and not forward),
                    ("pwm", "pwm", duty)]
        else:  # A/B: PWM on the leading pin
            high, low = ("a", "b") if forward else ("b", "a")
            ops += [(low, "set", False), (high, "pwm", duty) if duty else (high, "set", False)]
        return ops

    async def _apply(self, power: float) -> None:
        """Drive the pins for ``power`` (already scaled)."""
        if power:
            self._direction = 1 if power > 0 else -1
        if self.local_pins is not None:
            self._apply_now(power)
            return
        for key, op, value in self._ops(power):
            pin = self.pins[key]
            await (pin.set(value) if op == "set" else pin.set_pwm(value))
        self.power = power

    def _apply_now(self, power: float) -> None:
        """Drive local pins synchronously: also callable from an encoder's edge thread."""
        assert self.local_pins is not None
        for key, op, value in self._ops(power):
            gpio = self.local_pins(key)
            gpio.set(value) if op == "set" else gpio.set_pwm(value)
        self.power = power

    async def _cancel(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- Motor ------------------------------------------------------------------------------------
    async def set_power(self, power: float, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
        scaled = self._scaled(power)
        await self._cancel()
        await self._apply(scaled)

    async def _ticks(self) -> float:
        assert self.encoder is not None
        value, _ = await self.encoder.get_position()
        return value

    async def go_for(self, rpm: float, revolutions: float, *, extra: Extra = None, timeout: float | None = None,
                     **kwargs: Any) -> None:
        if rpm == 0:
            raise InvalidArgumentError(f"motor {self.name!r}: GoFor needs a nonzero rpm")
        await self._cancel()
        if revolutions == 0:
            await self.set_rpm(rpm)
            return
        direction = math.copysign(1, rpm) * math.copysign(1, revolutions)
        if self.encoder is None:
            run = self._timed(abs(rpm) * direction, abs(revolutions) / abs(rpm) * 60.0)
        else:
            start = await self._ticks()
            target = start + direction * abs(revolutions) * self.ticks_per_rotation
            run = self._closed_loop(abs(rpm) * direction, target)
        self._task = asyncio.create_task(run, name=f"motor {self.name} go_for")
        task = self._task
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                # Our caller was cancelled (CancelOperation, client gone): stop, as the reference does.
                if self._task is task:
                    await self._cancel()
                raise
            # else a newer command cancelled the move: this call ends quietly
        if task.done() and not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]

    async def _timed(self, rpm: float, duration_s: float) -> None:
        try:
            await self._apply(self._scaled(max(-1.0, min(1.0, rpm / self.max_rpm))))
            await asyncio.sleep(duration_s)
        finally:
            await self._apply(0.0)

    async def _closed_loop(self, rpm: float, target: float | None) -> None:
        """Hold ``rpm`` from the encoder's ticks; stop at ``target`` ticks (None: run until cancelled)."""
        tpr = self.ticks_per_rotation
        direction = 1 if rpm > 0 else -1
        want_tps = abs(rpm) * tpr / 60.0
        power = min(1.0, abs(rpm) / self.max_rpm) if self.max_rpm else 0.3
        last_ticks, last_time = await self._ticks(), time.monotonic()
        moved_at = last_time
        arrived = threading.Event()
        watch = None
        if target is not None and self.local_pins is not None and isinstance(self.encoder, _EncoderBase):
            # Stop on the very edge that reaches the target, not at the next control tick.
            def at_target() -> None:
                arrived.set()
                self._apply_now(0.0)

            watch = self.encoder.watch_target(target, direction, at_target)
        try:
            await self._apply(self._scaled(direction * power))
            while True:
                await asyncio.sleep(CONTROL_PERIOD_S)
                ticks, now = await self._ticks(), time.monotonic()
                if arrived.is_set() or (target is not None and (target - ticks) * direction <= 0):
                    return
                if ticks != last_ticks:
                    moved_at = now
                elif now - moved_at > STALL_TIMEOUT_S:
                    raise MotorStalled(f"motor {self.name!r}: the encoder saw no motion for {STALL_TIMEOUT_S} s "
                                       f"at power {power:.2f} (stalled, unpowered, or encoder not wired)")
                speed = abs(ticks - last_ticks) / max(now - last_time, 1e-6)
                last_ticks, last_time = ticks, now
                power = min(1.0, max(0.02, power + 0.5 * (want_tps - speed) / max(want_tps, 1.0) * power))
                applied = power
                if target is not None:  # slow down over the last tenth of a turn
                    remaining = abs(target - ticks)
                    applied = min(power, max(0.05, power * remaining / (0.1 * tpr)))
                if arrived.is_set():
                    return
                await self._apply(self._scaled(direction * applied))
        finally:
            if watch is not None:
                watch()
            await self._apply(0.0)

    async def go_to(self, rpm: float, position_revolutions: float, *, extra: Extra = None,
                    timeout: float | None = None, **kwargs: Any) -> None:
        if self.encoder is None:
            raise NotSupportedError(f"motor {self.name!r} has no encoder, so it cannot go to a position")
        current = await self.get_position()
        if math.isclose(current, position_revolutions, abs_tol=1.0 / self.ticks_per_rotation):
            return
        await self.go_for(abs(rpm), position_revolutions - current)

    async def set_rpm(self, rpm: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        await self._cancel()
        if rpm == 0:
            await self._apply(0.0)
            return
        if self.encoder is None:
            await self._apply(self._scaled(max(-1.0, min(1.0, rpm / self.max_rpm))))
            return
        self._task = asyncio.create_task(self._closed_loop(rpm, None), name=f"motor {self.name} set_rpm")

    async def reset_zero_position(self, offset: float, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> None:
        if self.encoder is None:
            raise NotSupportedError(f"motor {self.name!r} has no encoder, so it has no position to reset")
        await self.encoder.reset_position()
        self._offset_revs = offset

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        if self.encoder is None:
            raise NotSupportedError(f"motor {self.name!r} has no encoder, so it does not report a position")
        return await self._ticks() / self.ticks_per_rotation + self._offset_revs

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MotorProperties:
        return MotorProperties(position_reporting=self.encoder is not None)

    async def is_powered(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> tuple[bool, float]:
        return self.power != 0, self.power

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._cancel()
        if not self._stopped_for_good:
            await self._apply(0.0)

    async def is_moving(self) -> bool:
        return self.power != 0

    async def get_status(self) -> dict[str, Any]:
        return {"power": self.power, "busy": self._task is not None and not self._task.done()}

    async def close(self) -> None:
        """Stop (best effort) and release the pins; idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            await self.stop()
        except Exception as exc:  # noqa: BLE001 - the board may be gone already
            LOG.warning("motor %r: could not stop at close: %s", self.name, exc)
        self._stopped_for_good = True
        if self._forget_hook is not None:
            self._forget_hook()
        if self._release is not None:
            self._release()


def _dependency(dependencies: Dependencies, api: API, name: str) -> Any:
    for resource_name, resource in dependencies.items():
        if resource_name == ResourceName(api, name) or (resource_name.api == api and resource_name.name == name):
            return resource
    raise InvalidArgumentError(f"dependency {api.resource_subtype} {name!r} was not provided")
