"""TI INA219 current/power monitor (I2C).

Registers are 16-bit big-endian. The chip computes current and power itself from the
calibration register (datasheet SBOS448, section 8.5.1):

    Cal = trunc(0.04096 / (Current_LSB * R_shunt))
    Current register = Shunt voltage register * Cal / 4096
    Power register   = Current register * Bus voltage register / 5000
    Power_LSB        = 20 * Current_LSB

The pure functions here are those equations; the simulator uses the same ones, the driver
only reads the registers and scales them.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from drivers.errors import WrongDevice
from drivers.i2c.bus import I2CBus, check_address

log = logging.getLogger(__name__)

REG_CONFIG = 0x00
REG_SHUNT_VOLTAGE = 0x01
REG_BUS_VOLTAGE = 0x02
REG_POWER = 0x03
REG_CURRENT = 0x04
REG_CALIBRATION = 0x05

CONFIG_RESET = 0x8000
CONFIG_DEFAULT = 0x399F  # 32 V range, /8 gain (320 mV), 12-bit ADCs, shunt+bus continuous
SHUNT_LSB_V = 10e-6
BUS_LSB_V = 4e-3
BUS_CNVR = 0x0002  # conversion ready
BUS_OVF = 0x0001  # math overflow: current or power out of range
# PGA bits (12:11) -> full-scale shunt voltage (V)
PGA_RANGES_V = {0b00: 0.04, 0b01: 0.08, 0b10: 0.16, 0b11: 0.32}
BUS_RANGES_V = {0: 16, 1: 32}
MODE_SHUNT_BUS_CONTINUOUS = 0b111
ADC_12BIT = 0b0011


def calibration_value(current_lsb_a: float, shunt_ohms: float) -> int:
    """Datasheet equation 1: the calibration register for a current LSB and shunt."""
    return math.trunc(0.04096 / (current_lsb_a * shunt_ohms))


def current_register(shunt_raw: int, calibration: int) -> int:
    """Datasheet equation 3, as the chip computes it (truncating toward zero)."""
    return int(shunt_raw * calibration / 4096)


def power_register(current_raw: int, bus_raw: int) -> int:
    """Datasheet equation 4: power register from current and bus voltage (bus_raw = reg >> 3)."""
    return int(current_raw * bus_raw / 5000)


def signed16(value: int) -> int:
    """Interpret a 16-bit register as two's complement."""
    return value - 0x10000 if value & 0x8000 else value


def config_word(*, bus_range_v: int = 32, shunt_range_v: float = 0.32) -> int:
    """Build a config register: 12-bit ADCs, continuous shunt and bus conversions."""
    brng = {v: k for k, v in BUS_RANGES_V.items()}.get(bus_range_v)
    pga = {v: k for k, v in PGA_RANGES_V.items()}.get(shunt_range_v)
    if brng is None:
        raise ValueError(f"INA219 bus voltage range must be 16 or 32 V, not {bus_range_v!r}")
    if pga is None:
        raise ValueError(f"INA219 shunt range must be one of 0.04, 0.08, 0.16, 0.32 V, not {shunt_range_v!r}")
    return (brng << 13) | (pga << 11) | (ADC_12BIT << 7) | (ADC_12BIT << 3) | MODE_SHUNT_BUS_CONTINUOUS


@dataclass(frozen=True)
class PowerReading:
    """One measurement: volts on the bus, volts across the shunt, amps and watts."""

    bus_voltage_v: float
    shunt_voltage_v: float
    current_a: float
    power_w: float
    overflow: bool


class INA219:
    """An INA219 with a known shunt, calibrated so the chip reports current and power.

    Args:
        bus: the I2C bus.
        address: 0x40-0x4F (A0/A1 strapping).
        shunt_ohms: the shunt resistor.
        max_current_a: largest expected current; sets Current_LSB = max / 2^15.
        bus_range_v: 16 or 32.
        shunt_range_v: PGA full scale: 0.04, 0.08, 0.16 or 0.32.

    Raises:
        DeviceMissing: nothing answers.
        WrongDevice: the chip does not hold the configuration written to it.
    """

    def __init__(
        self,
        bus: I2CBus,
        address: int = 0x40,
        *,
        shunt_ohms: float = 0.1,
        max_current_a: float = 3.2,
        bus_range_v: int = 32,
        shunt_range_v: float = 0.32,
    ) -> None:
        if shunt_ohms <= 0 or max_current_a <= 0:
            raise ValueError("INA219 shunt_ohms and max_current_a must be > 0")
        self.bus = bus
        self.address = check_address(address)
        self.shunt_ohms = shunt_ohms
        self.current_lsb_a = max_current_a / 32768
        self.power_lsb_w = 20 * self.current_lsb_a
        self.calibration = calibration_value(self.current_lsb_a, shunt_ohms)
        if not 0 < self.calibration <= 0xFFFE:
            raise ValueError(
                f"INA219 calibration {self.calibration} out of range for shunt {shunt_ohms} ohm and {max_current_a} A"
            )
        self.config = config_word(bus_range_v=bus_range_v, shunt_range_v=shunt_range_v)
        self.configure()

    def configure(self) -> None:
        """Reset the chip, write configuration and calibration, and check they stuck."""
        self.bus.write_u16_be(self.address, REG_CONFIG, CONFIG_RESET)
        after_reset = self.bus.read_u16_be(self.address, REG_CONFIG)
        if after_reset != CONFIG_DEFAULT:
            raise WrongDevice(
                f"device at {self.address:#04x} on {self.bus.path} is not an INA219: config after reset "
                f"is {after_reset:#06x}, expected {CONFIG_DEFAULT:#06x}"
            )
        self.bus.write_u16_be(self.address, REG_CONFIG, self.config)
        self.bus.write_u16_be(self.address, REG_CALIBRATION, self.calibration)
        log.debug("INA219 at %#04x on %s: cal=%d", self.address, self.bus.path, self.calibration)

    def read(self) -> PowerReading:
        """Read bus and shunt voltage, current and power."""
        bus_reg = self.bus.read_u16_be(self.address, REG_BUS_VOLTAGE)
        shunt = signed16(self.bus.read_u16_be(self.address, REG_SHUNT_VOLTAGE))
        current = signed16(self.bus.read_u16_be(self.address, REG_CURRENT))
        power = self.bus.read_u16_be(self.address, REG_POWER)
        overflow = bool(bus_reg & BUS_OVF)
        if overflow:
            log.warning("INA219 at %#04x on %s: math overflow (current out of range)", self.address, self.bus.path)
        return PowerReading(
            bus_voltage_v=(bus_reg >> 3) * BUS_LSB_V,
            shunt_voltage_v=shunt * SHUNT_LSB_V,
            current_a=current * self.current_lsb_a,
            power_w=power * self.power_lsb_w,
            overflow=overflow,
        )

    def __repr__(self) -> str:
        return f"<INA219 {self.address:#04x} on {self.bus.path} shunt={self.shunt_ohms} ohm>"
