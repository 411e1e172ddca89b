"""TI INA219 current/power monitor (I2C).

Registers are 16-bit big-endian. The chip computes current and power itself from the
calibration register (datasheet SBOS448, section 8.5.1):

    Cal = trunc(0.04096 / (Current_LSB * R_shunt))
    Current register = Shunt voltage register * Cal / 4096
    Power register   = Current register * Bus voltage register / 5000
    Power_LSB        = 20 * Current_LSB

The pure functions here are those equations; the simulator uses the same ones, the driver
only reads the registers and scales them.

The LSBs and the calibration are computed as viam-modules/texas-instruments computes them, in
integer nano-units: max current = 0.32 V / shunt (the /8 PGA's full scale), Current_LSB =
trunc(max_nA / 2^15) nA, Power_LSB = round(20 * max_nA / 2^15) nW, Cal = trunc(0.04096 /
(Current_LSB * R)): 97656 nA, 1953125 nW and 4194 for the default 0.1 ohm shunt. The
calibration and the configuration (0x399F) are written again before each current and power
read (the reference does so in case something else wrote them, or the chip was reset).
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


SHUNT_FULL_SCALE_V = 0.32  # the reference's max current = this / shunt resistance
NANO = 1_000_000_000
CALIBRATE_SCALE = (NANO * NANO // 100_000) << 12  # 0.04096 in nano * nano units


def to_nano(value: float) -> int:
    """Float units to integer nano-units, truncating (Go's int64(value * 1e9))."""
    return int(value * 1e9)


def reference_lsbs(shunt_ohms: float, max_current_a: float | None = None) -> tuple[int, int, int]:
    """(Current_LSB nA, Power_LSB nW, calibration register) by the reference's integer arithmetic.
    ``max_current_a`` None: 0.32 V / shunt, as the reference (which has no such attribute)."""
    resistance = to_nano(shunt_ohms)
    if resistance <= 0:
        raise ValueError(f"INA219 shunt resistance must be > 0, not {shunt_ohms!r}")
    max_na = to_nano(SHUNT_FULL_SCALE_V / (resistance / 1e9) if max_current_a is None else max_current_a)
    if max_na < 1 << 15:
        raise ValueError(f"INA219 max current must be at least 32.768 uA, not {max_na / 1e9!r} A")
    current_lsb = max_na // (1 << 15)
    power_lsb = (max_na * 20 + (1 << 14)) // (1 << 15)
    return current_lsb, power_lsb, CALIBRATE_SCALE // (current_lsb * resistance)


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
        max_current_a: largest expected current; sets Current_LSB = max / 2^15. None (the
            reference): 0.32 V / shunt_ohms.
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
        max_current_a: float | None = None,
        bus_range_v: int = 32,
        shunt_range_v: float = 0.32,
    ) -> None:
        if shunt_ohms <= 0 or (max_current_a is not None and max_current_a <= 0):
            raise ValueError("INA219 shunt_ohms and max_current_a must be > 0")
        self.bus = bus
        self.address = check_address(address)
        self.shunt_ohms = shunt_ohms
        self.current_lsb_na, self.power_lsb_nw, self.calibration = reference_lsbs(shunt_ohms, max_current_a)
        self.current_lsb_a = self.current_lsb_na / 1e9
        self.power_lsb_w = self.power_lsb_nw / 1e9
        if not 0 < self.calibration <= 0xFFFE:
            raise ValueError(
                f"ina calibrate: calibration register value invalid {self.calibration} (shunt {shunt_ohms} ohm, "
                f"max current {max_current_a} A; the register holds 1..65534)"
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
        self.calibrate()
        log.debug("INA219 at %#04x on %s: cal=%d", self.address, self.bus.path, self.calibration)

    def calibrate(self) -> None:
        """Write the calibration, then the configuration (the reference's order)."""
        self.bus.write_u16_be(self.address, REG_CALIBRATION, self.calibration)
        self.bus.write_u16_be(self.address, REG_CONFIG, self.config)

    def bus_voltage(self) -> tuple[float, bool]:
        """(bus volts, math overflow flag): register bits 15..3 times 4 mV, unsigned (0..32.76 V)."""
        bus_reg = self.bus.read_u16_be(self.address, REG_BUS_VOLTAGE)
        overflow = bool(bus_reg & BUS_OVF)
        if overflow:
            log.warning("INA219 at %#04x on %s: math overflow (current out of range)", self.address, self.bus.path)
        return (bus_reg >> 3) * 4 / 1000, overflow

    def current(self) -> float:
        """Amps, signed (current into IN+ and out of IN- is positive), after re-calibrating."""
        self.calibrate()
        return signed16(self.bus.read_u16_be(self.address, REG_CURRENT)) * self.current_lsb_na / 1e9

    def power(self) -> float:
        """Watts (the power register is unsigned: 0..65535 LSBs), after re-calibrating."""
        self.calibrate()
        return self.bus.read_u16_be(self.address, REG_POWER) * self.power_lsb_nw / 1e9

    def shunt_voltage(self) -> float:
        """Volts across the shunt, signed, 10 uV LSB."""
        return signed16(self.bus.read_u16_be(self.address, REG_SHUNT_VOLTAGE)) * SHUNT_LSB_V

    def read(self) -> PowerReading:
        """Bus and shunt voltage, current and power."""
        volts, overflow = self.bus_voltage()
        return PowerReading(bus_voltage_v=volts, shunt_voltage_v=self.shunt_voltage(), current_a=self.current(),
                            power_w=self.power(), overflow=overflow)

    def __repr__(self) -> str:
        return f"<INA219 {self.address:#04x} on {self.bus.path} shunt={self.shunt_ohms} ohm>"
