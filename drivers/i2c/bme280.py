"""Bosch BME280 temperature, pressure and humidity sensor (I2C).

The compensation functions are the datasheet's integer formulas (BST-BME280-DS002, section
4.2.3), so results match the datasheet bit for bit; the floating-point variants are there to
cross-check. Measurements use forced mode: one conversion per `read()`.
"""

from __future__ import annotations

import logging
import struct
import time
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


def compensate_temperature_float(adc_t: int, cal: Calibration) -> tuple[float, int]:
    """Return (temperature in °C, t_fine) with the datasheet's double formula."""
    var1 = (adc_t / 16384.0 - cal.T1 / 1024.0) * cal.T2
    var2 = (adc_t / 131072.0 - cal.T1 / 8192.0) ** 2 * cal.T3
    return (var1 + var2) / 5120.0, int(var1 + var2)


def compensate_pressure_float(adc_p: int, t_fine: int, cal: Calibration) -> float:
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


def compensate_humidity_float(adc_h: int, t_fine: int, cal: Calibration) -> float:
    """Return relative humidity in % with the datasheet's double formula."""
    h = t_fine - 76800.0
    h = (adc_h - (cal.H4 * 64.0 + cal.H5 / 16384.0 * h)) * (
        cal.H2 / 65536.0 * (1.0 + cal.H6 / 67108864.0 * h * (1.0 + cal.H3 / 67108864.0 * h))
    )
    h = h * (1.0 - cal.H1 * h / 524288.0)
    return min(max(h, 0.0), 100.0)


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
    """A BME280 on an I2C bus, measured in forced mode.

    Args:
        bus: the I2C bus.
        address: 0x76 (SDO low) or 0x77 (SDO high).
        oversampling: 1, 2, 4, 8 or 16, for all three measurements.
        timeout_s: how long a conversion may take before DeviceTimeout.

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
        self.calibration = Calibration.from_registers(
            bus.read_block(self.address, REG_CALIB00, 26), bus.read_block(self.address, REG_CALIB26, 7)
        )
        log.debug("BME280 at %#04x on %s: %s", self.address, bus.path, self.calibration)

    def read_raw(self) -> tuple[int, int, int]:
        """Trigger one forced-mode conversion and return raw (adc_p, adc_t, adc_h)."""
        osrs = OVERSAMPLING[self.oversampling]
        # ctrl_hum only takes effect after a write to ctrl_meas (datasheet 5.4.3).
        self.bus.write_byte_data(self.address, REG_CTRL_HUM, osrs)
        self.bus.write_byte_data(self.address, REG_CTRL_MEAS, (osrs << 5) | (osrs << 2) | MODE_FORCED)
        deadline = time.monotonic() + self.timeout_s
        while self.bus.read_byte_data(self.address, REG_STATUS) & STATUS_MEASURING:
            if time.monotonic() > deadline:
                raise DeviceTimeout(
                    f"BME280 at {self.address:#04x} on {self.bus.path} still measuring after {self.timeout_s} s"
                )
            time.sleep(0.001)
        return decode_data(self.bus.read_block(self.address, REG_DATA, 8))

    def read(self) -> Reading:
        """Measure and return compensated temperature (°C), pressure (Pa) and humidity (%RH)."""
        adc_p, adc_t, adc_h = self.read_raw()
        if adc_t == SKIPPED_20BIT:
            raise DeviceTimeout(f"BME280 at {self.address:#04x} on {self.bus.path} returned no temperature")
        t_centi, t_fine = compensate_temperature(adc_t, self.calibration)
        pressure = compensate_pressure(adc_p, t_fine, self.calibration) / 256.0
        humidity = compensate_humidity(adc_h, t_fine, self.calibration) / 1024.0
        return Reading(t_centi / 100.0, pressure, humidity)

    def reset(self) -> None:
        """Soft-reset the chip (registers to power-on values)."""
        self.bus.write_byte_data(self.address, REG_RESET, RESET_WORD)

    def __repr__(self) -> str:
        return f"<BME280 {self.address:#04x} on {self.bus.path}>"
