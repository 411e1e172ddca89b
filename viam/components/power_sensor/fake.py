"""Fake power sensor (``rdk:builtin:fake``): a steady supply with configurable voltage and current."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.power_sensor.api import PowerSensor
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_VOLTAGE = 12.0
DEFAULT_CURRENT = 0.5


def _number(config: ResourceConfig, key: str, default: float) -> float:
    value = config.attributes.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise config.error(f"{key} must be a number, got {value!r}", f"attributes.{key}")
    return float(value)


class FakePowerSensor(PowerSensor):
    """Simulated supply. Attributes: ``voltage`` (V, default 12), ``current`` (A, default 0.5),
    ``is_ac`` (default false). Power is voltage times current."""

    def __init__(self, name: str, voltage: float = DEFAULT_VOLTAGE, current: float = DEFAULT_CURRENT,
                 is_ac: bool = False) -> None:
        super().__init__(name)
        self.voltage = voltage
        self.current = current
        self.is_ac = is_ac

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _number(config, "voltage", DEFAULT_VOLTAGE)
        _number(config, "current", DEFAULT_CURRENT)
        is_ac = config.attributes.get("is_ac", False)
        if not isinstance(is_ac, bool):
            raise config.error(f"is_ac must be true or false, got {is_ac!r}", "attributes.is_ac")
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakePowerSensor:
        return cls(config.name, _number(config, "voltage", DEFAULT_VOLTAGE),
                   _number(config, "current", DEFAULT_CURRENT), bool(config.attributes.get("is_ac", False)))

    async def get_voltage(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return self.voltage, self.is_ac

    async def get_current(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        return self.current, self.is_ac

    async def get_power(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self.voltage * self.current

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)
