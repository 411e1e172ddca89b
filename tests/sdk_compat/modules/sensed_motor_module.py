"""Official-SDK module, older ``Module.from_args()`` + ``add_model_from_registry`` style.

``acme:compat:sensed-motor`` (Motor) depends on a sensor served by ANOTHER module (the
watcher module); its position is that sensor's reading + 1000, so a read goes
client -> server -> this module -> server -> the watcher module -> server -> a fake motor.
"""
import asyncio
from collections.abc import Mapping, Sequence
from typing import ClassVar, Self

from viam.module.module import Module
from viam.proto.app.robot import ComponentConfig
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily

from viam.components.motor import Motor
from viam.components.sensor import Sensor
from viam.proto.common import ResourceName
from viam.resource.base import ResourceBase
from viam.utils import struct_to_dict


class SensedMotor(Motor, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "sensed-motor")

    @classmethod
    def validate_config(cls, config: ComponentConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [struct_to_dict(config.attributes)["sensor"]], []

    @classmethod
    def new(cls, config: ComponentConfig, dependencies: Mapping[ResourceName, ResourceBase]) -> Self:
        self = cls(config.name)
        self.reconfigure(config, dependencies)
        self.power = 0.0
        return self

    def reconfigure(self, config: ComponentConfig, dependencies: Mapping[ResourceName, ResourceBase]) -> None:
        self.sensor = dependencies[Sensor.get_resource_name(struct_to_dict(config.attributes)["sensor"])]

    async def set_power(self, power: float, *, extra=None, timeout=None, **kwargs):
        self.power = power

    async def go_for(self, rpm, revolutions, *, extra=None, timeout=None, **kwargs):
        """Runs until done (revolutions / rpm minutes) or until the call is cancelled, then stops."""
        self.power = 1.0
        try:
            await asyncio.sleep(abs(revolutions / rpm) * 60)
        finally:
            self.power = 0.0

    async def go_to(self, rpm, position_revolutions, *, extra=None, timeout=None, **kwargs):
        pass

    async def set_rpm(self, rpm, *, extra=None, timeout=None, **kwargs):
        self.power = rpm / 100

    async def reset_zero_position(self, offset, *, extra=None, timeout=None, **kwargs):
        pass

    async def get_position(self, *, extra=None, timeout=None, **kwargs) -> float:
        readings = await self.sensor.get_readings()
        return float(readings["position"]) + 1000.0

    async def get_properties(self, *, extra=None, timeout=None, **kwargs):
        return Motor.Properties(position_reporting=True)

    async def stop(self, *, extra=None, timeout=None, **kwargs):
        self.power = 0.0

    async def is_powered(self, *, extra=None, timeout=None, **kwargs):
        return self.power != 0, self.power

    async def is_moving(self) -> bool:
        return self.power != 0

    async def do_command(self, command, *, timeout=None, **kwargs):
        return {"sensed": True, **command}


async def main():
    module = Module.from_args()
    module.add_model_from_registry(Motor.API, SensedMotor.MODEL)
    await module.start()

if __name__ == "__main__":
    asyncio.run(main())
