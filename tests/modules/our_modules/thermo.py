"""Test module (our runtime): ``acme:test:thermo`` sensors, and ``acme:test:doubler`` sensors
that read another sensor (usually in another module) through the parent server."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from viam.components.sensor import Sensor
from viam.config.model import ResourceConfig
from viam.module import Module
from viam.resource.names import Model, ResourceName
from viam.resource.registry import Dependencies

LOG = logging.getLogger("acme.thermo")


class Thermo(Sensor):
    MODEL: ClassVar[Model] = Model("acme", "test", "thermo")

    def __init__(self, config: ResourceConfig) -> None:
        super().__init__(config.name)
        self.reads = 0
        self.generation = 0
        self._apply(config)

    def _apply(self, config: ResourceConfig) -> None:
        self.temp = float(config.attributes.get("temp", 20.0))
        self.generation += 1

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        if not isinstance(config.attributes.get("temp", 0), int | float):
            raise config.error("temp must be a number", "attributes.temp")
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Thermo:
        LOG.info("thermo %s created with temp=%s", config.name, config.attributes.get("temp"))
        return cls(config)

    async def reconfigure(self, config: ResourceConfig, dependencies: Dependencies) -> None:
        self._apply(config)
        LOG.info("thermo %s reconfigured", config.name)

    async def get_readings(self, *, extra: Any = None, timeout: float | None = None,
                           **kwargs: Any) -> Mapping[str, Any]:
        self.reads += 1
        return {"temp": self.temp, "pid": os.getpid(), "reads": self.reads, "generation": self.generation,
                "module": os.environ.get("VIAM_MODULE_NAME", ""), "data_dir": os.environ.get("VIAM_MODULE_DATA", "")}

    async def close(self) -> None:
        LOG.info("thermo %s closed", self.name)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        if command.get("exit"):
            os._exit(int(command["exit"]))
        if command.get("log"):
            LOG.warning("%s", command["log"])
        return {"echo": dict(command)}


class Doubler(Sensor):
    """Reads ``attributes.source`` (a sensor name) and doubles its ``temp``."""

    MODEL: ClassVar[Model] = Model("acme", "test", "doubler")

    def __init__(self, name: str, source: Sensor) -> None:
        super().__init__(name)
        self.source = source

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        source = config.attributes.get("source")
        if not isinstance(source, str) or not source:
            raise config.error("source must name a sensor", "attributes.source")
        return [source], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Doubler:
        wanted = config.attributes["source"]
        for name, resource in dependencies.items():
            if isinstance(name, ResourceName) and name.name == wanted:
                return cls(config.name, resource)  # type: ignore[arg-type]
        raise KeyError(f"dependency {wanted!r} was not passed (got {sorted(map(str, dependencies))})")

    async def get_readings(self, *, extra: Any = None, timeout: float | None = None,
                           **kwargs: Any) -> Mapping[str, Any]:
        source = await self.source.get_readings(timeout=timeout)
        return {"temp": 2 * float(source["temp"]), "source_pid": source["pid"], "pid": os.getpid()}


if __name__ == "__main__":
    # The config's module ``env`` picks the models, so tests can put each in its own process.
    available = {"thermo": Thermo, "doubler": Doubler}
    Module.run_with_models(*(available[m] for m in os.environ.get("ACME_MODELS", "thermo,doubler").split(",")))
