"""Base ``rdk:builtin:sensor-controlled``: another base closed-loop on movement sensors.

Attributes (the reference names): ``movement_sensor`` (a non-empty list of names), ``base`` (the
base it drives, required), ``control_parameters`` (a list of ``{type: linear_velocity |
angular_velocity, p, i, d}``), ``control_frequency_hz`` (default 10).

As the reference: of the sensors, the first whose properties say so gives orientation, velocities
(linear and angular both), position and compass heading; with neither orientation nor velocities
the config fails. With a velocity sensor and control parameters, SetVelocity, Spin and
MoveStraight run a PID loop per axis (setpoint minus measured linear m/s and angular deg/s, output
clamped to +-255 and scaled by 1/255 into SetPower on the wrapped base); Spin stops within 1 deg
of the goal by orientation (or integrated angular velocity), MoveStraight by position (or
integrated linear velocity) while holding its first heading; each gives up after five times its
expected duration (at least 10 s). Without them every motion call goes to the wrapped base.
The reference auto-tunes gains given as all zero; here that is a config error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from builtin_modules.common.attrs import Attrs
from viam.components.arm.kinematics import ov_to_quat
from viam.components.base.api import Base, BaseProperties, Vector3
from viam.components.movement_sensor.api import MovementSensor
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)

LINEAR, ANGULAR = "linear_velocity", "angular_velocity"
PID_LIMIT = 255.0  # the reference's PID output and integral limits; the output is then scaled by 1/255
SPIN_DONE_DEG = 1.0
SLOW_DOWN_GAIN, MAX_SLOW_DOWN_DEG, MAX_SLOW_DOWN_MM = 0.1, 30.0, 100.0
EARTH_RADIUS_MM = 6371.0 * 1e6  # great-circle distance on the reference's sphere (km -> mm)


@dataclass
class Gains:
    p: float
    i: float
    d: float
    integral: float = 0.0
    last_error: float = 0.0

    def reset(self) -> None:
        self.integral = self.last_error = 0.0

    def step(self, error: float, dt: float) -> float:
        self.integral = max(-PID_LIMIT, min(PID_LIMIT, self.integral + self.i * error * dt))
        derivative = (error - self.last_error) / dt if dt > 0 else 0.0
        self.last_error = error
        return max(-PID_LIMIT, min(PID_LIMIT, self.p * error + self.integral + self.d * derivative))


def parse_config(config: ResourceConfig) -> dict[str, Any]:
    attrs = Attrs(config)
    sensors = attrs.data.get("movement_sensor")
    if isinstance(sensors, str):
        sensors = [sensors]
    if not sensors or not isinstance(sensors, list) or not all(isinstance(s, str) and s for s in sensors):
        raise attrs.error("movement_sensor needs at least one movement sensor name (a list)", "movement_sensor")
    base = attrs.str("base", "")
    if not base:
        raise attrs.error("base is required (the name of the base to control)", "base")
    gains: dict[str, Gains] = {}
    for entry in attrs.items("control_parameters"):
        kind = entry.str("type", "")
        if kind not in (LINEAR, ANGULAR):
            raise entry.error("control_parameters type must be 'linear_velocity' or 'angular_velocity'", "type")
        gains[kind] = Gains(entry.number("p", 0.0), entry.number("i", 0.0), entry.number("d", 0.0))
    if gains:
        for kind in (LINEAR, ANGULAR):
            g = gains.get(kind)
            if g is None or (g.p == 0 and g.i == 0 and g.d == 0):
                raise attrs.error(f"control_parameters: give p, i and d for {kind} (auto-tuning all-zero gains "
                                  "is not supported here)", "control_parameters")
    frequency = attrs.number("control_frequency_hz", 10.0, minimum=0) or 10.0
    return {"sensors": list(sensors), "base": base, "gains": gains, "frequency": float(frequency)}


def _find(dependencies: Dependencies, api: Any, name: str, what: str) -> Any:
    for resource_name, resource in dependencies.items():
        if resource_name.api == api and (resource_name.name == name or str(resource_name) == name):
            return resource
    raise InvalidArgumentError(f"sensor-controlled base: no {what} named {name!r}")


def yaw_deg(o: Any) -> float:
    """Yaw (-180..180) of an orientation vector, as the reference reads orientation for heading."""
    w, x, y, z = ov_to_quat(o.o_x, o.o_y, o.o_z, o.theta)
    return math.degrees(math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z)))


def moved_deg(previous: float, current: float, moved: float) -> float:
    """Accumulate the turn between two bounded headings across the +-180 wrap."""
    delta = current - previous
    if delta < -300:
        delta += 360
    elif delta > 300:
        delta -= 360
    return moved + delta


def great_circle_mm(a: Any, b: Any) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_MM * math.asin(min(1.0, math.sqrt(h)))


def ramp(error: float, speed: float, slow_down: float) -> float:
    """The reference's approach: full speed, proportional within ``slow_down`` of the goal."""
    value = error * speed / slow_down if slow_down else math.copysign(speed, error)
    return math.copysign(min(abs(value), abs(speed)), value)


class SensorControlledBase(Base):
    MODEL: ClassVar[Model] = Model("rdk", "builtin", "sensor-controlled")

    def __init__(self, name: str, base: Base, *, orientation: MovementSensor | None,
                 velocities: MovementSensor | None, position: MovementSensor | None,
                 compass: MovementSensor | None, gains: Mapping[str, Gains], frequency: float) -> None:
        super().__init__(name)
        self.base = base
        self.orientation, self.velocities, self.position, self.compass = orientation, velocities, position, compass
        self.gains = dict(gains)
        self.period = 1.0 / frequency
        self.setpoint = (0.0, 0.0)  # (m/s, deg/s)
        self._loop: asyncio.Task[None] | None = None
        self._operation: asyncio.Task[None] | None = None

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        parsed = parse_config(config)
        return [*parsed["sensors"], parsed["base"]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> SensorControlledBase:
        parsed = parse_config(config)
        sensors = [_find(dependencies, MovementSensor.API, n, "movement sensor") for n in parsed["sensors"]]
        props = []
        for sensor in sensors:
            try:
                props.append((sensor, await sensor.get_properties()))
            except Exception as exc:  # noqa: BLE001 - as the reference: a sensor that errors is passed over
                LOG.warning("movement sensor %s: properties failed: %s", sensor.name, exc)

        def first(test: Any) -> MovementSensor | None:
            return next((s for s, p in props if test(p)), None)

        orientation = first(lambda p: p.orientation_supported)
        velocities = first(lambda p: p.angular_velocity_supported and p.linear_velocity_supported)
        if orientation is None and velocities is None:
            raise InvalidArgumentError(f"sensor-controlled base {config.name!r}: no appropriate sensor for "
                                       "orientation or velocity feedback (need orientation, or linear and angular "
                                       "velocity, among " + ", ".join(parsed["sensors"]) + ")")
        base = _find(dependencies, Base.API, parsed["base"], "base")
        return cls(config.name, base, orientation=orientation, velocities=velocities,
                   position=first(lambda p: p.position_supported), compass=first(lambda p: p.compass_heading_supported),
                   gains=parsed["gains"] if velocities is not None else {}, frequency=parsed["frequency"])

    @property
    def controlled(self) -> bool:
        return self.velocities is not None and bool(self.gains)

    # -- the velocity loop -------------------------------------------------------------------------
    async def _run_loop(self) -> None:
        assert self.velocities is not None
        for g in self.gains.values():
            g.reset()
        last = time.monotonic()
        while True:
            linear = (await self.velocities.get_linear_velocity()).y
            angular = (await self.velocities.get_angular_velocity()).z
            now = time.monotonic()
            dt, last = now - last, now
            lin_out = self.gains[LINEAR].step(self.setpoint[0] - linear, dt) / PID_LIMIT
            ang_out = self.gains[ANGULAR].step(self.setpoint[1] - angular, dt) / PID_LIMIT
            # Angular keeps its sense when driving backwards, as the reference.
            await self.base.set_power(Vector3(y=lin_out), Vector3(z=ang_out * math.copysign(1.0, lin_out)))
            await asyncio.sleep(max(0.0, self.period - (time.monotonic() - now)))

    def _resume(self) -> None:
        if self._loop is None or self._loop.done():
            self._loop = asyncio.ensure_future(self._run_loop())

    async def _pause(self) -> None:
        task, self._loop = self._loop, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _heading(self) -> float | None:
        if self.orientation is not None:
            return yaw_deg(await self.orientation.get_orientation())
        if self.compass is not None:
            heading = 360.0 - await self.compass.get_compass_heading()  # clockwise -> counter-clockwise
            return heading - 360.0 if heading > 180 else heading
        return None

    async def _cancel_operation(self) -> None:
        task, self._operation = self._operation, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _exclusive(self, make: Any) -> None:
        """One motion at a time: a newer command ends this one quietly; a cancelled caller stops the base."""
        await self._cancel_operation()
        task = asyncio.ensure_future(make())
        self._operation = task
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                if self._operation is task:
                    await asyncio.shield(self._cancel_operation())
                    await asyncio.shield(self._halt())
                raise
            return  # superseded by a newer command, which has the base now
        finally:
            if self._operation is task:
                self._operation = None

    async def _halt(self) -> None:
        await self._pause()
        self.setpoint = (0.0, 0.0)
        await self.base.stop()

    # -- Base --------------------------------------------------------------------------------------
    async def set_velocity(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> None:
        await self._cancel_operation()
        if not self.controlled:
            await self.base.set_velocity(linear, angular, extra=extra, timeout=timeout)
            return
        self.setpoint = (linear.y / 1000.0, angular.z)
        self._resume()

    async def set_power(self, linear: Vector3, angular: Vector3, *, extra: Extra = None,
                        timeout: float | None = None, **kwargs: Any) -> None:
        await self._cancel_operation()
        await self._pause()
        await self.base.set_power(linear, angular, extra=extra, timeout=timeout)

    async def spin(self, angle: float, velocity: float, *, extra: Extra = None, timeout: float | None = None,
                   **kwargs: Any) -> None:
        if not self.controlled:
            await self.base.spin(angle, velocity, extra=extra, timeout=timeout)
            return
        await self._exclusive(lambda: self._spin(angle, velocity))

    async def _spin(self, angle: float, velocity: float) -> None:
        assert self.velocities is not None
        if velocity < 0:
            angle, velocity = -angle, -velocity
        slow_down = min(abs(angle) * SLOW_DOWN_GAIN, MAX_SLOW_DOWN_DEG)
        give_up = time.monotonic() + max(10.0, 5 * abs(angle / velocity) if velocity else 10.0)
        previous = await self._heading()
        moved, last = 0.0, time.monotonic()
        self._resume()
        while True:
            await asyncio.sleep(self.period)
            if previous is not None:
                current = await self._heading()
                assert current is not None
                moved, previous = moved_deg(previous, current, moved), current
            else:
                now = time.monotonic()
                moved += (await self.velocities.get_angular_velocity()).z * (now - last)
                last = now
            error = angle - moved
            if abs(error) < SPIN_DONE_DEG or time.monotonic() > give_up:
                if abs(error) >= SPIN_DONE_DEG:
                    LOG.warning("base %s: Spin took too long; stopping %.1f deg short", self.name, error)
                await self._halt()
                return
            self.setpoint = (0.0, ramp(error, velocity, slow_down))

    async def move_straight(self, distance: int, velocity: float, *, extra: Extra = None,
                            timeout: float | None = None, **kwargs: Any) -> None:
        if not self.controlled:
            await self.base.move_straight(distance, velocity, extra=extra, timeout=timeout)
            return
        await self._exclusive(lambda: self._move_straight(float(distance), velocity))

    async def _move_straight(self, distance: float, velocity: float) -> None:
        assert self.velocities is not None
        if self.position is None and distance < 0:
            distance, velocity = -distance, -velocity
        slow_down = min(abs(distance) * SLOW_DOWN_GAIN, MAX_SLOW_DOWN_MM)
        give_up = time.monotonic() + max(10.0, 5 * abs(distance / velocity) if velocity else 10.0)
        start_heading = await self._heading()
        start = (await self.position.get_position())[0] if self.position is not None else None
        travelled, last = 0.0, time.monotonic()
        self._resume()
        while True:
            await asyncio.sleep(self.period)
            if start is not None and self.position is not None:
                error = abs(distance) - great_circle_mm(start, (await self.position.get_position())[0])
            else:
                now = time.monotonic()
                travelled += math.copysign(1.0, velocity) * (await self.velocities.get_linear_velocity()).y \
                    * (now - last) * 1000.0
                last = now
                error = distance - travelled
            if error < 0 or time.monotonic() > give_up:
                if error >= 0:
                    LOG.warning("base %s: MoveStraight took too long; stopping %.0f mm short", self.name, error)
                await self._halt()
                return
            turn = 0.0
            if start_heading is not None:
                heading = await self._heading()
                assert heading is not None
                off = start_heading - heading
                turn = off - math.floor((off + 180.0) / 360.0) * 360.0
            self.setpoint = (ramp(error, velocity, slow_down) / 1000.0, turn)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await self._cancel_operation()
        await self._pause()
        self.setpoint = (0.0, 0.0)
        await self.base.stop(extra=extra, timeout=timeout)

    async def is_moving(self) -> bool:
        return await self.base.is_moving()

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> BaseProperties:
        return await self.base.get_properties(extra=extra, timeout=timeout)

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        return await self.base.get_geometries(extra=extra, timeout=timeout)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        if command.get("get_tuned_pid"):
            # As the reference: the gains in use, once tuned (here they always come from the config).
            return {"get_tuned_pid": "".join(f"{{p: {g.p}, i: {g.i}, d: {g.d}, type: {k}}}"
                                             for k, g in self.gains.items())}
        return {}

    async def get_status(self) -> Mapping[str, Any]:
        return {"is_moving": await self.is_moving(), "controlled": self.controlled}

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.stop()
