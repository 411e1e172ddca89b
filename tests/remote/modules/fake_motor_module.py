"""A module (our runtime) serving the fake motor under a modular model name."""

from typing import ClassVar

from viam.components.motor.fake import FakeMotor
from viam.module import Module
from viam.resource.names import Model


class ModularFakeMotor(FakeMotor):
    MODEL: ClassVar[Model] = Model("acme", "test", "fake-motor")


if __name__ == "__main__":
    Module.run_with_models(ModularFakeMotor)
