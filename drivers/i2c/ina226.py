"""TI INA226 current/power monitor (I2C), as viam-modules/texas-instruments ``ina226`` drives it.

Registers are 16-bit big-endian (datasheet SBOS547, section 7.6). The chip computes current and
power from the calibration register (section 7.5):

    Cal = trunc(0.00512 / (Current_LSB * R_shunt))
    Current register = Shunt voltage register * Cal / 2048
    Power register   = Current register * Bus voltage register / 20000
    Power_LSB        = 25 * Current_LSB

LSBs and calibration in the reference's integer nano-units: max current = 81.92 mV / shunt (the
shunt ADC's full scale), Current_LSB = trunc(max_nA / 2^15) nA, Power_LSB = 25 Current_LSB,
Cal = 2048 for any shunt; 25000 nA and 625000 nW for the default 0.1 ohm. Bus voltage LSB
1.25 mV, shunt voltage LSB 2.5 uV. The calibration and the configuration (0x399F, as the
reference writes it: 128 averages, 4.156 ms bus / 588 us shunt conversions, continuous) are
written again before each current and power read.
"""

from __future__ import annotations

import logging

from drivers.errors import WrongDevice
from drivers.i2c.bus import I2CBus, check_address
from drivers.i2c.ina219 import NANO, PowerReading, signed16, to_nano

log = logging.getLogger(__name__)

REG_CONFIG = 0x00
REG_SHUNT_VOLTAGE = 0x01
REG_BUS_VOLTAGE = 0x02
REG_POWER = 0x03
REG_CURRENT = 0x04
REG_CALIBRATION = 0x05
REG_MASK_ENABLE = 0x06
REG_MANUFACTURER_ID = 0xFE
REG_DIE_ID = 0xFF

MANUFACTURER_ID = 0x5449  # "TI"
DIE_ID = 0x2260  # bits 15..4 device id 0x226, bits 3..0 revision
CONFIG_RESET = 0x8000
CONFIG_POWER_ON = 0x4127
CONFIG_REFERENCE = 0x399F  # what the reference writes
MASK_MATH_OVERFLOW = 0x0004
SHUNT_LSB_V = 2.5e-6
BUS_LSB_V = 1.25e-3
SHUNT_FULL_SCALE_V = 0.08192
CALIBRATE_SCALE = (NANO * NANO // 100_000) << 9  # 0.00512 in nano * nano units


def reference_lsbs(shunt_ohms: float, max_current_a: float | None = None) -> tuple[int, int, int]:
    """(Current_LSB nA, Power_LSB nW, calibration register), the reference's integer arithmetic."""
    resistance = to_nano(shunt_ohms)
    if resistance <= 0:
        raise ValueError(f"INA226 shunt resistance must be > 0, not {shunt_ohms!r}")
    max_na = to_nano(SHUNT_FULL_SCALE_V / (resistance / 1e9) if max_current_a is None else max_current_a)
    if max_na < 1 << 15:
        raise ValueError(f"INA226 max current must be at least 32.768 uA, not {max_na / 1e9!r} A")
    current_lsb = max_na // (1 << 15)
    return current_lsb, 25 * current_lsb, CALIBRATE_SCALE // (current_lsb * resistance)


def current_register(shunt_raw: int, calibration: int) -> int:
    """Datasheet equation 3, truncating toward zero."""
    return int(shunt_raw * calibration / 2048)


def power_register(current_raw: int, bus_raw: int) -> int:
    """Datasheet equation 4."""
    return int(current_raw * bus_raw / 20000)


class INA226:
    """An INA226 with a known shunt, calibrated so the chip reports current and power.

    Args:
        bus: the I2C bus.
        address: 0x40-0x4F (A0/A1 strapping).
        shunt_ohms: the shunt resistor.
        max_current_a: largest expected current; None (the reference): 81.92 mV / shunt_ohms.

    Raises:
        DeviceMissing: nothing answers.
        WrongDevice: the manufacturer or die id is not the INA226's.
    """

    def __init__(self, bus: I2CBus, address: int = 0x40, *, shunt_ohms: float = 0.1,
                 max_current_a: float | None = None) -> None:
        self.bus = bus
        self.address = check_address(address)
        self.shunt_ohms = shunt_ohms
        self.current_lsb_na, self.power_lsb_nw, self.calibration = reference_lsbs(shunt_ohms, max_current_a)
        if not 0 < self.calibration <= 0x7FFF:
            raise ValueError(f"ina calibrate: calibration register value invalid {self.calibration} (shunt "
                             f"{shunt_ohms} ohm, max current {max_current_a} A; the register holds 1..32767)")
        manufacturer = bus.read_u16_be(self.address, REG_MANUFACTURER_ID)
        die = bus.read_u16_be(self.address, REG_DIE_ID)
        if manufacturer != MANUFACTURER_ID or die >> 4 != DIE_ID >> 4:
            raise WrongDevice(f"device at {self.address:#04x} on {bus.path} is not an INA226: manufacturer id "
                              f"{manufacturer:#06x}, die id {die:#06x} (expected {MANUFACTURER_ID:#06x}, "
                              f"{DIE_ID:#06x})")
        self.calibrate()

    def calibrate(self) -> None:
        """Write the calibration, then the configuration (the reference's order)."""
        self.bus.write_u16_be(self.address, REG_CALIBRATION, self.calibration)
        self.bus.write_u16_be(self.address, REG_CONFIG, CONFIG_REFERENCE)

    def bus_voltage(self) -> tuple[float, bool]:
        """(bus volts, math overflow flag): 1.25 mV LSB, 0..40.96 V."""
        volts = self.bus.read_u16_be(self.address, REG_BUS_VOLTAGE) * 1.25e-3
        overflow = bool(self.bus.read_u16_be(self.address, REG_MASK_ENABLE) & MASK_MATH_OVERFLOW)
        if overflow:
            log.warning("INA226 at %#04x on %s: math overflow (current out of range)", self.address, self.bus.path)
        return volts, overflow

    def current(self) -> float:
        """Amps, signed (into IN+ is positive), after re-calibrating."""
        self.calibrate()
        return signed16(self.bus.read_u16_be(self.address, REG_CURRENT)) * self.current_lsb_na / 1e9

    def power(self) -> float:
        """Watts (unsigned register), after re-calibrating."""
        self.calibrate()
        return self.bus.read_u16_be(self.address, REG_POWER) * self.power_lsb_nw / 1e9

    def shunt_voltage(self) -> float:
        return signed16(self.bus.read_u16_be(self.address, REG_SHUNT_VOLTAGE)) * SHUNT_LSB_V

    def read(self) -> PowerReading:
        volts, overflow = self.bus_voltage()
        return PowerReading(bus_voltage_v=volts, shunt_voltage_v=self.shunt_voltage(), current_a=self.current(),
                            power_w=self.power(), overflow=overflow)

    def __repr__(self) -> str:
        return f"<INA226 {self.address:#04x} on {self.bus.path} shunt={self.shunt_ohms} ohm>"
