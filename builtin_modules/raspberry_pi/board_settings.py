"""``board_settings``: compare what the config asks of the Pi's boot configuration with what it has.

The reference edits ``config.txt`` (and ``/etc/modules`` for I2C) and reboots the machine when
a line changes. A robot rebooting itself because a config was pasted is not something this stack
does: the board checks each setting against the boot config, reports the result in its status
(``board_settings``) and logs one warning per setting that is not in effect, with the exact
line to add or remove. The lines are the reference's:

- ``enable_i2c: true``: ``dtparam=i2c_arm=on`` (and the ``i2c-dev`` module);
- ``bluetooth_enable_uart``: ``enable_uart=1`` / ``enable_uart=0``;
- ``bluetooth_dtoverlay_miniuart``: ``dtoverlay=miniuart-bt`` present / absent;
- ``bluetooth_baud_rate``: ``dtparam=krnbt_baudrate=<rate>`` (0: no such line).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from builtin_modules.raspberry_pi.board_config import BoardSettings

ENV_BOOT_CONFIG = "VIAM_PI_BOOT_CONFIG"  # tests point this at a file of their own


def boot_config_path() -> Path:
    """Where the Pi's boot config is: $VIAM_PI_BOOT_CONFIG, /boot/firmware/config.txt, /boot/config.txt."""
    if os.environ.get(ENV_BOOT_CONFIG):
        return Path(os.environ[ENV_BOOT_CONFIG])
    firmware = Path("/boot/firmware/config.txt")
    return firmware if firmware.exists() else Path("/boot/config.txt")


def _lines(path: Path) -> list[str] | None:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def check(settings: BoardSettings, path: Path | None = None) -> dict[str, Any]:
    """``{setting: {"wanted", "in_effect", "action"}}`` for every setting the config gives."""
    path = path or boot_config_path()
    lines = _lines(path)
    wanted: dict[str, tuple[str, bool]] = {}  # setting -> (line, should be present)
    if settings.enable_i2c:
        wanted["enable_i2c"] = ("dtparam=i2c_arm=on", True)
    if settings.bluetooth_enable_uart is not None:
        wanted["bluetooth_enable_uart"] = (f"enable_uart={int(settings.bluetooth_enable_uart)}", True)
    if settings.bluetooth_dtoverlay_miniuart is not None:
        wanted["bluetooth_dtoverlay_miniuart"] = ("dtoverlay=miniuart-bt", settings.bluetooth_dtoverlay_miniuart)
    if settings.bluetooth_baud_rate is not None:
        rate = settings.bluetooth_baud_rate
        wanted["bluetooth_baud_rate"] = (f"dtparam=krnbt_baudrate={rate}" if rate else "dtparam=krnbt_baudrate",
                                         bool(rate))
    report: dict[str, Any] = {}
    for key, (line, present) in wanted.items():
        if lines is None:
            report[key] = {"wanted": line if present else f"no {line}", "in_effect": False,
                           "action": f"not applied: {path} cannot be read (not a Raspberry Pi?)"}
            continue
        pattern = re.compile(rf"^{re.escape(line)}(=.*)?$") if not present else None
        found = line in lines if present else any(pattern.match(x) for x in lines)  # type: ignore[union-attr]
        ok = found == present
        action = "none" if ok else (f"not applied: add '{line}' to {path} and reboot" if present
                                    else f"not applied: remove '{line}' from {path} and reboot")
        report[key] = {"wanted": line if present else f"no {line}", "in_effect": ok, "action": action}
    return report
