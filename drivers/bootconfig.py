"""The Raspberry Pi's boot configuration (``config.txt``): where it is and what its lines say.

The firmware reads ``/boot/firmware/config.txt`` (Bookworm and later) or ``/boot/config.txt``.
``$VIAM_PI_BOOT_CONFIG`` points elsewhere (tests use a file of their own). Conditional sections
(``[pi4]``, ``[all]``) are not evaluated: every line counts, which errs on the side of "present".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

ENV_BOOT_CONFIG = "VIAM_PI_BOOT_CONFIG"
BOOT_CONFIG_PATHS = (Path("/boot/firmware/config.txt"), Path("/boot/config.txt"))

# GPIOs the firmware's PWM overlays route to the PWM block when no ``pin=`` is given.
_OVERLAY_DEFAULT_PINS = {"pwm": {"pin": 18}, "pwm-2chan": {"pin": 18, "pin2": 19}}


def boot_config_path(env: Mapping[str, str] | None = None) -> Path:
    """``$VIAM_PI_BOOT_CONFIG``, else the first of /boot/firmware/config.txt, /boot/config.txt that exists
    (the first when neither does)."""
    env = os.environ if env is None else env
    if env.get(ENV_BOOT_CONFIG):
        return Path(env[ENV_BOOT_CONFIG])
    for path in BOOT_CONFIG_PATHS:
        if path.exists():
            return path
    return BOOT_CONFIG_PATHS[0]


def active_lines(path: Path) -> list[str] | None:
    """The file's lines without comments and blanks, stripped; None when it cannot be read."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def pwm_overlay_gpios(lines: Iterable[str]) -> frozenset[int]:
    """GPIOs a ``dtoverlay=pwm`` / ``dtoverlay=pwm-2chan`` line routes to hardware PWM.

    Parameters come after the overlay name (``dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4``)
    or on ``dtparam=`` lines that follow it, as the firmware reads them.
    """
    gpios: set[int] = set()
    current: dict[str, int] | None = None

    def close() -> None:
        if current is not None:
            gpios.update(current.values())

    for line in lines:
        key, _, value = line.partition("=")
        key = key.strip()
        if key == "dtoverlay":
            close()
            name, *params = [p.strip() for p in value.split(",")]
            current = dict(_OVERLAY_DEFAULT_PINS[name]) if name in _OVERLAY_DEFAULT_PINS else None
            _apply_params(current, params)
        elif key == "dtparam" and current is not None:
            _apply_params(current, [p.strip() for p in value.split(",")])
    close()
    return frozenset(gpios)


def _apply_params(pins: dict[str, int] | None, params: list[str]) -> None:
    if pins is None:
        return
    for param in params:
        name, _, value = param.partition("=")
        if name in pins and value.strip().isdigit():
            pins[name] = int(value)
