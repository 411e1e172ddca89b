"""Base ``rdk:builtin:wheeled``: differential drive over equal left and right motor lists.

Attributes (the reference names): ``left`` and ``right`` (motor names, same count, required),
``width_mm`` and ``wheel_circumference_mm`` (required, nonzero), ``spin_slip_factor`` (default 1).

The motion math is the reference's: MoveStraight runs every motor ``distance / circumference``
revolutions at ``60 * speed / circumference`` rpm; Spin runs each wheel along the arc
``slip * width * pi * angle / 360`` (left backwards for a positive, counter-clockwise angle);
SetVelocity turns (linear.y mm/s, angular.z deg/s) into per-side rpm and runs until told
otherwise; SetPower mixes (linear.y, angular.z) into side powers. One operation runs at a time:
a new command, Stop, or a cancelled call (client gone, session expired) stops the motors.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar

from builtin_modules.common.attrs import Attrs
from viam.components.base.api import Base, BaseProperties, Vector3
from viam.components.motor.api import Motor
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
_EPSILON = 1e-4  # speeds below this are "stop", as in the reference


def _motor_names(attrs: Attrs, key: str) -> list[str]:
    value = attrs.data.get(key)
    if not value:
        raise attrs.error(f"{key} is required (a list of motor names)", key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise attrs.error(f"{key} must be a list of motor names, got {value!r}", key)
    return list(value)


def parse_config(config: ResourceConfig) -> dict[str, Any]:
    attrs = Attrs(config)
    width = attrs.int("width_mm")
    circumference = attrs.int("wheel_circumference_mm")
    if width <= 0:
        raise attrs.error(f"width_mm must be > 0, got {width}", "width_mm")
    if circumference <= 0:
        raise attrs.error(f"wheel_circumference_mm must be > 0, got {circumference}", "wheel_circumference_mm")
    slip = attrs.number("spin_slip_factor", 1.0, minimum=0)
    left, right = _motor_names(attrs, "left"), _motor_names(attrs, "right")
    if len(left) != len(right):
        raise attrs.error(f"left and right need to have the same number of motors, not {len(left)} vs {len(right)}",
                          "right")
    return {"width_mm": width, "wheel_circumference_mm": circumference, "spin_slip_factor": float(slip) or 1.0,
            "left": left, "right": right}


# -- the reference's motion math (pure functions, unit-tested) ----------------------------------
def straight_inputs(distance_mm: float, mm_per_sec: float, circumference_mm: float) -> tuple[float, float]:
    """(rpm, revolutions) for every motor of a straight move."""
    return 60.0 * mm_per_sec / circumference_mm, distance_mm / circumference_mm


def spin_inputs(angle_deg: float, degs_per_sec: float, width_mm: float, circumference_mm: float,
                slip: float) -> tuple[float, float]:
    """(rpm, revolutions) of the right side of a spin; the left side runs at -rpm."""
    revolutions = abs(slip * width_mm * math.pi * (angle_deg / 360.0) / circumference_mm)
    rpm = (revolutions / angle_deg) * degs_per_sec * 60.0 if angle_deg else 0.0
    return rpm, revolutions


def velocity_rpms(mm_per_sec: float, degs_per_sec: float, width_mm: float,
                  circumference_mm: float) -> tuple[float, float]:
    """(left rpm, right rpm) for a linear and an angular velocity."""
    radius = circumference_mm / (2.0 * math.pi)
    omega = math.radians(degs_per_sec)
    left = mm_per_sec / radius - width_mm * omega / (2 * radius)
    right = mm_per_sec / radius + width_mm * omega / (2 * radius)
    return left / (2 * math.pi) * 60.0, right / (2 * math.pi) * 60.0


def differential_drive(forward: float, left: float) -> tuple[float, float]:
    """(left power, right power) in -1..1 from forward and leftward power; reverse mirrors the arc."""
    if forward < 0:
        lp, rp = differential_drive(-forward, left)
        return -lp, -rp
    r = math.hypot(forward, left)
    t = math.atan2(left, forward) + math.pi / 4
    if t == 0:
        t += 1.224647e-16 / 2  # the reference's nudge: keeps the turn-side motor barely powered
    lp, rp = r * math.cos(t) * math.sqrt(2), r * math.sin(t) * math.sqrt(2)
    return max(-1.0, min(1.0, lp)), max(-1.0, min(1.0, rp))


def _find_motor(dependencies: Dependencies, name: str, side: str) -> Motor:
    for resource_name, resource in dependencies.items():
        if resource_name.api == Motor.API and (resource_name.name == name or str(resource_name) == name):
            if not isinstance(resource, Motor):
                raise InvalidArgumentError(f"{side} motor {name!r} is a {type(resource).__name__}, not a motor")
            return resource
    known = ", ".join(sorted(repr(n.name) for n in dependencies if n.api == Motor.API)) or "none"
    raise InvalidArgumentError(f"no {side} motor named {name!r} (motors: {known})")


class WheeledBase(Base):
    """Differential-drive base; ``left``/``right`` are the motor objects (clients or local models)."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "wheeled")

    def __init__(self, name: str, left: Sequence[Motor], right: Sequence[Motor], *, width_mm: float,
                 wheel_circumference_mm: float, spin_slip_factor: float = 1.0) -> None:
        super().__init__(name)
        self.left, self.right = list(left), list(right)
        self.width_mm, self.wheel_circumference_mm = width_mm, wheel_circumference_mm
        self.spin_slip_factor = spin_slip_factor
        self._operation: asyncio.Task[None] | None = None

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        parsed = parse_config(config)
        return [*parsed["left"], *parsed["right"]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> WheeledBase:
        parsed = parse_config(config)
        left = [_find_motor(dependencies, n, "left") for n in parsed.pop("left")]
        right = [_find_motor(dependencies, n, "right") for n in parsed.pop("right")]
        base = cls(config.name, left, right, **parsed)
        await base.stop()
        return base

    @property
    def motors(self) -> list[Motor]:
        return [*self.left, *self.right]

    # -- one operation at a time -----------------------------------------------------------------
    async def _cancel_running(self) -> None:
        task, self._operation = self._operation, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run_operation(self, make: Callable[[], Awaitable[None]]) -> None:
        """Run ``make()`` as the base's operation; a newer command ends it quietly, a cancelled call stops."""
        await self._cancel_running()
        task = asyncio.ensure_future(make())
        self._operation = task
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():  # our caller was cancelled: stop the base
                if self._operation is task:
                    await asyncio.shield(self._cancel_running())
                    await asyncio.shield(self._stop_now())
                raise
            return  # superseded by a newer command (which already took the motors over)
        finally:
            if self._operation is task:
                self._operation = None

    async def _all(self, calls: list[Awaitable[Any]]) -> None:
        """Run motor calls in parallel; on any failure stop everything and raise the first error."""
        tasks = [asyncio.ensure_future(c) for c in calls]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            for t in tasks:
                t.cancel()
            await asyncio.shield(self._stop_motors())
            raise
        except Exception:
            for t in tasks:
                t.cancel()
            await asyncio.shield(self._stop_motors())
            raise

    async def _go_for_all(self, left_rpm: float, left_revs: float, right_rpm: float, right_revs: float) -> None:
        calls: list[Awaitable[Any]] = []
        for motors, rpm, revs in ((self.left, left_rpm, left_revs), (self.right, right_rpm, right_revs)):
            for motor in motors:
                # GoFor at 0 rpm is an error for most motors; a side that should not turn is stopped.
                calls.append(motor.stop() if abs(rpm) < _EPSILON else motor.go_for(rpm, revs))
        await self._all(calls)

    async def _set_rpm_all(self, left_rpm: float, right_rpm: float) -> None:
        calls: list[Awaitable[Any]] = []
        for motors, rpm in ((self.left, left_rpm), (self.right, right_rpm)):
            for motor in motors:
                calls.append(motor.stop() if abs(rpm) < _EPSILON else motor.set_rpm(rpm))
        await self._all(calls)

    async def _stop_motors(self) -> None:
        results = await asyncio.gather(*(m.stop() for m in self.motors), return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            raise errors[0]

    async def _stop_now(self) -> None:
        with contextlib.suppress(Exception):
            await self._stop_motors()

    # -- Base --------------------------------------------------------------------------------------
    async def move_straight(self, distance: int, velocity: float, *, extra: Extra = None,
                            timeout: float | None = None, **kwargs: Any) -> None:
        LOG.debug("base %s: move_straight %s mm at %s mm/s", self.name, distance, velocity)
        if abs(velocity) < _EPSILON or distance == 0:
            await self.stop()
            return
        rpm, revolutions = straight_inputs(distance, velocity, self.wheel_circumference_mm)
        await self._run_operation(lambda: self._go_for_all(rpm, revolutions, rpm, revolutions))

    async def spin(self, angle: float, velocity: float, *, extra: Extra = None, timeout: float | None = None,
                   **kwargs: Any) -> None:
        LOG.debug("base %s: spin %s deg at %s deg/s", self.name, angle, velocity)
        if abs(velocity) < _EPSILON or angle == 0:
            await self.stop()
            return
        rpm, revolutions = spin_inputs(angle, velocity, self.width_mm, self.wheel_circumference_mm,
                                       self.spin_slip_factor)
        await self._run_operation(lambda: self._go_for_all(-rpm, revolutions, rpm, revolutions))

    async def set_velocity(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> None:
        await self._cancel_running()
        if not any((linear.x, linear.y, linear.z, angular.x, angular.y, angular.z)):
            await self._stop_motors()
            return
        left_rpm, right_rpm = velocity_rpms(linear.y, angular.z, self.width_mm, self.wheel_circumference_mm)
        await self._set_rpm_all(left_rpm, right_rpm)  # as the reference: SetRPM, until told otherwise

    async def set_power(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                        timeout: float | None = None, **kwargs: Any) -> None:
        await self._cancel_running()
        if not any((linear.x, linear.y, linear.z, angular.x, angular.y, angular.z)):
            await self._stop_motors()
            return
        left_power, right_power = differential_drive(linear.y, angular.z)
        await self._all([*(m.set_power(left_power) for m in self.left),
                         *(m.set_power(right_power) for m in self.right)])

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._cancel_running()
        await self._stop_motors()

    async def is_moving(self) -> bool:
        for motor in self.motors:
            powered, _ = await motor.is_powered()
            if powered:
                return True
        return False

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> BaseProperties:
        return BaseProperties(width_meters=self.width_mm * 0.001, turning_radius_meters=0.0,
                              wheel_circumference_meters=self.wheel_circumference_mm * 0.001)

    async def get_status(self) -> Mapping[str, Any]:
        return {"is_moving": await self.is_moving()}

    async def close(self) -> None:
        await self._cancel_running()
        await self._stop_now()

    def __repr__(self) -> str:
        names = lambda ms: ",".join(m.name for m in ms)  # noqa: E731
        return f"<WheeledBase {self.name!r} left=[{names(self.left)}] right=[{names(self.right)}]>"
