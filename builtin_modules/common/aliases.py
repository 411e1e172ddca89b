"""Registry model names users paste today, served by our built-in implementations.

Viam moved several built-in models into registry modules (``viam:gps:nmea``,
``viam:bosch:bme280``, ``viam:texas-instruments:ina219``/``ina226``); a config written for today's
viam-server names those. Each alias is a subclass of the built-in model with the alias as its
``MODEL``, so it takes the same attributes and behaves the same; its status says which built-in
implementation serves it. The aliases are also listed in the module's ``meta.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from viam.resource.names import Model

# built-in model -> registry names that it serves
ALIASES: dict[str, tuple[str, ...]] = {
    "rdk:builtin:gps-nmea": ("viam:gps:nmea",),
    "rdk:builtin:bme280": ("viam:bosch:bme280",),
    "rdk:builtin:ina219": ("viam:texas-instruments:ina219",),
    "rdk:builtin:ina226": ("viam:texas-instruments:ina226",),
}


def aliased(model_class: Any, alias: str) -> Any:
    """``model_class`` registered under the model name ``alias``."""
    builtin = str(model_class.MODEL)

    async def get_status(self: Any) -> Mapping[str, Any]:
        status = dict(await model_class.get_status(self))
        status["model_alias"] = {"model": alias, "served_by": builtin,
                                 "note": f"{alias} (registry module) is served by this stack's built-in {builtin}"}
        return status

    return type(f"{model_class.__name__}Alias", (model_class,), {"MODEL": Model.parse(alias), "get_status": get_status,
                                                                  "__doc__": f"{alias}, served by {builtin}."})


def with_aliases(*model_classes: Any) -> list[Any]:
    """The classes plus one alias class per registry name in ``ALIASES``."""
    out = list(model_classes)
    for model_class in model_classes:
        out += [aliased(model_class, alias) for alias in ALIASES.get(str(model_class.MODEL), ())]
    return out
