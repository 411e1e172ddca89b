"""Module (this project's runtime) that logs at debug level when it builds a sensor."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from viam.components.sensor import Sensor
from viam.config.model import ResourceConfig
from viam.module import Module
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger("chatty")


class Chatty(Sensor):
    MODEL: ClassVar[Model] = Model("acme", "compat", os.environ.get("CHATTY_MODEL", "chatty"))

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Chatty:
        LOG.debug("chatty %s built (debug)", config.name)
        LOG.info("chatty %s built (info)", config.name)
        return cls(config.name)

    async def get_readings(self, **kwargs: Any) -> Mapping[str, Any]:
        return {"ok": True}


if __name__ == "__main__":
    Module.run_with_models(Chatty)
