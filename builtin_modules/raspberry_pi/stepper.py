"""Motor ``rdk:builtin:gpiostepper``: a step/direction stepper driver (A4988, DRV8825, ...) on board pins.

Attributes (the reference names): ``board`` (required), ``pins``: ``step`` and ``dir`` (required),
``en_high``/``en_low`` (optional enable pins), ``ticks_per_rotation`` (steps per revolution,
required), ``stepper_delay_usec`` (the shortest step period in microseconds; ``stepper_delay`` is
accepted as the same thing).

As the reference: a step period is ``60 s / (|rpm| * ticks_per_rotation)`` (never shorter than the
minimum), the step pin is high for half of it; GoFor moves ``|revolutions| * ticks`` steps signed by
rpm x revolutions and returns when there (0 revolutions: runs until stopped and returns at once);
GoTo within 0.1 revolution of the target does not move; SetPower accepts only 0 (stop); position is
the step count. The drivers are enabled while moving and disabled when stopped. Steps run on a
thread against absolute deadlines (step k at t0 + k * period), so the rate does not drift with
the time each pin write takes. The board must be in this module process (steps over RPC would
be far too slow).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
import time
from collections.abc import Sequence
from typing import Any, ClassVar

from builtin_modules.common import local
from builtin_modules.common.attrs import Attrs, warn_unknown
from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.board_config import check_pin
from drivers.gpio import GpioPin
from viam.components.motor.api import Motor, MotorProperties
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, NotSupportedError
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
PIN_KEYS = ("step", "dir", "en_high", "en_low")
ATTRIBUTES = ("board", "pins", "ticks_per_rotation", "stepper_delay_usec", "stepper_delay")
FOREVER_REVOLUTIONS = 1_000_000  # the reference's "0 revolutions" stand-in
GOTO_TOLERANCE_REV = 0.1


def parse(config: ResourceConfig) -> tuple[str, dict[str, str], int, float, list[str]]:
    attrs = Attrs(config)
    board = attrs.str("board")
    pins_attrs = attrs.mapping("pins", required=True)
    seen: dict[int, str] = {}
    for key in ("step", "dir"):
        if not pins_attrs.has(key):
            raise pins_attrs.error(f"{key} is required (a pin)", key)
    pins = {key: check_pin(pins_attrs, key, seen) for key in PIN_KEYS if pins_attrs.has(key)}
    ticks = attrs.int("ticks_per_rotation", minimum=1)
    key = "stepper_delay_usec" if attrs.has("stepper_delay_usec") else "stepper_delay"
    delay_us = attrs.int(key, 0, minimum=0)
    return board, pins, ticks, delay_us / 1e6, warn_unknown(attrs, ATTRIBUTES) + warn_unknown(pins_attrs, PIN_KEYS)


class GpioStepper(Motor):
    """Position is counted in steps by the stepping thread (``steps``, ``target``)."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "gpiostepper")

    def __init__(self, name: str, pins: dict[str, GpioPin], ticks_per_rotation: int, min_period_s: float,
                 release: Any = None) -> None:
        super().__init__(name)
        self.pins = pins
        self.ticks_per_rotation = ticks_per_rotation
        self.min_period_s = min_period_s
        self.period_s = 1.0
        self.steps = 0
        self.target = 0
        self._release = release
        self._wake = threading.Condition()
        self._closed = False
        self._arrived: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._thread = threading.Thread(target=self._run, name=f"stepper {name}", daemon=True)

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [parse(config)[0]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> GpioStepper:
        board_name, pin_names, ticks, min_period, warnings = parse(config)
        for warning in warnings:
            LOG.warning("motor %r: %s", config.name, warning)
        board = local.lookup("board", board_name, PiBoard)
        if board is None:
            raise InvalidArgumentError(f"motor {config.name!r}: gpiostepper needs its board {board_name!r} to be a "
                                       "viam:raspberry-pi board in this module (steps cannot be timed over RPC)")
        holder = f"motor {config.name!r}"
        try:
            for name in pin_names.values():
                board.claim_pin(name, holder)
            pins = {key: board.gpio(name) for key, name in pin_names.items()}
        except BaseException:
            board.release(holder)
            raise
        stepper = cls(config.name, pins, ticks, min_period, release=lambda: board.release(holder))
        stepper._enable(False)
        pins["step"].set(False)
        stepper._thread.start()
        stepper._forget_hook = board.on_close(stepper.stop)
        LOG.info("motor %r: stepper on pins %s, %d steps/rev", config.name, pin_names, ticks)
        return stepper

    # -- the stepping thread ----------------------------------------------------------------------
    def _run(self) -> None:
        next_step = time.perf_counter()
        while True:
            with self._wake:
                while not self._closed and self.steps == self.target:
                    self._notify_arrived()
                    self._wake.wait()
                    next_step = time.perf_counter()  # a new move starts its schedule now
                if self._closed:
                    return
                forward, period = self.steps < self.target, self.period_s
            self.pins["dir"].set(forward)
            if not self._wait_for_step(next_step, forward):
                continue  # stopped, closed or reversed while waiting: look again
            self._sleep_until(next_step + period / 2)
            self.pins["step"].set(False)
            next_step += period
            if time.perf_counter() - next_step > 10 * period:  # fell far behind (paused): do not burst
                next_step = time.perf_counter()

    def _wait_for_step(self, deadline: float, forward: bool) -> bool:
        """Wait for a step's time and take it (pin high, count it) unless the move changed meanwhile.

        The rising edge and the count happen under the lock that ``stop`` takes, so a stop either
        sees the step counted or prevents it: once ``stop`` returns, the motor is not moving.
        """
        with self._wake:
            while True:
                if self._closed or self.steps == self.target or (self.steps < self.target) != forward:
                    return False
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    break
                self._wake.wait(remaining)
            self.pins["step"].set(True)
            self.steps += 1 if forward else -1
            return True

    @staticmethod
    def _sleep_until(deadline: float) -> None:
        remaining = deadline - time.perf_counter()
        if remaining > 0:
            time.sleep(remaining)

    def _notify_arrived(self) -> None:
        waiters, self._arrived = self._arrived, []
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # the loop closed
                loop.call_soon_threadsafe(event.set)

    def _enable(self, on: bool) -> None:
        if "en_high" in self.pins:
            self.pins["en_high"].set(on)
        if "en_low" in self.pins:
            self.pins["en_low"].set(not on)

    def _halt(self) -> None:
        with self._wake:
            self.target = self.steps
            self._wake.notify_all()

    # -- Motor ------------------------------------------------------------------------------------
    async def go_for(self, rpm: float, revolutions: float, *, extra: Extra = None, timeout: float | None = None,
                     **kwargs: Any) -> None:
        if abs(rpm) < 0.1:
            LOG.warning("motor %r: speed is nearly 0 rev_per_min: stopping", self.name)
            await self.stop()
            return
        forever = revolutions == 0
        revs = FOREVER_REVOLUTIONS if forever else abs(revolutions)
        direction = -1 if math.copysign(1, rpm) != math.copysign(1, revolutions or 1) else 1
        arrived = asyncio.Event()
        self._enable(True)
        with self._wake:
            self.period_s = max(self.min_period_s, 60.0 / (abs(rpm) * self.ticks_per_rotation))
            self.target = self.steps + direction * int(revs * self.ticks_per_rotation)
            if not forever:
                self._arrived.append((asyncio.get_running_loop(), arrived))
            self._wake.notify_all()
        if forever:
            return
        try:
            await arrived.wait()
        except asyncio.CancelledError:
            await self.stop()  # the caller went away: stop, as the reference does
            raise
        if not await self.is_moving():
            self._enable(False)

    async def go_to(self, rpm: float, position_revolutions: float, *, extra: Extra = None,
                    timeout: float | None = None, **kwargs: Any) -> None:
        distance = position_revolutions - await self.get_position()
        if abs(distance) <= GOTO_TOLERANCE_REV:
            LOG.debug("motor %r: GoTo distance nearly zero, not moving", self.name)
            return
        await self.go_for(abs(rpm), distance)

    async def set_rpm(self, rpm: float, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self.go_for(rpm, 0)

    async def set_power(self, power: float, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
        if abs(power) <= 1e-4:
            await self.stop()
            return
        raise NotSupportedError(f"gpioStepper doesn't support raw power mode in motor ({self.name})")

    async def reset_zero_position(self, offset: float, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> None:
        with self._wake:
            moving = self.target - self.steps
            self.steps = int(-offset * self.ticks_per_rotation)
            self.target = self.steps + moving

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self.steps / self.ticks_per_rotation

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MotorProperties:
        return MotorProperties(position_reporting=True)

    async def is_moving(self) -> bool:
        return self.steps != self.target

    async def is_powered(self, *, extra: Extra = None, timeout: float | None = None,
                         **kwargs: Any) -> tuple[bool, float]:
        moving = await self.is_moving()
        return moving, 1.0 if moving else 0.0

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self._halt()
        if not self._closed:
            self._enable(False)

    async def get_status(self) -> dict[str, Any]:
        return {"position": await self.get_position(), "is_moving": await self.is_moving()}

    async def close(self) -> None:
        if self._closed:
            return
        await self.stop()
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        await asyncio.to_thread(self._thread.join, 2.0)
        forget = getattr(self, "_forget_hook", None)
        if forget is not None:
            forget()
        if self._release is not None:
            self._release()

    def __repr__(self) -> str:
        return f"<GpioStepper {self.name!r} at {self.steps} steps, target {self.target}>"
