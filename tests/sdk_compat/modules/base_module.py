"""Official-SDK module serving a base (``rdk:component:base``); calls are forwarded as raw bytes."""

import asyncio
from typing import ClassVar

from viam.module.module import Module
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily

from viam.components.base import Base


class RoverBase(Base, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "rover")
    linear_y = 0.0

    async def move_straight(self, distance, velocity, *, extra=None, timeout=None, **kwargs):
        self.linear_y = 0.0

    async def spin(self, angle, velocity, *, extra=None, timeout=None, **kwargs):
        pass

    async def set_power(self, linear, angular, *, extra=None, timeout=None, **kwargs):
        self.linear_y = linear.y

    async def set_velocity(self, linear, angular, *, extra=None, timeout=None, **kwargs):
        self.linear_y = linear.y

    async def stop(self, *, extra=None, timeout=None, **kwargs):
        self.linear_y = 0.0

    async def is_moving(self) -> bool:
        return self.linear_y != 0

    async def get_properties(self, *, extra=None, timeout=None, **kwargs):
        return Base.Properties(width_meters=0.3, turning_radius_meters=0.0, wheel_circumference_meters=0.2)

    async def get_geometries(self, *, extra=None, timeout=None, **kwargs):
        return []

    async def do_command(self, command, *, timeout=None, **kwargs):
        return {"rover": self.name, **command}


if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
