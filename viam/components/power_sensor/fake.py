"""Fake power sensor (``rdk:builtin:fake``): rdk's fake's fixed figures (1.5 V AC, 2.2 A, 9.8 W, readings
``volts``/``amps``/``is_ac``/``watts``), with our optional attributes to change them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.power_sensor.api import PowerSensor
from viam.components.sensor.readings import Readings
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_VOLTAGE = 1.5
DEFAULT_CURRENT = 2.2
DEFAULT_POWER = 9.8  # the reference's figure, not voltage x current


def _number(config: ResourceConfig, key: str, default: float) -> float:
    value = config.attributes.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise config.error(f"{key} must be a number, got {value!r}", f"attributes.{key}")
    return float(value)


class FakePowerSensor(PowerSensor):
    """Simulated supply. Attributes (ours; the reference's fake has none): ``voltage`` (V, default 1.5),
    ``current`` (A, default 2.2), ``is_ac`` (default true), ``power`` (W; default 9.8, or voltage x
    current when either of those is set)."""

    ATTRIBUTES: tuple[str, ...] = ("voltage", "current", "is_ac", "power")

    def __init__(self, name: str, voltage: float = DEFAULT_VOLTAGE, current: float = DEFAULT_CURRENT,
                 is_ac: bool = True, power: float | None = None) -> None:
        super().__init__(name)
        self.voltage = voltage
        self.current = current
        self.is_ac = is_ac
        self.power = voltage * current if power is None else power

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _number(config, "voltage", DEFAULT_VOLTAGE)
        _number(config, "current", DEFAULT_CURRENT)
        _number(config, "power", DEFAULT_POWER)
        is_ac = config.attributes.get("is_ac", True)
        if not isinstance(is_ac, bool):
            raise config.error(f"is_ac must be true or false, got {is_ac!r}", "attributes.is_ac")
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakePowerSensor:
        attrs = config.attributes
        power = None if "power" not in attrs and ("voltage" in attrs or "current" in attrs) else \
            _number(config, "power", DEFAULT_POWER)
        return cls(config.name, _number(config, "voltage", DEFAULT_VOLTAGE),
                   _number(config, "current", DEFAULT_CURRENT), bool(attrs.get("is_ac", True)), power)

    async def get_voltage(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return self.voltage, self.is_ac

    async def get_current(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return self.current, self.is_ac

    async def get_power(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self.power

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        return {"volts": self.voltage, "amps": self.current, "is_ac": self.is_ac, "watts": self.power}

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)
