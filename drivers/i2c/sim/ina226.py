"""A simulated INA226: ids, the chip's own current/power arithmetic over set bus and shunt voltages."""

from __future__ import annotations

from drivers.i2c import ina226 as dev
from drivers.i2c.fake import RegisterDevice16


class FakeINA226(RegisterDevice16):
    """Registers of an INA226; set the analog inputs with `set_inputs`."""

    def __init__(self, *, manufacturer_id: int = dev.MANUFACTURER_ID) -> None:
        super().__init__()
        self.manufacturer_id = manufacturer_id
        self.bus_voltage_v = 0.0
        self.shunt_voltage_v = 0.0
        self._reset()

    def _reset(self) -> None:
        self.registers = {dev.REG_CONFIG: dev.CONFIG_POWER_ON, dev.REG_CALIBRATION: 0}

    def set_inputs(self, *, bus_voltage_v: float, shunt_voltage_v: float) -> None:
        """Set the voltages the ADCs see (shunt voltage = current * shunt resistance)."""
        self.bus_voltage_v = bus_voltage_v
        self.shunt_voltage_v = shunt_voltage_v

    def _shunt_raw(self) -> int:
        return max(-0x8000, min(0x7FFF, round(self.shunt_voltage_v / dev.SHUNT_LSB_V)))

    def _bus_raw(self) -> int:
        return max(0, min(0x7FFF, round(self.bus_voltage_v / dev.BUS_LSB_V)))

    def _current_raw(self) -> int:
        return dev.current_register(self._shunt_raw(), self.registers[dev.REG_CALIBRATION])

    def read_register(self, register: int) -> int:
        current = max(-0x8000, min(0x7FFF, self._current_raw()))
        values = {
            dev.REG_SHUNT_VOLTAGE: self._shunt_raw() & 0xFFFF,
            dev.REG_BUS_VOLTAGE: self._bus_raw(),
            dev.REG_CURRENT: current & 0xFFFF,
            dev.REG_POWER: min(0xFFFF, abs(dev.power_register(current, self._bus_raw()))),
            dev.REG_MASK_ENABLE: 0 if -0x8000 <= self._current_raw() <= 0x7FFF else dev.MASK_MATH_OVERFLOW,
            dev.REG_MANUFACTURER_ID: self.manufacturer_id,
            dev.REG_DIE_ID: dev.DIE_ID,
        }
        return values[register] if register in values else self.registers.get(register, 0)

    def write_register(self, register: int, value: int) -> None:
        if register == dev.REG_CONFIG:
            if value & dev.CONFIG_RESET:
                self._reset()
            else:
                self.registers[register] = value
        elif register == dev.REG_CALIBRATION:
            self.registers[register] = value & 0x7FFF  # bit 15 is reserved, reads 0
