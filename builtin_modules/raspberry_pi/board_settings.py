"""``board_settings``: the boot-configuration lines the reference writes, written here too.

The reference edits ``config.txt`` (and ``/etc/modules`` for I2C) and then reboots the machine.
This board writes the same lines, the same way (an active line with the same key is replaced,
commented lines are kept, the file is replaced atomically), when the file exists and can be
written, and reports each setting in its status (``board_settings``); it does **not** reboot
the machine by itself (a robot rebooting because a config was pasted is left to the user): a
setting written is logged once with "reboot to take effect". Where the file is missing (not a
Raspberry Pi) or read-only, the status and a warning give the exact line to add or remove.

- ``enable_i2c: true``: ``dtparam=i2c_arm=on`` and the ``i2c-dev`` module in /etc/modules;
- ``bluetooth_enable_uart``: ``enable_uart=1`` / ``enable_uart=0``;
- ``bluetooth_dtoverlay_miniuart``: ``dtoverlay=miniuart-bt`` present / absent;
- ``bluetooth_baud_rate``: ``dtparam=krnbt_baudrate=<rate>`` (0: no such line).

``$VIAM_PI_BOOT_CONFIG`` and ``$VIAM_PI_ETC_MODULES`` point elsewhere (tests); with only the first,
the modules file is ``modules`` beside that boot config.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builtin_modules.raspberry_pi.board_config import BoardSettings
from drivers.bootconfig import ENV_BOOT_CONFIG, active_lines, boot_config_path
from viam.files import atomic_write

__all__ = ["ENV_BOOT_CONFIG", "ENV_ETC_MODULES", "apply", "boot_config_path", "check"]

ENV_ETC_MODULES = "VIAM_PI_ETC_MODULES"


@dataclass(frozen=True)
class Wanted:
    """A config.txt line a setting asks for: ``key=value`` present, or every ``key`` line absent."""

    key: str
    line: str
    present: bool

    def describe(self) -> str:
        return self.line if self.present else f"no {self.line}"

    def matches(self, line: str) -> bool:
        return line == self.key or line.startswith(self.key + "=")


def wanted_lines(settings: BoardSettings) -> dict[str, Wanted]:
    wanted: dict[str, Wanted] = {}
    if settings.enable_i2c:
        wanted["enable_i2c"] = Wanted("dtparam=i2c_arm", "dtparam=i2c_arm=on", True)
    if settings.bluetooth_enable_uart is not None:
        wanted["bluetooth_enable_uart"] = Wanted("enable_uart", f"enable_uart={int(settings.bluetooth_enable_uart)}",
                                                 True)
    if settings.bluetooth_dtoverlay_miniuart is not None:
        wanted["bluetooth_dtoverlay_miniuart"] = Wanted("dtoverlay=miniuart-bt", "dtoverlay=miniuart-bt",
                                                        settings.bluetooth_dtoverlay_miniuart)
    if settings.bluetooth_baud_rate is not None:
        rate = settings.bluetooth_baud_rate
        wanted["bluetooth_baud_rate"] = Wanted("dtparam=krnbt_baudrate",
                                               f"dtparam=krnbt_baudrate={rate}" if rate else "dtparam=krnbt_baudrate",
                                               bool(rate))
    return wanted


def _in_effect(want: Wanted, lines: list[str]) -> bool:
    if want.present:
        return want.line in lines and not any(want.matches(x) and x != want.line for x in lines)
    return not any(want.matches(x) for x in lines)


def check(settings: BoardSettings, path: Path | None = None) -> dict[str, Any]:
    """``{setting: {"wanted", "in_effect", "action"}}`` for every setting the config gives (nothing written)."""
    path = path or boot_config_path()
    lines = active_lines(path)
    report: dict[str, Any] = {}
    for key, want in wanted_lines(settings).items():
        if lines is None:
            action = f"not applied: {path} cannot be read (not a Raspberry Pi?)"
            report[key] = {"wanted": want.describe(), "in_effect": False, "action": action}
            continue
        ok = _in_effect(want, lines)
        verb = f"add '{want.line}' to" if want.present else f"remove '{want.line}' from"
        report[key] = {"wanted": want.describe(), "in_effect": ok,
                       "action": "none" if ok else f"not applied: {verb} {path} and reboot"}
    return report


def modules_path(boot_config: Path) -> Path:
    """``$VIAM_PI_ETC_MODULES``; else /etc/modules, or ``modules`` beside a boot config moved by
    ``$VIAM_PI_BOOT_CONFIG`` (a test's boot config never leads to the machine's /etc/modules)."""
    if os.environ.get(ENV_ETC_MODULES):
        return Path(os.environ[ENV_ETC_MODULES])
    return boot_config.parent / "modules" if os.environ.get(ENV_BOOT_CONFIG) else Path("/etc/modules")


def apply(settings: BoardSettings, path: Path | None = None, modules: Path | None = None) -> dict[str, Any]:
    """Write what `check` finds missing where the files exist and can be written; the report says
    per setting what was done (``action``: "none", "written to ...; reboot to take effect", "not applied: ...")."""
    path = path or boot_config_path()
    modules = modules or modules_path(path)
    report = check(settings, path)
    pending = {key: want for key, want in wanted_lines(settings).items() if not report[key]["in_effect"]}
    if settings.enable_i2c and "enable_i2c" not in pending and active_lines(modules) is not None \
            and "i2c-dev" not in (active_lines(modules) or []):
        pending["enable_i2c"] = wanted_lines(settings)["enable_i2c"]  # config.txt has it, /etc/modules not
    if not pending:
        return report
    if not (path.is_file() and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return report  # "not applied: ... add/remove ... and reboot" stays
    for key, want in pending.items():
        try:
            written = []
            if not report[key]["in_effect"]:
                _edit(path, want)
                written.append(str(path))
            if key == "enable_i2c" and modules.is_file() and os.access(modules.parent, os.W_OK):
                if _enable_module(modules, "i2c-dev"):
                    written.append(f"{modules} (i2c-dev)")
            if not written:
                continue
        except OSError as e:
            report[key]["action"] = f"not applied: writing {path} failed: {e.strerror or e}"
            continue
        report[key]["action"] = f"written to {' and '.join(written)}; reboot to take effect"
    return report


def _edit(path: Path, want: Wanted) -> None:
    """Replace active lines with the key by the wanted one (or drop them); commented lines stay."""
    text = path.read_text()
    out: list[str] = []
    placed = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") or not want.matches(line):
            out.append(raw)
        elif want.present and not placed:
            out.append(want.line)
            placed = True
    if want.present and not placed:
        out.append(want.line)
    atomic_write(path, ("\n".join(out) + "\n").encode(), mode=path.stat().st_mode & 0o777)


def _enable_module(path: Path, name: str) -> bool:
    lines = path.read_text().splitlines()
    if any(x.strip() == name for x in lines):
        return False
    commented = re.compile(rf"^\s*#\s*{re.escape(name)}\s*$")
    for i, line in enumerate(lines):
        if commented.match(line):
            lines[i] = name
            break
    else:
        lines.append(name)
    atomic_write(path, ("\n".join(lines) + "\n").encode(), mode=path.stat().st_mode & 0o777)
    return True
