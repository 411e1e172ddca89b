"""TI ADS1115 16-bit ADC (I2C), read in single-shot mode.

Registers are 16-bit big-endian: 0x00 conversion (two's complement), 0x01 config. Config
bits (datasheet SBAS444, 9.6.3): OS[15] MUX[14:12] PGA[11:9] MODE[8] DR[7:5] COMP_MODE[4]
COMP_POL[3] COMP_LAT[2] COMP_QUE[1:0]. One code is FSR / 2^15 (62.5 µV at ±2.048 V).
"""

from __future__ import annotations

import logging
import time

from drivers.errors import DeviceTimeout
from drivers.i2c.bus import I2CBus, check_address

log = logging.getLogger(__name__)

REG_CONVERSION = 0x00
REG_CONFIG = 0x01
REG_LO_THRESH = 0x02
REG_HI_THRESH = 0x03

CONFIG_DEFAULT = 0x8583
OS_BIT = 0x8000
MODE_SINGLE_SHOT = 0x0100
COMP_QUE_DISABLE = 0b11

# MUX field -> (positive input, negative input or None for GND)
MUX: dict[int, tuple[int, int | None]] = {
    0b000: (0, 1), 0b001: (0, 3), 0b010: (1, 3), 0b011: (2, 3),
    0b100: (0, None), 0b101: (1, None), 0b110: (2, None), 0b111: (3, None),
}  # fmt: skip
# PGA field -> full-scale range (V); 0b101-0b111 are all ±0.256 V
PGA: dict[int, float] = {0b000: 6.144, 0b001: 4.096, 0b010: 2.048, 0b011: 1.024, 0b100: 0.512, 0b101: 0.256}
# DR field -> samples per second
DATA_RATES: dict[int, int] = {0b000: 8, 0b001: 16, 0b010: 32, 0b011: 64, 0b100: 128, 0b101: 250, 0b110: 475, 0b111: 860}


def pga_full_scale(field: int) -> float:
    """Full-scale range in volts for a PGA field value."""
    return PGA[min(field, 0b101)]


def mux_field(positive: int, negative: int | None = None) -> int:
    """Return the MUX field for an input pair (negative None = single-ended against GND)."""
    for field, pair in MUX.items():
        if pair == (positive, negative):
            return field
    pairs = ", ".join(f"AIN{p}-{'GND' if n is None else f'AIN{n}'}" for p, n in MUX.values())
    raise ValueError(f"ADS1115 has no input pair AIN{positive}-{negative} (available: {pairs})")


def config_word(
    positive: int, negative: int | None = None, *, full_scale_v: float = 2.048, data_rate_sps: int = 128
) -> int:
    """Build the config word that starts one single-shot conversion (comparator off)."""
    pga = {v: k for k, v in PGA.items()}.get(full_scale_v)
    if pga is None:
        raise ValueError(f"ADS1115 full scale must be one of {sorted(PGA.values())} V, not {full_scale_v!r}")
    dr = {v: k for k, v in DATA_RATES.items()}.get(data_rate_sps)
    if dr is None:
        raise ValueError(f"ADS1115 data rate must be one of {sorted(DATA_RATES.values())} SPS, not {data_rate_sps!r}")
    return OS_BIT | (mux_field(positive, negative) << 12) | (pga << 9) | MODE_SINGLE_SHOT | (dr << 5) | COMP_QUE_DISABLE


def code_to_volts(code: int, full_scale_v: float) -> float:
    """Convert a two's-complement conversion code to volts."""
    if code & 0x8000:
        code -= 0x10000
    return code * full_scale_v / 32768


def volts_to_code(volts: float, full_scale_v: float) -> int:
    """The ideal conversion code for an input voltage, clipped at ±full scale (datasheet table 3)."""
    code = int(volts * 32768 / full_scale_v)
    return max(-0x8000, min(0x7FFF, code)) & 0xFFFF


class ADS1115:
    """An ADS1115 on an I2C bus.

    Args:
        bus: the I2C bus.
        address: 0x48-0x4B (ADDR pin to GND, VDD, SDA, SCL).
        timeout_s: longest wait for a conversion.
    """

    def __init__(self, bus: I2CBus, address: int = 0x48, *, timeout_s: float = 0.5) -> None:
        self.bus = bus
        self.address = check_address(address)
        self.timeout_s = timeout_s
        self.bus.read_u16_be(self.address, REG_CONFIG)  # NACK here means no device

    def read_code(
        self, positive: int, negative: int | None = None, *, full_scale_v: float = 2.048, data_rate_sps: int = 128
    ) -> int:
        """Run one single-shot conversion and return the signed code."""
        self.bus.write_u16_be(
            self.address,
            REG_CONFIG,
            config_word(positive, negative, full_scale_v=full_scale_v, data_rate_sps=data_rate_sps),
        )
        time.sleep(1.0 / data_rate_sps)  # one conversion period, then poll OS
        deadline = time.monotonic() + self.timeout_s
        while not self.bus.read_u16_be(self.address, REG_CONFIG) & OS_BIT:
            if time.monotonic() > deadline:
                raise DeviceTimeout(
                    f"ADS1115 at {self.address:#04x} on {self.bus.path}: no conversion after {self.timeout_s} s"
                )
            time.sleep(0.0005)
        code = self.bus.read_u16_be(self.address, REG_CONVERSION)
        return code - 0x10000 if code & 0x8000 else code

    def read_voltage(
        self, positive: int, negative: int | None = None, *, full_scale_v: float = 2.048, data_rate_sps: int = 128
    ) -> float:
        """Run one conversion and return volts (AINp - AINn, or AINp against GND)."""
        code = self.read_code(positive, negative, full_scale_v=full_scale_v, data_rate_sps=data_rate_sps)
        return code * full_scale_v / 32768

    def __repr__(self) -> str:
        return f"<ADS1115 {self.address:#04x} on {self.bus.path}>"
