"""Motor ``rdk:builtin:gpio``: a DC motor on an H-bridge driven from board pins, as the reference's.

Attributes (the reference names): ``board`` (required), ``pins``: ``{a, b, pwm}`` (A/B/PWM),
``{dir, pwm}`` (Dir/PWM) or ``{a, b}`` (A/B), plus optional ``en_high``/``en_low``;
``pwm_freq`` (Hz, 0 = 800), ``min_power_pct`` (clamped to 0..1), ``max_power_pct`` (0.06..1,
0 = 1), ``dir_flip``, ``max_rpm`` (required without an encoder), ``encoder`` with
``ticks_per_rotation`` (required with one), ``ramp_rate`` (0 or > 0.5 = 0.05) and
``control_parameters`` ``{p, i, d}`` (the PID loop instead of the ramp; all 0: the gains are
auto-tuned at construction as the reference does, ``pid_tuner``).

Power (SetPower and every loop): ``|power| <= 0.01`` stops; otherwise clamped to
``+-max_power_pct`` and raised to ``min_power_pct``. Pins: Dir/PWM drives dir (forward high,
inverted by dir_flip) and PWM |power|; A/B/PWM holds a high / b low forward (swapped backward
and by dir_flip) and PWM |power|; A/B holds one side high and drives the other side with PWM of
``1 - |power|`` (the bridge drives while that side is low). en_low is low and en_high high while
powered. Stopped: a, b, pwm low, en_low high, en_high low.

Without an encoder GoFor is timed (power = rpm / max_rpm for |revolutions / rpm| minutes),
SetRPM is power rpm / max_rpm, GetPosition is 0, GoTo and ResetZeroPosition are unsupported.
With one the loops of ``motor_control`` run, guarded against runaway (``STALL_TIMEOUT_S``,
``WRONG_WAY_S``). GoFor/SetRPM with |rpm| < 0.1 and GoFor with 0 revolutions are errors.
The motor is stopped when built and when closed. Pins come from the board object when it lives
in this module process (shared pin factory and reservations), otherwise through the Board API.
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
from builtin_modules.common.attrs import Attrs, warn_unknown
from builtin_modules.raspberry_pi import motor_control as control
from builtin_modules.raspberry_pi import pid_tuner
from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.board_config import check_pin
from builtin_modules.raspberry_pi.encoder import SingleEncoder, _EncoderBase
from drivers.gpio import GpioPin
from viam.components.board.api import Board
from viam.components.encoder.api import Encoder
from viam.components.motor.api import Motor, MotorProperties
from viam.config.model import ResourceConfig
from viam.errors import FailedPreconditionError, InvalidArgumentError, NotSupportedError
from viam.resource.base import Extra
from viam.resource.names import API, Model, ResourceName
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
STALL_TIMEOUT_S = 2.0  # a powered closed loop whose encoder does not move for this long is stopped
WRONG_WAY_S = 0.5  # ... or that counts against the power for this long (more than WRONG_WAY_REV)
WRONG_WAY_REV = 0.05
STOP_BELOW = 0.01  # |power| at or below this stops the motor (the reference's)
DEFAULT_PWM_FREQ = 800
DEFAULT_RAMP_RATE = 0.05
ATTRIBUTES = ("board", "pins", "pwm_freq", "min_power_pct", "max_power_pct", "dir_flip", "max_rpm", "encoder",
              "ticks_per_rotation", "ramp_rate", "control_parameters")
PIN_KEYS = ("a", "b", "pwm", "dir", "en_high", "en_low")


def _pin_mode(pins: dict[str, str], attrs: Attrs) -> str:
    """The reference's MotorType, with its error messages."""
    has = pins.keys()
    if {"a", "b"} <= has:
        return "ab_pwm" if "pwm" in has else "ab"
    if {"dir", "pwm"} <= has:
        return "dir_pwm"
    if "a" in has:
        message = "motor pin config has specified pin A but not pin B"
    elif "b" in has:
        message = "motor pin config has specified pin B but not pin A"
    elif "dir" in has:
        message = "motor pin config has direction pin but needs PWM pin"
    elif "pwm" in has:
        message = "motor pin config has PWM pin but needs either a direction pin, or A and B pins"
    else:
        message = "motor pin config devoid of pin definitions (A, B, Direction, PWM are all missing)"
    raise attrs.error(message, "pins")


class GpioMotor(Motor):
    """An H-bridge motor; ``power`` is the signed power last applied (the reference's powerPct)."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "gpio")

    def __init__(self, name: str, pins: dict[str, Board.GPIOPin], settings: dict[str, Any],
                 encoder: Encoder | None, release: Any = None,
                 local_pins: Callable[[str], GpioPin] | None = None) -> None:
        super().__init__(name)
        self.pins = pins
        self.local_pins = local_pins
        self.mode = settings["mode"]
        self.min_power = settings["min_power_pct"]
        self.max_power = settings["max_power_pct"]
        self.dir_flip = settings["dir_flip"]
        self.max_rpm = settings["max_rpm"]
        self.ticks_per_rotation = settings["ticks_per_rotation"]
        self.pwm_freq = settings["pwm_freq"]
        self.ramp_rate = settings["ramp_rate"]
        self.pid = settings["control_parameters"]
        self.encoder = encoder
        self.warnings: list[str] = list(settings.get("warnings", ()))
        self.last_error: str | None = None
        self.power = 0.0
        self._offset_ticks = 0.0
        self._task: asyncio.Task[None] | None = None
        self._pin_lock = threading.Lock()  # an edge-thread stop and a loop's write never interleave
        self._release = release
        self._closed = False
        self._stopped_for_good = False
        self._forget_hook: Callable[[], None] | None = None
        self.tuner: pid_tuner.RelayTuner | None = None
        self._tuning: asyncio.Task[None] | None = None
        if isinstance(encoder, SingleEncoder):
            encoder.attach_direction(lambda: int(control.sign(self.power)))

    # -- config -----------------------------------------------------------------------------------
    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, dict[str, str], dict[str, Any], str | None]:
        attrs = Attrs(config)
        board = attrs.str("board")
        pins_attrs = attrs.mapping("pins", required=True)
        seen: dict[int, str] = {}
        pins = {key: check_pin(pins_attrs, key, seen) for key in PIN_KEYS if pins_attrs.has(key)}
        mode = _pin_mode(pins, attrs)
        warnings = warn_unknown(attrs, ATTRIBUTES) + warn_unknown(pins_attrs, PIN_KEYS)
        unused = ("dir",) if mode != "dir_pwm" else ("a", "b")
        for key in unused:
            if key in pins:
                warnings.append(f"{pins_attrs.path(key)}: has no effect in {mode} mode (as on the reference)")
                del pins[key]
        if mode == "ab":
            warnings.append("pins a and b without pwm: the motor is driven by PWM on a or b (make sure the driver "
                            "needs no PWM pin)")
        encoder = attrs.str("encoder", None)
        max_power = float(attrs.number("max_power_pct", 0.0))
        if max_power == 0:
            max_power = 1.0
        if not 0.06 <= max_power <= 1.0:
            raise attrs.error(f"max_power_pct must be between 0.06 and 1.0, got {max_power:g}", "max_power_pct")
        ramp_rate = float(attrs.number("ramp_rate", 0.0, minimum=0.0))
        if ramp_rate > 0.5:
            warnings.append(f"{attrs.path('ramp_rate')}: {ramp_rate:g} is above 0.5; using "
                            f"{DEFAULT_RAMP_RATE} (as the reference)")
        pid = None
        if attrs.has("control_parameters"):
            cp = attrs.mapping("control_parameters")
            warnings += warn_unknown(cp, ("p", "i", "d"))
            pid = tuple(float(cp.number(k, 0.0)) for k in ("p", "i", "d"))
        settings = {
            "mode": mode,
            "pwm_freq": int(attrs.int("pwm_freq", 0, minimum=0)) or DEFAULT_PWM_FREQ,
            "min_power_pct": min(1.0, max(0.0, float(attrs.number("min_power_pct", 0.0)))),
            "max_power_pct": max_power,
            "dir_flip": attrs.bool("dir_flip"),
            "max_rpm": float(attrs.number("max_rpm", 0.0, minimum=0.0)),
            "ticks_per_rotation": attrs.number("ticks_per_rotation", None, minimum=0.0, exclusive_minimum=True),
            "ramp_rate": ramp_rate if 0 < ramp_rate <= 0.5 else DEFAULT_RAMP_RATE,
            "control_parameters": pid,
            "warnings": warnings,
        }
        if encoder is None and not settings["max_rpm"]:
            raise attrs.error("max_rpm is required for a motor without an encoder (GoFor and SetRPM turn rpm "
                              "into power with it)", "max_rpm")
        if encoder is not None and settings["ticks_per_rotation"] is None:
            raise attrs.error("ticks_per_rotation is required with an encoder (positive)", "ticks_per_rotation")
        if encoder is None:
            for key in ("ticks_per_rotation", "ramp_rate", "control_parameters"):
                if attrs.has(key):
                    warnings.append(f"{attrs.path(key)}: has no effect without an encoder")
        return board, pins, settings, encoder

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        board, _, _, encoder = cls.parse(config)
        return [board] + ([encoder] if encoder else []), []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> GpioMotor:
        board_name, pin_names, settings, encoder_name = cls.parse(config)
        for warning in settings["warnings"]:
            LOG.warning("motor %r: %s", config.name, warning)
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
            if not (await encoder.get_properties()).ticks_count_supported:
                raise InvalidArgumentError(f"motor {config.name!r}: encoder {encoder_name!r} does not count ticks")
        motor = cls(config.name, pins, settings, encoder, release, local_pins)  # type: ignore[arg-type]
        for key in ("pwm",) if "pwm" in pins else ("a", "b"):
            await pins[key].set_pwm_frequency(motor.pwm_freq)
        await motor._apply(0.0)  # stopped at construction
        if hooks is not None:
            motor._forget_hook = hooks(motor.stop)  # and stopped before its board's pins close
        if encoder is not None and settings["control_parameters"] == (0.0, 0.0, 0.0):
            motor._start_tuning()  # the reference auto-tunes when p, i and d are all 0
        LOG.info("motor %r: pins %s, %s", config.name, pin_names,
                 f"encoder {encoder_name!r}" if encoder_name else f"open loop, max {settings['max_rpm']} rpm")
        return motor

    # -- pins -------------------------------------------------------------------------------------
    def _scaled(self, power: float) -> float:
        """The reference's power shaping: <= 0.01 stops, clamp to max_power_pct, raise to min_power_pct."""
        if math.isnan(power):
            raise InvalidArgumentError(f"motor {self.name!r}: power is not a number")
        if abs(power) <= STOP_BELOW:
            return 0.0
        power = max(-self.max_power, min(self.max_power, power))
        if abs(power) < self.min_power:
            power = math.copysign(self.min_power, power)
        return power

    def _ops(self, power: float) -> list[tuple[str, str, Any]]:
        """The pin writes (pin key, "set" or "pwm", value) that express ``power`` (already scaled)."""
        pins = self.pins
        ops: list[tuple[str, str, Any]] = []
        if power == 0:  # the reference's turnOff
            if "en_low" in pins:
                ops.append(("en_low", "set", True))
            if "en_high" in pins:
                ops.append(("en_high", "set", False))
            if "a" in pins and "b" in pins:
                ops += [("a", "set", False), ("b", "set", False)]
            if "pwm" in pins:
                ops.append(("pwm", "set", False))
            return ops
        forward = power > 0
        if self.mode == "dir_pwm":
            ops.append(("dir", "set", forward != self.dir_flip))
        else:
            a, b = ("b", "a") if self.dir_flip else ("a", "b")
            ops += [(a, "set", forward), (b, "set", not forward)]
        if "en_low" in pins:
            ops.append(("en_low", "set", False))
        if "en_high" in pins:
            ops.append(("en_high", "set", True))
        if self.mode == "ab":  # the other side is held high: the PWM side drives while low
            side = ("a" if self.dir_flip else "b") if forward else ("b" if self.dir_flip else "a")
            ops.append((side, "pwm", max(1.0 - abs(power), self.min_power)))
        else:
            ops.append(("pwm", "pwm", max(abs(power), self.min_power)))
        return ops

    async def _apply(self, power: float) -> None:
        """Drive the pins for ``power`` (already scaled)."""
        if self.local_pins is not None:
            self._apply_now(power)
            return
        for key, op, value in self._ops(power):
            pin = self.pins[key]
            await (pin.set(value) if op == "set" else pin.set_pwm(value))
        self.power = power

    def _apply_now(self, power: float, unless: threading.Event | None = None) -> None:
        """Drive local pins synchronously (also from an encoder's edge thread); skipped once ``unless`` is set."""
        assert self.local_pins is not None
        with self._pin_lock:
            if unless is not None and unless.is_set():
                return
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

    def _check_speed(self, rpm: float) -> None:
        """The reference's CheckSpeed: nearly 0 rpm is an error, nearly max_rpm a warning."""
        if abs(rpm) < 0.1:
            raise InvalidArgumentError(f"motor {self.name!r}: Cannot move motor at an RPM that is nearly 0")
        if self.max_rpm and abs(rpm) > self.max_rpm - 0.1:
            LOG.warning("motor %r: motor speed is nearly the max rev_per_min (%g)", self.name, self.max_rpm)

    async def _run(self, coroutine: Any, name: str, wait: bool) -> None:
        """Run a move as this motor's one task; with ``wait`` return when it ends (or raise its error)."""
        await self._cancel()
        task = self._task = asyncio.create_task(coroutine, name=f"motor {self.name} {name}")
        if not wait:
            task.add_done_callback(self._background_done)
            return
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                # Our caller was cancelled (CancelOperation, client gone): stop, as the reference does.
                if self._task is task:
                    await self._cancel()
                raise
            return  # a newer command cancelled the move: this call ends quietly
        if task.exception() is not None:
            raise task.exception()  # type: ignore[misc]

    def _background_done(self, task: asyncio.Task[None]) -> None:
        """A SetRPM loop that ended on an error (runaway guard): log it and keep it for the status."""
        if not task.cancelled() and task.exception() is not None:
            self.last_error = str(task.exception())
            LOG.error("%s: %s", task.get_name(), self.last_error)

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
        self._check_speed(rpm)
        if revolutions == 0:
            raise InvalidArgumentError(f"motor {self.name!r}: Cannot move motor for 0 revolutions")
        direction = control.sign(rpm * revolutions)
        if self.encoder is None:
            capped = max(-self.max_rpm, min(self.max_rpm, rpm))
            await self._run(self._timed(abs(capped) / self.max_rpm * direction, abs(revolutions / capped) * 60.0),
                            "go_for", wait=True)
            return
        goal = abs(revolutions) * self.ticks_per_rotation * direction + await self._ticks()
        self._check_tuning()
        await self._run(self._loop(abs(rpm) * direction, goal, direction), "go_for", wait=True)

    async def _timed(self, power: float, duration_s: float) -> None:
        try:
            await self._apply(self._scaled(power))
            await asyncio.sleep(duration_s)
        finally:
            await self._apply(0.0)

    def _guard(self) -> control.RunawayGuard:
        return control.RunawayGuard(self.name, stall_s=STALL_TIMEOUT_S, wrong_way_s=WRONG_WAY_S,
                                    wrong_way_ticks=max(2.0, WRONG_WAY_REV * self.ticks_per_rotation))

    async def _loop(self, goal_rpm: float, goal: float, direction: float) -> None:
        """Hold ``goal_rpm`` until the encoder passes ``goal`` ticks (+-inf: until stopped)."""
        arrived = threading.Event()
        watch = None
        if math.isfinite(goal) and self.local_pins is not None and isinstance(self.encoder, _EncoderBase):
            # Stop on the very edge that passes the goal, not at the next control period.
            def at_goal() -> None:
                self._apply_now(0.0)
                arrived.set()

            watch = self.encoder.watch_target(goal, int(direction), at_goal)
        try:
            if self.pid is None:
                await self._ramp(goal_rpm, goal, direction, arrived)
            else:
                await self._pid(goal_rpm, goal, arrived)
        finally:
            if watch is not None:
                watch()
            await self._apply(0.0)

    async def _set(self, power: float, arrived: threading.Event) -> None:
        if self.local_pins is not None:
            self._apply_now(self._scaled(power), unless=arrived)
        else:
            await self._apply(self._scaled(power))

    async def _ramp(self, goal_rpm: float, goal: float, direction: float, arrived: threading.Event) -> None:
        """The reference's encoded motor: ramp_rate steps every 50 ms toward the goal rpm."""
        guard = self._guard()
        tpr = self.ticks_per_rotation
        last_ticks, last_time = await self._ticks(), time.monotonic()
        power = control.starting_power(self.power, direction)
        await self._set(power, arrived)
        guard.check(last_ticks, last_time, self.power)
        while True:
            await asyncio.sleep(control.RAMP_PERIOD_S)
            ticks, now = await self._ticks(), time.monotonic()
            if arrived.is_set() or (goal - ticks) * direction < 0:
                return
            guard.check(ticks, now, self.power)
            minutes = (now - last_time) / 60.0
            rpm = (ticks - last_ticks) / tpr / minutes if minutes > 0 else 0.0
            power = control.ramp_step(power, rpm, goal_rpm, direction, self.ramp_rate, self.max_power)
            await self._set(power, arrived)
            last_ticks, last_time = ticks, now

    # -- auto-tuning (control_parameters all 0) ------------------------------------------------------
    def _start_tuning(self) -> None:
        self.tuner = pid_tuner.RelayTuner(self.name)
        self._tuning = asyncio.create_task(self._tune(self.tuner), name=f"motor {self.name} PID tuning")
        self._tuning.add_done_callback(self._background_done)

    async def _tune(self, tuner: pid_tuner.RelayTuner) -> None:
        """The reference's tuning loop at 100 Hz: |velocity| in, tuner output x 1/255 out (Stop does not end it)."""
        guard = self._guard()
        never = threading.Event()
        last_ticks, last_time = await self._ticks(), time.monotonic()
        try:
            while not tuner.done:
                await asyncio.sleep(control.PID_PERIOD_S)
                ticks, now = await self._ticks(), time.monotonic()
                speed = (ticks - last_ticks) / max(now - last_time, 1e-3)
                await self._set(tuner.step(speed, now) * control.PID_GAIN, never)
                if tuner.phase != "end":
                    guard.check(ticks, now, self.power)
                last_ticks, last_time = ticks, now
        except BaseException:
            tuner.error = tuner.error or "tuning stopped"
            tuner.done = True
            raise
        finally:
            if not self._stopped_for_good:
                await self._apply(0.0)

    def _check_tuning(self) -> None:
        """The reference's checkTuningStatus: no GoFor/SetRPM while tuning, nor with the tuned gains unused."""
        if self.tuner is None:
            return
        if self.tuner.gains.tuned:
            raise FailedPreconditionError(pid_tuner.tuned_error(self.name, self.tuner.gains))
        if self.tuner.done and self.tuner.error:  # the reference would say "in progress" for ever
            raise FailedPreconditionError(f"tuning for {self.name} failed: {self.tuner.error}; configure "
                                          "control_parameters p, i, d (or fix the motor and restart it)")
        raise FailedPreconditionError(pid_tuner.in_progress_error(self.name))

    async def do_command(self, command: Any, *, timeout: float | None = None, **kwargs: Any) -> dict[str, Any]:
        """``{"get_tuned_pid": true}``: the tuned gains as the reference prints them ("" until tuned)."""
        if "get_tuned_pid" not in command:
            raise NotSupportedError(f"motor {self.name!r} has no command {sorted(command)} (known: get_tuned_pid)")
        if not command["get_tuned_pid"]:
            return {}
        gains = self.tuner.gains if self.tuner is not None else None
        return {"get_tuned_pid": gains.json() if gains is not None and gains.tuned else ""}

    async def _pid(self, goal_rpm: float, goal: float, arrived: threading.Event) -> None:
        """The reference's controlled motor: trapezoidal velocity profile and PID, at 100 Hz."""
        p, i, d = self.pid  # type: ignore[misc]
        tpr = self.ticks_per_rotation
        trapezoid = control.Trapezoid(abs(goal_rpm) * tpr / 60.0)
        pid = control.Pid(p, i, d)
        guard = self._guard()
        last_ticks, last_time = await self._ticks(), time.monotonic()
        while True:
            await asyncio.sleep(control.PID_PERIOD_S)
            ticks, now = await self._ticks(), time.monotonic()
            if arrived.is_set() or (math.isfinite(goal) and abs(ticks - goal) <= control.PID_DONE_TICKS):
                return
            guard.check(ticks, now, self.power)
            dt = max(now - last_time, 1e-3)
            velocity = trapezoid.next(goal, ticks, dt)
            power = pid.next(velocity - (ticks - last_ticks) / dt, dt) * control.PID_GAIN
            await self._set(power, arrived)
            last_ticks, last_time = ticks, now

    async def go_to(self, rpm: float, position_revolutions: float, *, extra: Extra = None,
                    timeout: float | None = None, **kwargs: Any) -> None:
        if self.encoder is None:
            raise NotSupportedError(f"motor with name {self.name} does not support GoTo (it has no encoder)")
        rotations = position_revolutions - await self.get_position()
        if abs(rotations) <= 0.1:  # the reference does not move for 0.1 revolutions or less
            return
        await self.go_for(abs(rpm), rotations)

    async def set_rpm(self, rpm: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        self._check_speed(rpm)
        if self.encoder is None:
            await self.set_power(rpm / self.max_rpm)
            return
        direction = control.sign(rpm)
        self._check_tuning()
        await self._run(self._loop(rpm, math.inf * direction, direction), "set_rpm", wait=False)

    async def reset_zero_position(self, offset: float, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> None:
        if self.encoder is None:
            raise NotSupportedError(f"motor with name {self.name} does not support ResetZeroPosition "
                                    "(it has no encoder)")
        await self.stop()
        await self.encoder.reset_position()
        self._offset_ticks = -offset * self.ticks_per_rotation  # the position reads -offset afterwards

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        if self.encoder is None:
            return 0.0  # the reference's motor without an encoder
        return (await self._ticks() + self._offset_ticks) / self.ticks_per_rotation

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
        status = {"power": self.power, "busy": self._task is not None and not self._task.done(),
                  "warnings": self.warnings, "last_error": self.last_error}
        if self.tuner is not None:
            status["tuning"] = {"phase": self.tuner.phase, "done": self.tuner.done, "error": self.tuner.error,
                                "gains": self.tuner.gains.json() if self.tuner.gains.tuned else None}
        return status

    async def close(self) -> None:
        """Stop (best effort) and release the pins; idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._tuning is not None and not self._tuning.done():
            self._tuning.cancel()
            with contextlib.suppress(BaseException):
                await self._tuning
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
