"""gpiozero's pin layer without the rest of gpiozero.

Importing any ``gpiozero.<submodule>`` first runs ``gpiozero/__init__.py``, which imports every
device class gpiozero has (LEDs, motors, boards, SPI devices, tones, colorzero, internal
devices): about 1.5 MB in a module process that only drives pins through a pin factory.
``load_pin_layer`` registers the ``gpiozero`` package without running its ``__init__``, so
``gpiozero.exc`` and ``gpiozero.pins.*`` load alone (with the ``devices``, ``mixins`` and
``pins.data`` they import). The first use of any other name of the package (``gpiozero.LED``,
``from gpiozero import Device``, ``from gpiozero import *``) runs the real ``__init__`` then,
into the same module, so code that wants the whole package still gets all of it.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def load_pin_layer() -> None:
    """Make ``gpiozero`` importable piecemeal (a no-op when it is already imported or missing)."""
    if "gpiozero" in sys.modules:
        return
    spec = importlib.util.find_spec("gpiozero")
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return  # not installed (or not a package): the normal import then raises as it would
    package = importlib.util.module_from_spec(spec)

    def complete(name: str) -> object:
        if name.startswith("__") and name != "__all__":
            raise AttributeError(name)  # introspection (copy, inspect, pickle) does not load the package
        del package.__getattr__
        try:
            spec.loader.exec_module(package)  # type: ignore[union-attr]
        except BaseException:
            package.__getattr__ = complete  # type: ignore[method-assign]  # the next use fails the same way
            raise
        return getattr(package, name)

    package.__getattr__ = complete  # type: ignore[method-assign]
    sys.modules["gpiozero"] = package


def is_complete(module: ModuleType | None = None) -> bool:
    """Whether gpiozero's own ``__init__`` has run (for tests)."""
    module = module or sys.modules.get("gpiozero")
    return module is not None and "__getattr__" not in vars(module)


load_pin_layer()
