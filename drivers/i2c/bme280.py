"""Bosch BME280 temperature, pressure and humidity sensor (I2C).

`read()` uses the datasheet's floating-point compensation (BST-BME280-DS002, section 8.1), the
formulas viam-modules/bosch reports with; the datasheet's integer formulas (section 4.2.3) are
kept to cross-check. The chip is set up as the reference sets it up: soft reset, then normal mode
(continuous conversions, t_standby 0.5 ms, IIR filter off, x1 oversampling of all three
measurements: ctrl_hum 0x01, ctrl_meas 0x27, config 0x00), and a reading is one burst read of
the 8 data registers at 0xF7.
"""

from __future__ import annotations

import logging
import math
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.errors import DeviceTimeout, WrongDevice
from drivers.i2c.bus import I2CBus, check_address

log = logging.getLogger(__name__)

ADDRESSES = (0x76, 0x77)
CHIP_ID = 0x60
KNOWN_CHIP_IDS = {0x56: "BMP280 sample", 0x57: "BMP280 sample", 0x58: "BMP280", 0x60: "BME280", 0x61: "BME680"}

REG_CALIB00 = 0x88  # 26 bytes: dig_T1..dig_P9, (0xA0 unused), dig_H1 at 0xA1
REG_CHIP_ID = 0xD0
REG_RESET = 0xE0
REG_CALIB26 = 0xE1  # 7 bytes: dig_H2..dig_H6
REG_CTRL_HUM = 0xF2
REG_STATUS = 0xF3
REG_CTRL_MEAS = 0xF4
REG_CONFIG = 0xF5
REG_DATA = 0xF7  # 8 bytes: press[3], temp[3], hum[2]
RESET_WORD = 0xB6
STATUS_MEASURING = 0x08
STATUS_IM_UPDATE = 0x01  # NVM calibration being copied (after power-on or a reset)
MODE_SLEEP, MODE_FORCED, MODE_NORMAL = 0b00, 0b01, 0b11
# osrs_x field values: skipped, x1, x2, x4, x8, x16
OVERSAMPLING = {0: 0b000, 1: 0b001, 2: 0b010, 4: 0b011, 8: 0b100, 16: 0b101}
SKIPPED_20BIT = 0x80000
SKIPPED_16BIT = 0x8000


@dataclass(frozen=True)
class Calibration:
    """Factory trimming parameters (`dig_*`), read once from the chip."""

    T1: int
    T2: int
    T3: int
    P1: int
    P2: int
    P3: int
    P4: int
    P5: int
    P6: int
    P7: int
    P8: int
    P9: int
    H1: int = 0
    H2: int = 0
    H3: int = 0
    H4: int = 0
    H5: int = 0
    H6: int = 0

    @classmethod
    def from_registers(cls, calib00: bytes, calib26: bytes) -> Calibration:
        """Decode the 26 bytes at 0x88 and the 7 bytes at 0xE1."""
        t1, t2, t3, p1, p2, p3, p4, p5, p6, p7, p8, p9 = struct.unpack("<HhhHhhhhhhhh", calib00[:24])
        h1 = calib00[25]
        h2, h3 = struct.unpack("<hB", calib26[0:3])
        e4, e5, e6 = calib26[3], calib26[4], calib26[5]
        h4 = _signed12((e4 << 4) | (e5 & 0x0F))
        h5 = _signed12((e6 << 4) | (e5 >> 4))
        h6 = struct.unpack("<b", calib26[6:7])[0]
        return cls(t1, t2, t3, p1, p2, p3, p4, p5, p6, p7, p8, p9, h1, h2, h3, h4, h5, h6)

    def to_registers(self) -> tuple[bytes, bytes]:
        """Encode back to (calib00, calib26) register bytes (for the simulator)."""
        head = struct.pack(
            "<HhhHhhhhhhhh", self.T1, self.T2, self.T3, self.P1, self.P2, self.P3, self.P4, self.P5,
            self.P6, self.P7, self.P8, self.P9,
        )  # fmt: skip
        calib00 = head + bytes([0, self.H1 & 0xFF])
        h4, h5 = self.H4 & 0xFFF, self.H5 & 0xFFF
        calib26 = struct.pack("<hB", self.H2, self.H3) + bytes([h4 >> 4, (h4 & 0x0F) | ((h5 & 0x0F) << 4), h5 >> 4])
        return calib00, calib26 + struct.pack("<b", self.H6)


def _signed12(value: int) -> int:
    return value - 0x1000 if value & 0x800 else value


def _cdiv(a: int, b: int) -> int:
    """Integer division truncating toward zero, as C does."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


# --- datasheet integer compensation ---------------------------------------------------------------


def compensate_temperature(adc_t: int, cal: Calibration) -> tuple[int, int]:
    """Return (temperature in 0.01 °C, t_fine) from the raw 20-bit temperature."""
    var1 = (((adc_t >> 3) - (cal.T1 << 1)) * cal.T2) >> 11
    var2 = (((((adc_t >> 4) - cal.T1) * ((adc_t >> 4) - cal.T1)) >> 12) * cal.T3) >> 14
    t_fine = var1 + var2
    return (t_fine * 5 + 128) >> 8, t_fine


def compensate_pressure(adc_p: int, t_fine: int, cal: Calibration) -> int:
    """Return pressure in Pa as Q24.8 (value / 256 = Pa), the datasheet's 64-bit formula."""
    var1 = t_fine - 128000
    var2 = var1 * var1 * cal.P6
    var2 = var2 + ((var1 * cal.P5) << 17)
    var2 = var2 + (cal.P4 << 35)
    var1 = ((var1 * var1 * cal.P3) >> 8) + ((var1 * cal.P2) << 12)
    var1 = (((1 << 47) + var1) * cal.P1) >> 33
    if var1 == 0:
        return 0  # avoid a division by zero, as the datasheet does
    p = 1048576 - adc_p
    p = _cdiv(((p << 31) - var2) * 3125, var1)
    var1 = (cal.P9 * (p >> 13) * (p >> 13)) >> 25
    var2 = (cal.P8 * p) >> 19
    return ((p + var1 + var2) >> 8) + (cal.P7 << 4)


def compensate_humidity(adc_h: int, t_fine: int, cal: Calibration) -> int:
    """Return relative humidity as Q22.10 (value / 1024 = %RH)."""
    v = t_fine - 76800
    v = (((adc_h << 14) - (cal.H4 << 20) - (cal.H5 * v)) + 16384) >> 15
    v = v * (
        ((((((t_fine - 76800) * cal.H6) >> 10) * ((((t_fine - 76800) * cal.H3) >> 11) + 32768)) >> 10) + 2097152)
        * cal.H2
        + 8192
        >> 14
    )
    v = v - (((((v >> 15) * (v >> 15)) >> 7) * cal.H1) >> 4)
    v = min(max(v, 0), 419430400)
    return v >> 12


# --- datasheet floating-point compensation (cross-check) ------------------------------------------


def compensate_temperature_float(adc_t: int, cal: Calibration) -> tuple[float, float]:
    """Return (temperature in °C, t_fine) with the datasheet's double formula (t_fine unrounded,
    as the pressure and humidity formulas take it)."""
    var1 = (adc_t / 16384.0 - cal.T1 / 1024.0) * cal.T2
    var2 = (adc_t / 131072.0 - cal.T1 / 8192.0) ** 2 * cal.T3
    return (var1 + var2) / 5120.0, var1 + var2


def compensate_pressure_float(adc_p: int, t_fine: float, cal: Calibration) -> float:
    """Return pressure in Pa with the datasheet's double formula."""
    var1 = t_fine / 2.0 - 64000.0
    var2 = var1 * var1 * cal.P6 / 32768.0
    var2 = var2 + var1 * cal.P5 * 2.0
    var2 = var2 / 4.0 + cal.P4 * 65536.0
    var1 = (cal.P3 * var1 * var1 / 524288.0 + cal.P2 * var1) / 524288.0
    var1 = (1.0 + var1 / 32768.0) * cal.P1
    if var1 == 0.0:
        return 0.0
    p = 1048576.0 - adc_p
    p = (p - var2 / 4096.0) * 6250.0 / var1
    var1 = cal.P9 * p * p / 2147483648.0
    var2 = p * cal.P8 / 32768.0
    return p + (var1 + var2 + cal.P7) / 16.0


def compensate_humidity_float(adc_h: int, t_fine: float, cal: Calibration) -> float:
    """Return relative humidity in % with the datasheet's double formula."""
    h = t_fine - 76800.0
    h = (adc_h - (cal.H4 * 64.0 + cal.H5 / 16384.0 * h)) * (
        cal.H2 / 65536.0 * (1.0 + cal.H6 / 67108864.0 * h * (1.0 + cal.H3 / 67108864.0 * h))
    )
    h = h * (1.0 - cal.H1 * h / 524288.0)
    return min(max(h, 0.0), 100.0)


def dew_point_c(temperature_c: float, humidity_pct: float) -> float:
    """Dew point (°C) from temperature and relative humidity, by viam-modules/bosch's method: the
    saturation vapour pressure of the Goff-Gratch (Smithsonian) equation, times the humidity, then
    the inverse of a Magnus formula (17.558, 241.88). NaN at 0 % humidity, as there."""
    ratio = 373.15 / (273.15 + temperature_c)
    rhs = -7.90298 * (ratio - 1)
    rhs += 5.02808 * math.log10(ratio)
    rhs += -1.3816e-7 * (10 ** (11.344 * (1 - 1 / ratio)) - 1)
    rhs += 8.1328e-3 * (10 ** (-3.49149 * (ratio - 1)) - 1)
    rhs += math.log10(1013.246)
    vapour_kpa = 10 ** (rhs - 3) * humidity_pct  # hPa of saturation * %RH / 1000 = kPa
    if vapour_kpa <= 0:
        return math.nan
    t = math.log(vapour_kpa / 0.61078)
    if t == 17.558:
        return 999.0  # the formula's pole (unreachable for real readings), the reference's value
    return 241.88 * t / (17.558 - t)


@dataclass(frozen=True)
class Reading:
    """One compensated measurement."""

    temperature_c: float
    pressure_pa: float
    humidity_pct: float


def decode_data(data: bytes) -> tuple[int, int, int]:
    """Split the 8 data bytes at 0xF7 into raw (adc_p, adc_t, adc_h)."""
    adc_p = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4)
    adc_t = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4)
    adc_h = (data[6] << 8) | data[7]
    return adc_p, adc_t, adc_h


class BME280:
    """A BME280 on an I2C bus, converting continuously in normal mode (as the reference).

    Args:
        bus: the I2C bus.
        address: 0x76 (SDO low) or 0x77 (SDO high).
        oversampling: 1, 2, 4, 8 or 16, for all three measurements (the reference: 1).
        timeout_s: how long the reset and the first conversion may take before DeviceTimeout.

    Raises:
        DeviceMissing: nothing answers at the address.
        WrongDevice: the chip id is not 0x60.
    """

    def __init__(self, bus: I2CBus, address: int = 0x76, *, oversampling: int = 1, timeout_s: float = 0.5) -> None:
        if oversampling not in OVERSAMPLING or oversampling == 0:
            raise ValueError(f"BME280 oversampling must be one of 1, 2, 4, 8, 16, not {oversampling!r}")
        self.bus = bus
        self.address = check_address(address)
        self.oversampling = oversampling
        self.timeout_s = timeout_s
        chip_id = bus.read_byte_data(self.address, REG_CHIP_ID)
        if chip_id != CHIP_ID:
            found = KNOWN_CHIP_IDS.get(chip_id, "unknown device")
            raise WrongDevice(
                f"device at {self.address:#04x} on {bus.path} has chip id {chip_id:#04x} ({found}), "
                f"expected {CHIP_ID:#04x} (BME280)"
            )
        self.reset()
        self._wait("still copying its calibration after a reset",
                   lambda: bus.read_byte_data(self.address, REG_STATUS) & STATUS_IM_UPDATE)
        self.calibration = Calibration.from_registers(
            bus.read_block(self.address, REG_CALIB00, 26), bus.read_block(self.address, REG_CALIB26, 7)
        )
        log.debug("BME280 at %#04x on %s: %s", self.address, bus.path, self.calibration)
        osrs = OVERSAMPLING[oversampling]
        # In sleep mode (after the reset) config is written for sure; ctrl_hum takes effect with the
        # next ctrl_meas write (datasheet 5.4.3), which starts normal mode.
        bus.write_byte_data(self.address, REG_CONFIG, 0x00)  # t_standby 0.5 ms, filter off
        bus.write_byte_data(self.address, REG_CTRL_HUM, osrs)
        bus.write_byte_data(self.address, REG_CTRL_MEAS, (osrs << 5) | (osrs << 2) | MODE_NORMAL)

    def _wait(self, what: str, busy: Callable[[], object]) -> None:
        deadline = time.monotonic() + self.timeout_s
        while busy():
            if time.monotonic() > deadline:
                raise DeviceTimeout(f"BME280 at {self.address:#04x} on {self.bus.path} {what} after {self.timeout_s} s")
            time.sleep(0.001)  # polling the chip's own status: there is no event to wait for

    def read_raw(self) -> tuple[int, int, int]:
        """Return the latest conversion's raw (adc_p, adc_t, adc_h), waiting for the first one."""
        raw = decode_data(self.bus.read_block(self.address, REG_DATA, 8))
        if raw[1] == SKIPPED_20BIT:  # normal mode just started: no conversion finished yet

            def pending() -> bool:
                nonlocal raw
                raw = decode_data(self.bus.read_block(self.address, REG_DATA, 8))
                return raw[1] == SKIPPED_20BIT

            self._wait("still has no measurement", pending)
        return raw

    def read(self) -> Reading:
        """Return compensated temperature (°C), pressure (Pa) and humidity (%RH), all from one
        conversion (the datasheet's double formulas, as the reference)."""
        adc_p, adc_t, adc_h = self.read_raw()
        temperature, t_fine = compensate_temperature_float(adc_t, self.calibration)
        pressure = compensate_pressure_float(adc_p, t_fine, self.calibration)
        humidity = compensate_humidity_float(adc_h, t_fine, self.calibration)
        return Reading(temperature, pressure, humidity)

    def reset(self) -> None:
        """Soft-reset the chip (registers to power-on values)."""
        self.bus.write_byte_data(self.address, REG_RESET, RESET_WORD)

    def __repr__(self) -> str:
        return f"<BME280 {self.address:#04x} on {self.bus.path}>"
