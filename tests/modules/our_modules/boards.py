"""Test module (our runtime): the fake board and motor served from a module (streaming, StopAll)."""

from __future__ import annotations

from typing import ClassVar

from viam.components.board.fake import FakeBoard
from viam.components.motor.fake import FakeMotor
from viam.module import Module
from viam.resource.names import Model


class ModuleBoard(FakeBoard):
    MODEL: ClassVar[Model] = Model("acme", "test", "board")


class ModuleMotor(FakeMotor):
    MODEL: ClassVar[Model] = Model("acme", "test", "motor")


if __name__ == "__main__":
    Module.run_with_models(ModuleBoard, ModuleMotor)
