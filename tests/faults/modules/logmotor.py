"""Test module (our runtime): ``acme:test:logmotor``, a fake motor that appends every power
change to the file named by its ``log`` attribute, so a test can see when it was stopped even
after the server is gone."""

from __future__ import annotations

import asyncio
import time
from typing import Any, ClassVar

from viam.components.encoder.fake import FakeEncoder
from viam.components.motor.fake import FakeMotor
from viam.config.model import ResourceConfig
from viam.module import Module
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies


class LogMotor(FakeMotor):
    MODEL: ClassVar[Model] = Model("acme", "test", "logmotor")

    def __init__(self, name: str, log: str) -> None:
        # Its own fake encoder, so GetPosition answers (rdk's fake motor has a position only with one).
        super().__init__(name, encoder=FakeEncoder(f"{name}-encoder"), ticks_per_rotation=1)
        self.log = log

    def _record(self, event: str, power: float) -> None:
        with open(self.log, "a") as out:
            out.write(f"{event} {time.time():.6f} {power}\n")

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> LogMotor:
        return cls(config.name, str(config.attributes["log"]))

    async def set_power(self, power: float, *, extra: Extra = None, timeout: float | None = None,
                        **kwargs: Any) -> None:
        await super().set_power(power)
        self._record("power", power)

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        await super().stop()
        self._record("stop", 0.0)

    async def close(self) -> None:
        self._record("close", 0.0)


async def main() -> None:
    module = Module.from_args()
    module.add_model(LogMotor)
    await module.serve()


if __name__ == "__main__":
    asyncio.run(main())
