"""I2C sensors: BME280 (``rdk:builtin:bme280`` Sensor) and INA219 (``rdk:builtin:ina219`` PowerSensor).

Attributes (the reference names): ``i2c_bus`` (bus number, default "1"), ``i2c_addr``
(0x76/0x77 for the BME280, 0x40-0x4F for the INA219); INA219 also ``shunt_resistance`` (ohms,
default 0.1) and ``max_current_amps`` (default 3.2). The chip is probed when the resource is
built, so a missing or wrong device is the resource's error ("no device at 0x76 on
/dev/i2c-1", "chip id 0x58 (BMP280), expected 0x60"). Register arithmetic is the drivers'
datasheet code; bus transfers run in a thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from builtin_modules.common import buses
from builtin_modules.common.attrs import Attrs, warn_unknown
from drivers.i2c import BME280, INA219
from drivers.i2c.bme280 import ADDRESSES as BME280_ADDRESSES
from viam.components.power_sensor.api import PowerSensor
from viam.components.sensor.api import Sensor
from viam.components.sensor.readings import Readings
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)


def _bus_and_address(config: ResourceConfig, default: int, allowed: range | tuple[int, ...],
                     chip: str, known: tuple[str, ...] = ("i2c_bus", "i2c_addr")) -> tuple[str, int]:
    attrs = Attrs(config)
    for warning in warn_unknown(attrs, known):
        LOG.warning("%s %r: %s", chip, config.name, warning)
    bus = attrs.str("i2c_bus", "1")
    address = attrs.i2c_address("i2c_addr", default)
    if address not in allowed:
        choices = ", ".join(f"{a:#04x}" for a in allowed)
        raise attrs.error(f"an {chip} answers only at {choices}, not {address:#04x}", "i2c_addr")
    return bus, address


class Bme280Sensor(Sensor):
    """Temperature (°C), relative humidity (%) and pressure (kPa, as the reference reports it)."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "bme280")

    def __init__(self, name: str, chip: BME280, bus_name: str) -> None:
        super().__init__(name)
        self.chip = chip
        self.bus_name = bus_name

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _bus_and_address(config, 0x77, BME280_ADDRESSES, "BME280")
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Bme280Sensor:
        bus_name, address = _bus_and_address(config, 0x77, BME280_ADDRESSES, "BME280")
        bus = buses.i2c_bus(bus_name)
        bus.claim(address, f"sensor {config.name!r}")
        try:
            chip = await asyncio.to_thread(BME280, bus, address)
        except BaseException:
            bus.release(address, f"sensor {config.name!r}")
            raise
        return cls(config.name, chip, bus_name)

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Readings:
        reading = await asyncio.to_thread(self.chip.read)
        return {"temperature_celsius": reading.temperature_c,
                "temperature_fahrenheit": reading.temperature_c * 9 / 5 + 32,
                "relative_humidity_pct": reading.humidity_pct,
                "pressure_kpa": reading.pressure_pa / 1000.0,
                "pressure_pa": reading.pressure_pa}

    async def close(self) -> None:
        buses.i2c_bus(self.bus_name).release(self.chip.address, f"sensor {self.name!r}")


class Ina219PowerSensor(PowerSensor):
    """Bus voltage (V), current (A) and power (W) from the chip's own calibrated registers."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "ina219")

    def __init__(self, name: str, chip: INA219, bus_name: str) -> None:
        super().__init__(name)
        self.chip = chip
        self.bus_name = bus_name

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, int, float, float]:
        bus, address = _bus_and_address(config, 0x40, range(0x40, 0x50), "INA219",
                                        ("i2c_bus", "i2c_addr", "shunt_resistance", "max_current_amps"))
        attrs = Attrs(config)
        shunt = float(attrs.number("shunt_resistance", 0.1, minimum=0, exclusive_minimum=True))
        max_current = float(attrs.number("max_current_amps", 3.2, minimum=0, exclusive_minimum=True))
        if not 0 < int(0.04096 / (max_current / 32768 * shunt)) <= 0xFFFE:
            raise attrs.error(f"max_current_amps {max_current} with shunt_resistance {shunt} gives no valid "
                              "INA219 calibration (datasheet equation 1)", "max_current_amps")
        return bus, address, shunt, max_current

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        cls.parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Ina219PowerSensor:
        bus_name, address, shunt, max_current = cls.parse(config)
        bus = buses.i2c_bus(bus_name)
        bus.claim(address, f"power_sensor {config.name!r}")
        try:
            chip = await asyncio.to_thread(INA219, bus, address, shunt_ohms=shunt, max_current_a=max_current)
        except BaseException:
            bus.release(address, f"power_sensor {config.name!r}")
            raise
        return cls(config.name, chip, bus_name)

    async def get_voltage(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return (await asyncio.to_thread(self.chip.read)).bus_voltage_v, False

    async def get_current(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return (await asyncio.to_thread(self.chip.read)).current_a, False

    async def get_power(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return (await asyncio.to_thread(self.chip.read)).power_w

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Readings:
        r = await asyncio.to_thread(self.chip.read)  # one consistent set of registers
        return {"voltage": r.bus_voltage_v, "current": r.current_a, "is_ac": False, "power": r.power_w,
                "shunt_voltage": r.shunt_voltage_v, "overflow": r.overflow}

    async def close(self) -> None:
        buses.i2c_bus(self.bus_name).release(self.chip.address, f"power_sensor {self.name!r}")
