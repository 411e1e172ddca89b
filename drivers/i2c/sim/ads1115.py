"""A simulated ADS1115: config/conversion registers over settable input voltages."""

from __future__ import annotations

from drivers.i2c import ads1115 as dev
from drivers.i2c.fake import RegisterDevice16


class FakeADS1115(RegisterDevice16):
    """Registers of an ADS1115; `set_voltage(ain, volts)` sets what AIN0-AIN3 see.

    Single-shot conversions complete after `busy_reads` reads of the config register
    (OS reads 0 meanwhile); continuous mode converts on every conversion-register read.
    """

    def __init__(self, *, busy_reads: int = 0) -> None:
        super().__init__()
        self.inputs_v = [0.0, 0.0, 0.0, 0.0]
        self.busy_reads = busy_reads
        self.conversions = 0
        self._busy = 0
        self.registers = {
            dev.REG_CONVERSION: 0,
            dev.REG_CONFIG: dev.CONFIG_DEFAULT,
            dev.REG_LO_THRESH: 0x8000,
            dev.REG_HI_THRESH: 0x7FFF,
        }

    def set_voltage(self, ain: int, volts: float) -> None:
        """Set the voltage on input AIN`ain` (0-3), relative to GND."""
        if ain not in range(4):
            raise ValueError(f"ADS1115 inputs are AIN0-AIN3, not AIN{ain}")
        self.inputs_v[ain] = volts

    def _convert(self) -> None:
        config = self.registers[dev.REG_CONFIG]
        positive, negative = dev.MUX[(config >> 12) & 0b111]
        volts = self.inputs_v[positive] - (0.0 if negative is None else self.inputs_v[negative])
        self.registers[dev.REG_CONVERSION] = dev.volts_to_code(volts, dev.pga_full_scale((config >> 9) & 0b111))
        self.conversions += 1

    def read_register(self, register: int) -> int:
        config = self.registers[dev.REG_CONFIG]
        if register == dev.REG_CONFIG:
            if self._busy:
                self._busy -= 1
                if not self._busy:
                    self._convert()
                return config & ~dev.OS_BIT
            return config | dev.OS_BIT
        if register == dev.REG_CONVERSION and not config & dev.MODE_SINGLE_SHOT:
            self._convert()
        return self.registers.get(register, 0)

    def write_register(self, register: int, value: int) -> None:
        if register == dev.REG_CONVERSION:
            return  # read-only
        if register == dev.REG_CONFIG:
            self.registers[register] = value & ~dev.OS_BIT
            if value & dev.OS_BIT and value & dev.MODE_SINGLE_SHOT:
                if self.busy_reads:
                    self._busy = self.busy_reads
                else:
                    self._convert()
            return
        self.registers[register] = value
