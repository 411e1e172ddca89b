"""A minimal sensor module (our runtime) for bench/module_latency.py: constant readings + its pid."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viam.components.sensor import Sensor  # noqa: E402
from viam.config.model import ResourceConfig  # noqa: E402
from viam.module import Module  # noqa: E402
from viam.resource.names import Model  # noqa: E402
from viam.resource.registry import Dependencies  # noqa: E402


class BenchSensor(Sensor):
    MODEL: ClassVar[Model] = Model("bench", "module", "sensor")

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> BenchSensor:
        return cls(config.name)

    async def get_readings(self, *, extra: Any = None, timeout: float | None = None,
                           **kwargs: Any) -> Mapping[str, Any]:
        return {"temperature_c": 21.5, "humidity_pct": 40.0, "pid": os.getpid()}


if __name__ == "__main__":
    Module.run_with_models(BenchSensor)
