"""A simulated BME280: chip id, calibration, ctrl/status registers and forced-mode data."""

from __future__ import annotations

from collections.abc import Callable

from drivers.i2c import bme280 as dev
from drivers.i2c.fake import RegisterDevice8

# The BMP280 datasheet's worked-example trimming (section 3.12; same T/P formulas as the
# BME280) plus typical humidity trimming.
EXAMPLE_CALIBRATION = dev.Calibration(
    27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 313, 50, 30
)


def _invert(fn: Callable[[int], int], target: int, lo: int, hi: int, increasing: bool) -> int:
    """Find the raw value whose compensated result is closest to `target` (fn is monotonic)."""
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (fn(mid) < target) == increasing:
            lo = mid
        else:
            hi = mid
    return min((lo, hi), key=lambda raw: abs(fn(raw) - target))


class FakeBME280(RegisterDevice8):
    """Registers of a BME280. Set raw ADC values, or a physical environment to be encoded.

    A write of forced mode to ctrl_meas latches the current ADC values into the data
    registers (skipped measurements read 0x80000/0x8000) and returns to sleep mode. In normal
    mode every read that starts at the data registers sees a fresh conversion, after
    `pending_conversions` reads that still find none (the first one takes ~8 ms on a chip).
    """

    def __init__(self, calibration: dev.Calibration = EXAMPLE_CALIBRATION, *, chip_id: int = dev.CHIP_ID) -> None:
        super().__init__()
        self.calibration = calibration
        self.chip_id = chip_id
        self.adc_t, self.adc_p, self.adc_h = 519888, 415148, 27000
        self.conversions = 0
        self.measuring_reads = 0  # how many status reads report "measuring" before done
        self.pending_conversions = 0  # normal mode: data reads before the first conversion is there
        self._busy = 0
        calib00, calib26 = calibration.to_registers()
        self.registers[dev.REG_CALIB00 : dev.REG_CALIB00 + 26] = calib00
        self.registers[dev.REG_CALIB26 : dev.REG_CALIB26 + 7] = calib26
        self._power_on()

    def _power_on(self) -> None:
        self.registers[dev.REG_CHIP_ID] = self.chip_id
        for reg in (dev.REG_CTRL_HUM, dev.REG_STATUS, dev.REG_CTRL_MEAS, dev.REG_CONFIG):
            self.registers[reg] = 0
        self.registers[dev.REG_DATA : dev.REG_DATA + 8] = bytes([0x80, 0, 0, 0x80, 0, 0, 0x80, 0])

    def set_raw(self, adc_t: int, adc_p: int, adc_h: int) -> None:
        """Set the raw 20/20/16-bit ADC values the next conversion reports."""
        self.adc_t, self.adc_p, self.adc_h = adc_t, adc_p, adc_h

    def set_environment(self, temperature_c: float, pressure_pa: float, humidity_pct: float) -> None:
        """Choose raw values that compensate to (about) these physical values."""
        cal = self.calibration
        adc_t = _invert(
            lambda raw: dev.compensate_temperature(raw, cal)[0], round(temperature_c * 100), 0, 0xFFFFF, True
        )
        t_fine = dev.compensate_temperature(adc_t, cal)[1]
        adc_p = _invert(
            lambda raw: dev.compensate_pressure(raw, t_fine, cal), round(pressure_pa * 256), 0, 0xFFFFF, False
        )
        adc_h = _invert(
            lambda raw: dev.compensate_humidity(raw, t_fine, cal), round(humidity_pct * 1024), 0, 0xFFFF, True
        )
        self.set_raw(adc_t, adc_p, adc_h)

    def read_register(self, register: int) -> int:
        if register == dev.REG_DATA and self.registers[dev.REG_CTRL_MEAS] & 0b11 == dev.MODE_NORMAL:
            if self.pending_conversions:
                self.pending_conversions -= 1
            else:
                value = self.registers[dev.REG_CTRL_MEAS]
                self._convert(osrs_t=(value >> 5) & 0b111, osrs_p=(value >> 2) & 0b111)
                self._busy = 0
        if register == dev.REG_STATUS:
            if self._busy:
                self._busy -= 1
                return dev.STATUS_MEASURING
            return 0
        return self.registers[register]

    def write_register(self, register: int, value: int) -> None:
        if register == dev.REG_RESET:
            if value == dev.RESET_WORD:
                self._power_on()
            return
        if register in (dev.REG_CTRL_HUM, dev.REG_CONFIG):
            self.registers[register] = value
        elif register == dev.REG_CTRL_MEAS:
            self.registers[register] = value
            if value & 0b11 in (dev.MODE_FORCED, 0b10):
                self._convert(osrs_t=(value >> 5) & 0b111, osrs_p=(value >> 2) & 0b111)
                self.registers[register] = value & ~0b11  # back to sleep mode
        # calibration, id and data registers are read-only

    def _convert(self, osrs_t: int, osrs_p: int) -> None:
        osrs_h = self.registers[dev.REG_CTRL_HUM] & 0b111
        adc_t = self.adc_t if osrs_t else dev.SKIPPED_20BIT
        adc_p = self.adc_p if osrs_p else dev.SKIPPED_20BIT
        adc_h = self.adc_h if osrs_h else dev.SKIPPED_16BIT
        data = bytes(
            [adc_p >> 12, (adc_p >> 4) & 0xFF, (adc_p & 0xF) << 4,
             adc_t >> 12, (adc_t >> 4) & 0xFF, (adc_t & 0xF) << 4,
             adc_h >> 8, adc_h & 0xFF]
        )  # fmt: skip
        self.registers[dev.REG_DATA : dev.REG_DATA + 8] = data
        self._busy = self.measuring_reads
        self.conversions += 1
