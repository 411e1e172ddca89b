"""I2C sensors: BME280 (``rdk:builtin:bme280`` Sensor), INA219 and INA226 (``rdk:builtin:ina219``,
``rdk:builtin:ina226`` PowerSensors).

As viam-modules/bosch ``bme280`` and viam-modules/texas-instruments ``ina219``/``ina226`` (their
code, read as facts; docs/hardware.md, "Sensors", has the line-by-line comparison). Attributes:
``i2c_bus`` (required, as there), ``i2c_addr`` (an integer; 0 or absent = 0x77 for the BME280,
0x40 for the INA219/INA226); those also ``shunt_resistance`` (ohms; 0 or absent = 0.1) and ours
``max_current_amps`` (default 0.32 V (INA219) or 81.92 mV (INA226) / shunt, the reference's
derivation). Readings carry the reference's keys and units. The chip is probed when the
resource is built, so a missing or wrong device is the resource's error ("no device at 0x76 on
/dev/i2c-1", "chip id 0x58 (BMP280), expected 0x60"). Bus transfers run in a thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from builtin_modules.common import buses
from builtin_modules.common.attrs import Attrs
from drivers.i2c import BME280, INA219, INA226
from drivers.i2c.bme280 import ADDRESSES as BME280_ADDRESSES
from drivers.i2c.bme280 import dew_point_c
from drivers.i2c.ina219 import reference_lsbs as ina219_lsbs
from drivers.i2c.ina219 import to_nano
from drivers.i2c.ina226 import reference_lsbs as ina226_lsbs
from viam.components.power_sensor.api import PowerSensor
from viam.components.sensor.api import Sensor
from viam.components.sensor.readings import Readings
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)

# Spellings in the reference modules' READMEs that their code does not read (so they have no
# effect there either): said so by name instead of the generic "unknown attribute".
README_SPELLINGS = {
    "i2c_address": "the bosch module's README spells it so, but its code (and ours) reads i2c_addr",
    "i2c-addr": "the texas-instruments module's README template spells it so, but its code (and ours) reads i2c_addr",
}


def _bus_and_address(config: ResourceConfig, default: int, strapping: range | tuple[int, ...],
                     chip: str, known: tuple[str, ...] = ("i2c_bus", "i2c_addr")) -> tuple[str, int, list[str]]:
    """(bus, address, warnings). ``i2c_bus`` is required, as in the reference; ``i2c_addr`` 0 or absent
    is the chip's default address; an address outside the chip's strapping range is used as given
    (an address translator may sit in between; the reference does not check) with a warning."""
    attrs = Attrs(config)
    warnings = []
    for key in attrs.data:
        if key not in known:
            note = README_SPELLINGS.get(key, "unknown attribute")
            warnings.append(f"{attrs.path(key)}: {note}; it has no effect here")
    if not attrs.has("i2c_bus"):
        raise attrs.error('i2c_bus is required: the bus number, "1" for /dev/i2c-1', "i2c_bus")
    bus = attrs.str("i2c_bus")
    address = default if attrs.data.get("i2c_addr") in (0, 0.0) else attrs.i2c_address("i2c_addr", default)
    if address not in strapping:
        choices = ", ".join(f"{a:#04x}" for a in strapping) if len(strapping) < 4 else \
            f"{strapping[0]:#04x}-{strapping[-1]:#04x}"
        article = "an" if chip.startswith("INA") else "a"
        warnings.append(f"{attrs.path('i2c_addr')}: {article} {chip} answers only at {choices}; {address:#04x} is "
                        "used as given")
    return bus, address, warnings


def _log_warnings(chip: str, config: ResourceConfig, warnings: list[str]) -> None:
    for warning in warnings:
        LOG.warning("%s %r: %s", chip, config.name, warning)


class Bme280Sensor(Sensor):
    """Readings as viam-modules/bosch: temperature and dew point (°C, °F), relative humidity (%) and
    ``pressure_mpa``, which (as there) holds hectopascals (Pa / 100, about 1013 at sea level)."""

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
        bus_name, address, warnings = _bus_and_address(config, 0x77, BME280_ADDRESSES, "BME280")
        _log_warnings("BME280", config, warnings)
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
        return bme280_readings(reading.temperature_c, reading.humidity_pct, reading.pressure_pa)

    async def close(self) -> None:
        buses.i2c_bus(self.bus_name).release(self.chip.address, f"sensor {self.name!r}")


def bme280_readings(temperature_c: float, humidity_pct: float, pressure_pa: float) -> dict[str, float]:
    """The reference's six keys and units from one compensated measurement."""
    dew = dew_point_c(temperature_c, humidity_pct)
    return {"temperature_celsius": temperature_c,
            "dew_point_celsius": dew,
            "temperature_fahrenheit": temperature_c * 1.8 + 32,
            "dew_point_fahrenheit": dew * 1.8 + 32,
            "relative_humidity_pct": humidity_pct,
            "pressure_mpa": pressure_pa / 100.0}


class Ina219PowerSensor(PowerSensor):
    """Bus voltage (V), current (A) and power (W) from the chip's own calibrated registers; readings
    ``volts``, ``amps``, ``is_ac`` (false), ``watts`` as the reference."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "ina219")
    KNOWN = ("i2c_bus", "i2c_addr", "shunt_resistance", "max_current_amps")
    CHIP_NAME = "INA219"
    CHIP: ClassVar[type] = INA219
    LSBS = staticmethod(ina219_lsbs)
    CAL_MAX = 0xFFFE  # bit 0 of the INA219's calibration register is read-only

    def __init__(self, name: str, chip: Any, bus_name: str) -> None:
        super().__init__(name)
        self.chip = chip
        self.bus_name = bus_name

    @classmethod
    def parse(cls, config: ResourceConfig) -> tuple[str, int, float, float | None, list[str]]:
        bus, address, warnings = _bus_and_address(config, 0x40, range(0x40, 0x50), cls.CHIP_NAME, cls.KNOWN)
        attrs = Attrs(config)
        if not bus.isdigit():
            raise attrs.error(f"i2c_bus must be numeric, not {bus!r}", "i2c_bus")
        shunt = float(attrs.number("shunt_resistance", 0.0, minimum=0))
        if to_nano(shunt) == 0:  # the reference: 0 (or absent) is the default
            shunt = 0.1
        max_current = attrs.number("max_current_amps", None, minimum=0, exclusive_minimum=True)
        max_current = None if max_current is None else float(max_current)
        try:
            cal = cls.LSBS(shunt, max_current)[2]
        except ValueError as exc:
            raise attrs.error(str(exc), "max_current_amps") from None
        if not 0 < cal <= cls.CAL_MAX:
            raise attrs.error(f"ina calibrate: calibration register value invalid {cal}: max_current_amps "
                              f"{max_current} with shunt_resistance {shunt} (the datasheet's calibration "
                              f"equation must give 1..{cls.CAL_MAX})", "max_current_amps")
        return bus, address, shunt, max_current, warnings

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        cls.parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Ina219PowerSensor:
        bus_name, address, shunt, max_current, warnings = cls.parse(config)
        _log_warnings(cls.CHIP_NAME, config, warnings)
        bus = buses.i2c_bus(bus_name)
        bus.claim(address, f"power_sensor {config.name!r}")
        try:
            chip = await asyncio.to_thread(cls.CHIP, bus, address, shunt_ohms=shunt, max_current_a=max_current)
        except BaseException:
            bus.release(address, f"power_sensor {config.name!r}")
            raise
        LOG.info("%s %r: shunt %s ohm, maximum current %s A, calibration %d", cls.CHIP_NAME, config.name, shunt,
                 chip.current_lsb_na * 32768 / 1e9, chip.calibration)
        return cls(config.name, chip, bus_name)

    async def get_voltage(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return (await asyncio.to_thread(self.chip.bus_voltage))[0], False

    async def get_current(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return await asyncio.to_thread(self.chip.current), False

    async def get_power(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return await asyncio.to_thread(self.chip.power)

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Readings:
        def read() -> dict[str, Any]:  # voltage, current, power in this order, as the reference
            return {"volts": self.chip.bus_voltage()[0], "amps": self.chip.current(), "is_ac": False,
                    "watts": self.chip.power()}

        return await asyncio.to_thread(read)

    async def close(self) -> None:
        buses.i2c_bus(self.bus_name).release(self.chip.address, f"power_sensor {self.name!r}")


class Ina226PowerSensor(Ina219PowerSensor):
    """viam-modules/texas-instruments ``ina226``: the INA219's attributes and readings; max current
    81.92 mV / shunt, Power_LSB 25 Current_LSB, bus voltage LSB 1.25 mV, Cal 2048."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "ina226")
    CHIP_NAME = "INA226"
    CHIP: ClassVar[type] = INA226
    LSBS = staticmethod(ina226_lsbs)
    CAL_MAX = 0x7FFF  # bit 15 of the INA226's calibration register is reserved
