"""Fake sensor (``rdk:builtin:fake``): reports fixed readings, by default the reference fake's a=1, b=2, c=3."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.sensor.api import Sensor
from viam.components.sensor.readings import Readings
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

DEFAULT_READINGS: dict[str, Any] = {"a": 1, "b": 2, "c": 3}  # rdk's fake sensor's readings


def _check_json(config: ResourceConfig, value: Any, key: str) -> None:
    """Readings must survive a protobuf Value: null, bool, number, string, list or object."""
    if value is None or isinstance(value, bool | int | float | str):
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_json(config, item, f"{key}[{i}]")
        return
    if isinstance(value, dict):
        for name, item in value.items():
            _check_json(config, item, f"{key}.{name}")
        return
    raise config.error(f"a reading must be JSON (null, bool, number, string, list or object), "
                       f"got {type(value).__name__}", key)


class FakeSensor(Sensor):
    """Simulated sensor. Attribute ``readings`` (ours): an object of name -> value (default rdk's a/b/c);
    ``counter_key``: also report how many reads came before this one under that key (1, 2, ...)."""

    ATTRIBUTES: tuple[str, ...] = ("readings", "counter_key")

    def __init__(self, name: str, readings: Mapping[str, Any] | None = None, counter_key: str = "") -> None:
        super().__init__(name)
        self._readings = dict(DEFAULT_READINGS if readings is None else readings)
        self.counter_key = counter_key
        self.reads = 0

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        readings = config.attributes.get("readings", DEFAULT_READINGS)
        if not isinstance(readings, dict):
            raise config.error(f"readings must be an object of name -> value, got {readings!r}",
                               "attributes.readings")
        _check_json(config, readings, "attributes.readings")
        if not isinstance(config.attributes.get("counter_key", ""), str):
            raise config.error("counter_key must be a string", "attributes.counter_key")
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeSensor:
        return cls(config.name, config.attributes.get("readings"), config.attributes.get("counter_key", ""))

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        self.reads += 1
        readings = dict(self._readings)
        if self.counter_key:
            readings[self.counter_key] = self.reads
        return readings

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        return {"reads": self.reads}
