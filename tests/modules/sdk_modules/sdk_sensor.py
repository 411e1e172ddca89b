"""A module written with the OFFICIAL viam-sdk, unchanged from the SDK's documented pattern.

Model ``acme:sdk:weather`` (Sensor). Runs in the suite's separate viam-sdk venv.
"""

import asyncio
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Self

from viam.module.module import Module
from viam.proto.app.robot import ComponentConfig
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily

from viam.components.sensor import Sensor
from viam.proto.common import ResourceName
from viam.resource.base import ResourceBase
from viam.utils import SensorReading, struct_to_dict


class Weather(Sensor, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "sdk"), "weather")

    @classmethod
    def new(cls, config: ComponentConfig, dependencies: Mapping[ResourceName, ResourceBase]) -> Self:
        sensor = cls(config.name)
        sensor.reconfigure(config, dependencies)
        return sensor

    @classmethod
    def validate_config(cls, config: ComponentConfig) -> tuple[Sequence[str], Sequence[str]]:
        attrs = struct_to_dict(config.attributes)
        if "city" in attrs and not isinstance(attrs["city"], str):
            raise ValueError("city must be a string")
        return [], []

    def reconfigure(self, config: ComponentConfig, dependencies: Mapping[ResourceName, ResourceBase]) -> None:
        attrs = struct_to_dict(config.attributes)
        self.city = attrs.get("city", "nowhere")
        self.celsius = float(attrs.get("celsius", 10.0))
        self.logger.info("weather sensor %s configured for %s", config.name, self.city)

    async def get_readings(self, *, extra: Mapping[str, Any] | None = None, timeout: float | None = None,
                           **kwargs) -> Mapping[str, SensorReading]:
        return {"city": self.city, "celsius": self.celsius, "pid": os.getpid(),
                "module": os.environ.get("VIAM_MODULE_NAME", "")}


class Relay(Sensor, EasyResource):
    """Reads ``attributes.source`` (a sensor on the machine) through the parent: a dependency."""

    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "sdk"), "relay")

    @classmethod
    def validate_config(cls, config: ComponentConfig) -> tuple[Sequence[str], Sequence[str]]:
        source = struct_to_dict(config.attributes).get("source")
        if not isinstance(source, str):
            raise ValueError("source must name a sensor")
        return [source], []

    @classmethod
    def new(cls, config: ComponentConfig, dependencies: Mapping[ResourceName, ResourceBase]) -> Self:
        relay = cls(config.name)
        source = struct_to_dict(config.attributes)["source"]
        relay.source = dependencies[Sensor.get_resource_name(source)]
        return relay

    async def get_readings(self, *, extra: Mapping[str, Any] | None = None, timeout: float | None = None,
                           **kwargs) -> Mapping[str, SensorReading]:
        readings = await self.source.get_readings()
        return {"relayed": dict(readings), "pid": os.getpid()}


if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
