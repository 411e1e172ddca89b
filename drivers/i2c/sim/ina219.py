"""A simulated INA219: the chip's own current/power arithmetic over set bus and shunt voltages."""

from __future__ import annotations

from drivers.i2c import ina219 as dev
from drivers.i2c.fake import RegisterDevice16


class FakeINA219(RegisterDevice16):
    """Registers of an INA219; set the analog inputs with `set_inputs`."""

    def __init__(self) -> None:
        super().__init__()
        self.bus_voltage_v = 0.0
        self.shunt_voltage_v = 0.0
        self._reset()

    def _reset(self) -> None:
        self.registers = {dev.REG_CONFIG: dev.CONFIG_DEFAULT, dev.REG_CALIBRATION: 0}

    def set_inputs(self, *, bus_voltage_v: float, shunt_voltage_v: float) -> None:
        """Set the voltages the ADCs see (shunt voltage = current * shunt resistance)."""
        self.bus_voltage_v = bus_voltage_v
        self.shunt_voltage_v = shunt_voltage_v

    def _shunt_raw(self) -> int:
        full_scale = dev.PGA_RANGES_V[(self.registers[dev.REG_CONFIG] >> 11) & 0b11]
        limit = round(full_scale / dev.SHUNT_LSB_V)
        return max(-limit, min(limit, round(self.shunt_voltage_v / dev.SHUNT_LSB_V)))

    def _bus_raw(self) -> int:
        return max(0, min(0x1FFF, round(self.bus_voltage_v / dev.BUS_LSB_V)))

    def _current_raw(self) -> tuple[int, bool]:
        current = dev.current_register(self._shunt_raw(), self.registers[dev.REG_CALIBRATION])
        return current, not -0x8000 <= current <= 0x7FFF

    def read_register(self, register: int) -> int:
        if register == dev.REG_SHUNT_VOLTAGE:
            return self._shunt_raw() & 0xFFFF
        if register == dev.REG_BUS_VOLTAGE:
            overflow = self._current_raw()[1]
            return (self._bus_raw() << 3) | dev.BUS_CNVR | (dev.BUS_OVF if overflow else 0)
        if register == dev.REG_CURRENT:
            return max(-0x8000, min(0x7FFF, self._current_raw()[0])) & 0xFFFF
        if register == dev.REG_POWER:
            current = max(-0x8000, min(0x7FFF, self._current_raw()[0]))
            return min(0xFFFF, abs(dev.power_register(current, self._bus_raw())))
        return self.registers.get(register, 0)

    def write_register(self, register: int, value: int) -> None:
        if register == dev.REG_CONFIG:
            if value & dev.CONFIG_RESET:
                self._reset()
            else:
                self.registers[register] = value
        elif register == dev.REG_CALIBRATION:
            self.registers[register] = value & 0xFFFE  # bit 0 is read-only, always 0
        # measurement registers are read-only
