"""gpiozero's pin layer without the rest of gpiozero.

Importing any ``gpiozero.<submodule>`` first runs ``gpiozero/__init__.py``, which imports every
device class gpiozero has (LEDs, motors, boards, SPI devices, tones, colorzero, internal
devices): about 1.5 MB in a module process that only drives pins through a pin factory.
``load_pin_layer`` registers the ``gpiozero`` package without running its ``__init__``, so
``gpiozero.exc`` and ``gpiozero.pins.*`` load alone (with the ``devices``, ``mixins`` and
``pins.data`` they import). The first use of any other name of the package (``gpiozero.LED``,
``from gpiozero import Device``, ``from gpiozero import *``) runs the real ``__init__`` then,
into the same module, so code that wants the whole package still gets all of it.

``import_module`` is how this package imports a gpiozero module (the factories, the mock pins):
gpiozero binds ``entry_points`` at import (``gpiozero.devices``, ``gpiozero.pins.mock``), trying
the ``importlib_metadata`` backport before ``importlib.metadata``, and the stdlib one costs ~1 MB
with the ``email``, ``zipfile`` and ``csv`` it loads. While gpiozero's modules load, and only when
the backport is not installed, that name resolves to a module whose ``entry_points`` imports
``importlib.metadata`` when first called (gpiozero calls it only to look a factory or a mock pin
class up by name) and is removed again right after.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

BACKPORT = "importlib_metadata"


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


def _entry_points(**params: Any) -> Any:
    """``importlib.metadata.entry_points``, imported on the first call."""
    from importlib.metadata import entry_points

    return entry_points(**params)


@contextlib.contextmanager
def _entry_points_on_demand() -> Iterator[None]:
    if BACKPORT in sys.modules or importlib.util.find_spec(BACKPORT) is not None:
        yield  # the real backport: gpiozero uses it, as it would anyway
        return
    stand_in = ModuleType(BACKPORT, "importlib.metadata's entry_points, loaded on first call (drivers.gpio.zero)")
    stand_in.entry_points = _entry_points  # type: ignore[attr-defined]
    sys.modules[BACKPORT] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(BACKPORT) is stand_in:
            del sys.modules[BACKPORT]


def import_module(name: str) -> ModuleType:
    """``importlib.import_module(name)`` for a ``gpiozero`` module, without importlib.metadata."""
    with _entry_points_on_demand():
        return importlib.import_module(name)


def is_complete(module: ModuleType | None = None) -> bool:
    """Whether gpiozero's own ``__init__`` has run (for tests)."""
    module = module or sys.modules.get("gpiozero")
    return module is not None and "__getattr__" not in vars(module)


load_pin_layer()
