"""Choosing a gpiozero pin factory: argument > config > `GPIOZERO_PIN_FACTORY` > probing.

Importing this module loads no factory; only `select_pin_factory` does, and only the one it
returns. lgpio (every Pi including the Pi 5; in the `hardware` extra and the image), RPi.GPIO and
pigpio are optional: each is tried only if its library imports. Falling back to a later factory
warns. Mock pins are used only when asked for by name (argument, `pin_factory` attribute or
`GPIOZERO_PIN_FACTORY=mock`): with no usable real factory, selection fails with an error that
names the package to install, so a real board never silently drives nothing.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from drivers.errors import PinFactoryError
from drivers.gpio import zero

log = logging.getLogger(__name__)

ENV_VAR = "GPIOZERO_PIN_FACTORY"

# name -> "module:Class"; probing tries the real ones in this order.
FACTORIES: Mapping[str, str] = {
    "lgpio": "gpiozero.pins.lgpio:LGPIOFactory",
    "rpigpio": "gpiozero.pins.rpigpio:RPiGPIOFactory",
    "pigpio": "gpiozero.pins.pigpio:PiGPIOFactory",
    "native": "gpiozero.pins.native:NativeFactory",
    "mock": "gpiozero.pins.mock:MockFactory",
}
PROBE_ORDER: tuple[str, ...] = ("lgpio", "rpigpio", "pigpio", "native")
LOCAL_FACTORIES = frozenset({"lgpio", "rpigpio", "native"})  # read the revision code from this machine
INSTALL_HINT = "install lgpio (pip install lgpio, part of viam-pi's 'hardware' extra; Debian: python3-lgpio)"
MOCK_HINT = 'or ask for mock pins explicitly with pin_factory "mock" or GPIOZERO_PIN_FACTORY=mock'


class PinFactoryFallback(UserWarning):
    """Emitted when a preferred pin factory could not be used and another one was chosen."""


@dataclass(frozen=True)
class FactoryChoice:
    """The chosen factory and why it was chosen (for logs and status pages)."""

    factory: Any
    name: str
    source: str  # "argument", "config", "environment", "probe" or "fallback"


def _lgpio_workdir() -> None:
    """Point lgpio's notification FIFOs (``.lgd-nfy*``) away from the working directory.

    The library creates them where ``LG_WD`` says, else in the current directory, which for a module
    is its install directory (read-only in the image, the source tree in a checkout). A module gets
    its own data directory from the server (``VIAM_MODULE_DATA``); anything else uses the temp dir.
    Must run before lgpio is first imported: the library reads the variable when it loads.
    """
    if not os.environ.get("LG_WD"):
        os.environ["LG_WD"] = os.environ.get("VIAM_MODULE_DATA") or tempfile.gettempdir()


@functools.cache
def _with_model_revision(cls: type) -> type:
    """``cls`` falling back to a revision code built from the device tree's model string.

    Without the firmware's code (U-Boot, UEFI, QEMU boots) gpiozero refuses a working board with
    ``PinUnknownPi``; see ``drivers.gpio.revision``.
    """
    unknown_pi = zero.import_module("gpiozero.exc").PinUnknownPi

    def _get_revision(self: Any) -> int:
        try:
            return cls._get_revision(self)
        except unknown_pi:
            from drivers.gpio.revision import revision_from_device_tree

            code = vars(self).get("_model_revision") or revision_from_device_tree()
            if code is None:
                raise
            self._model_revision = code
            return code

    return type(cls.__name__, (cls,), {"_get_revision": _get_revision, "__module__": cls.__module__,
                                       "__doc__": cls.__doc__})


def make_pin_factory(name: str) -> Any:
    """Instantiate the gpiozero pin factory called `name` (case-insensitive).

    `mock` gives gpiozero's MockFactory with PWM-capable pins unless
    `GPIOZERO_MOCK_PIN_CLASS` names another mock pin class.

    Raises:
        PinFactoryError: unknown name, missing library, or the factory failed to start.
    """
    key = name.strip().lower()
    target = FACTORIES.get(key)
    if target is None:
        raise PinFactoryError(f"unknown pin factory {name!r} (known: {', '.join(FACTORIES)})")
    module_name, class_name = target.split(":")
    if key == "lgpio":
        _lgpio_workdir()
    try:
        cls = getattr(zero.import_module(module_name), class_name)
        if key in LOCAL_FACTORIES:
            cls = _with_model_revision(cls)
        if key == "mock":
            if os.environ.get("GPIOZERO_MOCK_PIN_CLASS"):
                return cls()
            return cls(pin_class=zero.import_module("gpiozero.pins.mock").MockPWMPin)
        return cls()
    except Exception as e:  # the libraries raise anything from ImportError to OSError
        raise PinFactoryError(f"pin factory {key!r} is not usable here: {type(e).__name__}: {e}") from e


def select_pin_factory(
    factory: Any = None,
    *,
    config: str | None = None,
    env: Mapping[str, str] | None = None,
    probe_order: Sequence[str] = PROBE_ORDER,
    allow_mock_fallback: bool = False,
) -> FactoryChoice:
    """Choose a pin factory: argument > config > environment > probing.

    Args:
        factory: a gpiozero Factory instance or a factory name; wins over everything.
        config: the `pin_factory` attribute of the board config, if any.
        env: environment to read `GPIOZERO_PIN_FACTORY` from (default `os.environ`).
        probe_order: real factories to try when nothing names one.
        allow_mock_fallback: when probing finds no real factory, use mock pins (with a warning)
            instead of raising. Off by default: a laptop asks for mock pins by name.

    Raises:
        PinFactoryError: a named factory is unusable, or probing failed and mock is not allowed.
    """
    if factory is not None and not isinstance(factory, str):
        return FactoryChoice(factory, type(factory).__name__, "argument")
    env = os.environ if env is None else env
    for value, source in ((factory, "argument"), (config, "config"), (env.get(ENV_VAR), "environment")):
        if value:
            made = make_pin_factory(value)
            if value.strip().lower() == "mock":
                log.warning("using MOCK GPIO pins (asked for by %s): nothing on the header is driven", source)
            else:
                log.info("using pin factory %s (from %s)", value, source)
            return FactoryChoice(made, value.lower(), source)
    failures = []
    for name in probe_order:
        try:
            made = make_pin_factory(name)
        except PinFactoryError as e:
            failures.append(str(e))
            continue
        if failures:
            _warn(f"using pin factory {name!r} after: {'; '.join(failures)}")
        else:
            log.info("using pin factory %s (probed)", name)
        return FactoryChoice(made, name, "probe")
    reason = "; ".join(failures) or "no factories to probe"
    if not allow_mock_fallback:
        missing = any("lgpio" in f and "ModuleNotFoundError" in f for f in failures) or "lgpio" not in probe_order
        hint = INSTALL_HINT if missing else ("this does not look like a Raspberry Pi (no revision code from the "
                                             "firmware and no known model in /proc/device-tree/model)"
                                             if "PinUnknownPi" in reason else
                                             "this does not look like a Raspberry Pi (lgpio found no GPIO chip)")
        raise PinFactoryError(f"no usable GPIO pin factory: {hint}, {MOCK_HINT} (tried: {reason})")
    _warn(f"no real GPIO pin factory is usable, falling back to mock pins: {reason}")
    return FactoryChoice(make_pin_factory("mock"), "mock", "fallback")


def _warn(message: str) -> None:
    log.warning("%s", message)
    warnings.warn(message, PinFactoryFallback, stacklevel=3)
