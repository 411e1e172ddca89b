"""Official-SDK module, documented ``EasyResource`` + ``Module.run_from_registry()`` style.

``acme:compat:motor-watcher`` (Sensor) depends on a motor named in ``attributes.motor`` (the
test uses a built-in fake) and reads it back through the server; ``acme:compat:echo``
(generic service) answers DoCommand and logs through ``self.logger``.
"""
import asyncio
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Self

from viam.module.module import Module
from viam.proto.app.robot import ComponentConfig
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily

from viam.components.motor import Motor
from viam.components.sensor import Sensor
from viam.proto.common import ResourceName
from viam.resource.base import ResourceBase
from viam.services.generic import Generic
from viam.utils import SensorReading, ValueTypes, struct_to_dict


class MotorWatcher(Sensor, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "motor-watcher")

    @classmethod
    def validate_config(cls, config: ComponentConfig) -> tuple[Sequence[str], Sequence[str]]:
        attrs = struct_to_dict(config.attributes)
        if "motor" not in attrs:
            raise Exception("motor attribute is required")
        return [attrs["motor"]], list(attrs.get("also", []))  # (required, optional)

    @classmethod
    def new(cls, config: ComponentConfig, dependencies: Mapping[ResourceName, ResourceBase]) -> Self:
        self = super().new(config, dependencies)
        self.reconfigure(config, dependencies)
        return self

    def reconfigure(self, config: ComponentConfig, dependencies: Mapping[ResourceName, ResourceBase]) -> None:
        attrs = struct_to_dict(config.attributes)
        self.label = attrs.get("label", "none")
        self.motor = dependencies[Motor.get_resource_name(attrs["motor"])]
        self.optional = sorted(str(n) for n in dependencies if n != Motor.get_resource_name(attrs["motor"]))
        self.logger.info("watcher %s reconfigured label=%s", self.name, self.label)

    async def get_readings(self, *, extra: Mapping[str, Any] | None = None, timeout: float | None = None,
                           **kwargs) -> Mapping[str, SensorReading]:
        powered, power = await self.motor.is_powered()
        return {"label": self.label, "powered": powered, "power": power, "position": await self.motor.get_position(),
                "pid": os.getpid(), "optional": self.optional}


class Echo(Generic, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "echo")

    async def do_command(self, command: Mapping[str, ValueTypes], *, timeout: float | None = None,
                         **kwargs) -> Mapping[str, ValueTypes]:
        self.logger.warning("echo do_command %s", command)
        return {"echo": command, "name": self.name}


if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
