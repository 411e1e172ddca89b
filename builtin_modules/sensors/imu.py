"""Movement sensors on I2C: ``rdk:builtin:gyro-mpu6050`` (MPU-6050: angular velocity, linear
acceleration, temperature) and ``rdk:builtin:accel-adxl345`` (ADXL345: linear acceleration).

Attributes (the reference names): ``i2c_bus`` (bus number, default "1"),
``use_alt_i2c_address`` (AD0 high: 0x69 instead of 0x68). The chip is probed (WHO_AM_I) and
woken when the resource is built and put back to sleep when it closes. Linear acceleration is in
m/s² (±2 g), angular velocity in °/s (±250); ``get_readings`` adds ``temperature_celsius`` as the
reference does. Position, velocity, orientation and compass are not supported (NOT_SUPPORTED).
The ADXL345 takes ``i2c_bus`` and ``use_alternate_i2c_address`` (0x1D instead of 0x53;
``use_alt_i2c_address`` is accepted too) and reports linear acceleration in m/s² (±2 g).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, ClassVar

from builtin_modules.common import buses
from builtin_modules.common.attrs import Attrs
from drivers.i2c import adxl345
from drivers.i2c.mpu6050 import ADDRESS, ALT_ADDRESS, MPU6050, ImuReading
from viam.components.movement_sensor.api import MovementSensor, MovementSensorAccuracy, MovementSensorProperties
from viam.components.sensor.readings import Readings
from viam.config.model import ResourceConfig
from viam.errors import NotSupportedError
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation, Vector3
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies


def _parse(config: ResourceConfig) -> tuple[str, int]:
    attrs = Attrs(config)
    return attrs.str("i2c_bus", "1"), ALT_ADDRESS if attrs.bool("use_alt_i2c_address") else ADDRESS


class Mpu6050(MovementSensor):
    MODEL: ClassVar[Model] = Model("rdk", "builtin", "gyro-mpu6050")

    def __init__(self, name: str, chip: MPU6050, bus_name: str) -> None:
        super().__init__(name)
        self.chip, self.bus_name = chip, bus_name

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Mpu6050:
        bus_name, address = _parse(config)
        bus = buses.i2c_bus(bus_name)
        holder = f"movement_sensor {config.name!r}"
        bus.claim(address, holder)
        try:
            chip = await asyncio.to_thread(MPU6050, bus, address)
        except BaseException:
            bus.release(address, holder)
            raise
        return cls(config.name, chip, bus_name)

    async def _read(self) -> ImuReading:
        return await asyncio.to_thread(self.chip.read)

    def _unsupported(self, what: str) -> NotSupportedError:
        chip = "ADXL345" if isinstance(self, Adxl345) else "MPU-6050"
        return NotSupportedError(f"movement_sensor {self.name!r} ({chip}) does not report {what}")

    async def get_angular_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> Vector3:
        x, y, z = (await self._read()).angular_velocity
        return Vector3(x=x, y=y, z=z)

    async def get_linear_acceleration(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> Vector3:
        x, y, z = (await self._read()).linear_acceleration
        return Vector3(x=x, y=y, z=z)

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> tuple[GeoPoint, float]:
        raise self._unsupported("position")

    async def get_linear_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> Vector3:
        raise self._unsupported("linear velocity")

    async def get_compass_heading(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> float:
        raise self._unsupported("compass heading")

    async def get_orientation(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> Orientation:
        raise self._unsupported("orientation")

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MovementSensorProperties:
        return MovementSensorProperties(linear_acceleration_supported=True, angular_velocity_supported=True)

    async def get_accuracy(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> MovementSensorAccuracy:
        return MovementSensorAccuracy()

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Readings:
        r = await self._read()
        return {"linear_acceleration": Vector3(x=r.linear_acceleration[0], y=r.linear_acceleration[1],
                                               z=r.linear_acceleration[2]),
                "angular_velocity": Vector3(x=r.angular_velocity[0], y=r.angular_velocity[1],
                                            z=r.angular_velocity[2]),
                "temperature_celsius": r.temperature_c}

    async def close(self) -> None:
        bus = buses.i2c_bus(self.bus_name)
        try:
            await asyncio.to_thread(self.chip.close)
        except OSError:
            pass  # an unplugged chip cannot be put to sleep; release the address regardless
        finally:
            bus.release(self.chip.address, f"movement_sensor {self.name!r}")


class Adxl345(Mpu6050):
    """The MPU-6050's plumbing with an accelerometer only."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "accel-adxl345")

    @staticmethod
    def _address(config: ResourceConfig) -> tuple[str, int]:
        attrs = Attrs(config)
        alt = attrs.bool("use_alternate_i2c_address") or attrs.bool("use_alt_i2c_address")
        return attrs.str("i2c_bus", "1"), adxl345.ALT_ADDRESS if alt else adxl345.ADDRESS

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        cls._address(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Adxl345:  # type: ignore[override]
        bus_name, address = cls._address(config)
        bus = buses.i2c_bus(bus_name)
        holder = f"movement_sensor {config.name!r}"
        bus.claim(address, holder)
        try:
            chip = await asyncio.to_thread(adxl345.ADXL345, bus, address)
        except BaseException:
            bus.release(address, holder)
            raise
        return cls(config.name, chip, bus_name)  # type: ignore[arg-type]

    async def get_angular_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> Vector3:
        raise self._unsupported("angular velocity")

    async def get_linear_acceleration(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> Vector3:
        x, y, z = await asyncio.to_thread(self.chip.read)
        return Vector3(x=x, y=y, z=z)

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MovementSensorProperties:
        return MovementSensorProperties(linear_acceleration_supported=True)

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Readings:
        return {"linear_acceleration": await self.get_linear_acceleration()}
