"""syscfg: OS settings as drop-in files, written only when their content changes.

* journald: ``/etc/systemd/journald.conf.d/90-viam.conf`` with persistent storage and
  ``SystemMaxUse``/``RuntimeMaxUse`` (default 512M; ``-1`` leaves that limit to the OS; both
  ``-1`` removes the drop-in). journald is restarted only when the file changed.
* unattended upgrades (``os_auto_upgrade_type``): ``security``, ``all`` or ``disable`` write
  ``/etc/apt/apt.conf.d/20auto-upgrades`` and ``/etc/apt/apt.conf.d/52viam-unattended-upgrades``;
  empty leaves apt's own config alone.
* reboot: when ``/var/run/reboot-required`` exists and ``reboot_when_required`` is true, reboot
  only inside ``maintenance_window`` (``"HH:MM-HH:MM"``, local time, may wrap midnight; empty:
  never reboot automatically).

Commands (``systemctl``) run only when the agent's root is ``/``; under a test root they are
recorded in ``actions`` instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from viam.agent.config import DEFAULTS
from viam.agent.errors import SyscfgError
from viam.agent.paths import AgentPaths
from viam.files import atomic_write

LOG = logging.getLogger(__name__)

JOURNALD_DROPIN = "/etc/systemd/journald.conf.d/90-viam.conf"
AUTO_UPGRADES = "/etc/apt/apt.conf.d/20auto-upgrades"
UNATTENDED = "/etc/apt/apt.conf.d/52viam-unattended-upgrades"
REBOOT_REQUIRED = "/var/run/reboot-required"
_SIZE = re.compile(r"^\d+(\.\d+)?[KMGT]?$")
_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_ORIGINS = {
    "security": [
        "origin=Debian,codename=${distro_codename},label=Debian-Security",
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security",
        "origin=Raspbian,codename=${distro_codename},label=Raspbian",
    ],
}
_ORIGINS["all"] = _ORIGINS["security"] + [
    "origin=Debian,codename=${distro_codename},label=Debian",
    "origin=Debian,codename=${distro_codename}-updates",
    "origin=Raspberry Pi Foundation,codename=${distro_codename}",
]


JOURNALD_STORAGE = ("persistent", "auto", "volatile", "none")
UPGRADE_KINDS = ("", "security", "all", "managed-security", "managed-all", "disable", "disabled")


def journald_dropin(system_max_use: Any, runtime_max_use: Any, storage: str = "persistent") -> str | None:
    """Drop-in text, or None when both limits are disabled (-1)."""
    lines = ["# Written by viam-agent (syscfg); edit the agent config instead.", "[Journal]",
             f"Storage={storage}"]
    enabled = False
    for key, value in (("SystemMaxUse", system_max_use), ("RuntimeMaxUse", runtime_max_use)):
        text = str(value).strip()
        if text in ("-1", "-1.0"):
            continue
        if not _SIZE.match(text):
            raise SyscfgError(f"system_configuration: {key} {value!r} must be a size like 512M or -1")
        lines.append(f"{key}={text}")
        enabled = True
    return "\n".join(lines) + "\n" if enabled else None


def journald_limit(config: dict[str, Any], name: str, problems: list[str]) -> str:
    """One journald limit as a size ("512M", or "-1" for none) from the reference's or our key.

    The reference's ``logging_journald_<name>_max_use_megabytes`` (a number; -1 disables, 0 means
    the default) wins over our ``logging_journald_<name>_max_use`` (a size such as "1G").
    """
    ours = f"logging_journald_{name}_max_use"
    reference = f"{ours}_megabytes"
    default = str(DEFAULTS["system_configuration"][ours])
    if reference in config:
        value = config[reference]
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value or value < -1:
            problems.append(f"system_configuration.{reference}: {value!r} must be a number of megabytes or -1; "
                            f"using {default}")
            return default
        if value == -1:
            return "-1"
        return default if value == 0 else f"{int(value)}M"
    text = str(config.get(ours, default)).strip()
    if text not in ("-1", "-1.0") and not _SIZE.match(text):
        key = "SystemMaxUse" if name == "system" else "RuntimeMaxUse"
        problems.append(f"system_configuration.{ours}: {key} {config.get(ours)!r} must be a size like 512M or -1; "
                        f"using {default}")
        return default
    return text


def upgrade_files(kind: str) -> dict[str, str] | None:
    """apt drop-ins for each ``os_auto_upgrade_type``; None leaves apt alone.

    ``managed-security``/``managed-all`` (the reference's managed upgrades) turn apt's own timer
    off and keep the origins: the agent runs the upgrade itself, inside the maintenance window.
    """
    if kind in ("", None):
        return None
    header = "// Written by viam-agent (syscfg); edit the agent config instead.\n"
    periodic_off = header + 'APT::Periodic::Update-Package-Lists "0";\nAPT::Periodic::Unattended-Upgrade "0";\n'
    if kind in ("disable", "disabled"):
        return {AUTO_UPGRADES: periodic_off}
    managed = kind.startswith("managed-")
    origins_kind = kind.removeprefix("managed-")
    if origins_kind not in _ORIGINS:
        raise SyscfgError(f"system_configuration.os_auto_upgrade_type {kind!r}: expected one of "
                          f"{', '.join(repr(k) for k in UPGRADE_KINDS)}")
    origins = "".join(f'    "{o}";\n' for o in _ORIGINS[origins_kind])
    periodic_on = header + 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n'
    return {
        AUTO_UPGRADES: periodic_off if managed else periodic_on,
        UNATTENDED: header + "#clear Unattended-Upgrade::Origins-Pattern;\n"
                    "Unattended-Upgrade::Origins-Pattern {\n" + origins + "};\n",
    }


def parse_window(text: str) -> tuple[dt.time, dt.time] | None:
    if not text:
        return None
    match = _WINDOW.match(text.strip())
    if not match:
        raise SyscfgError(f"system_configuration.maintenance_window {text!r}: expected HH:MM-HH:MM")
    h1, m1, h2, m2 = map(int, match.groups())
    try:
        return dt.time(h1, m1), dt.time(h2, m2)
    except ValueError as exc:
        raise SyscfgError(f"system_configuration.maintenance_window {text!r}: {exc}") from exc


def in_window(window: tuple[dt.time, dt.time], now: dt.time) -> bool:
    start, end = window
    return start <= now < end if start <= end else now >= start or now < end


class SystemActions:
    """The only place syscfg runs commands; under a non-``/`` root it only records them."""

    def __init__(self, paths: AgentPaths) -> None:
        self.live = paths.root == Path("/")
        self.recorded: list[str] = []

    def run(self, *argv: str) -> None:
        self.recorded.append(" ".join(argv))
        if not self.live:
            LOG.info("would run: %s (root is not /)", " ".join(argv))
            return
        try:
            subprocess.run(argv, check=True, timeout=60, capture_output=True)
        except (OSError, subprocess.SubprocessError) as exc:
            LOG.error("%s failed: %s", " ".join(argv), exc)


    def start(self, *argv: str) -> None:
        """Start a long command (an upgrade) without waiting: the agent's loop must not block on it."""
        self.recorded.append(" ".join(argv))
        if not self.live:
            LOG.info("would start: %s (root is not /)", " ".join(argv))
            return
        try:
            subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        except OSError as exc:
            LOG.error("%s failed to start: %s", " ".join(argv), exc)


class SyscfgSubsystem:
    """The ``syscfg`` subsystem."""

    name = "syscfg"

    def __init__(self, paths: AgentPaths, settings: Callable[[], dict[str, Any]], *,
                 actions: SystemActions | None = None,
                 clock: Callable[[], dt.datetime] = dt.datetime.now,
                 restart_allowed: Callable[[], Awaitable[bool]] | None = None) -> None:
        self.paths = paths
        # viam-server's /restart_status, asked before each pass (as the reference asks before an OS
        # reboot): a reboot also waits for the machine's own maintenance sensor.
        self.restart_allowed = restart_allowed
        self.server_allows_restart = True
        self._settings = settings
        self.actions = actions or SystemActions(paths)
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self.last: dict[str, Any] = {}
        self.last_error = ""
        self._reported: set[str] = set()  # problems already warned about (each once, until it changes)

    async def refresh_restart_allowed(self) -> None:
        if self.restart_allowed is not None:
            try:
                self.server_allows_restart = bool(await self.restart_allowed())
            except Exception as exc:  # noqa: BLE001 - unknown means not now
                LOG.warning("syscfg: cannot ask viam-server whether a restart is allowed: %s", exc)
                self.server_allows_restart = False

    async def start(self) -> None:
        await self.refresh_restart_allowed()
        self.apply()
        self._task = asyncio.create_task(self._loop(), name="syscfg")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def healthy(self) -> bool:
        return self._task is None or not self._task.done()

    def status(self) -> dict[str, Any]:
        return {**self.last, "last_error": self.last_error}

    async def _loop(self) -> None:
        while True:
            interval = self._config().get("check_interval_s", 300.0)
            await asyncio.sleep(max(1.0, float(interval)))
            await self.refresh_restart_allowed()
            self.apply()

    def _config(self) -> dict[str, Any]:
        merged = dict(DEFAULTS["system_configuration"])
        merged.update(self._settings().get("system_configuration", {}) or {})
        return merged

    def _write(self, relative: str, content: str | None) -> str:
        """Write (or remove, when None) a file only if it differs; returns what happened."""
        path = self.paths.under_root(relative)
        current = path.read_text() if path.exists() else None
        if content == current:
            return "unchanged"
        if content is None:
            path.unlink()
            LOG.info("removed %s", path)
            return "removed"
        atomic_write(path, content.encode())
        LOG.info("wrote %s", path)
        return "written"

    def apply(self) -> dict[str, Any]:
        """Bring the drop-ins in line with the settings; idempotent.

        Each part (journald, upgrades, reboot) runs whatever happened to the others, and a bad
        value costs only its own key: a warning naming it, and that key's default.
        """
        config = self._config()
        result: dict[str, Any] = {}
        problems: list[str] = []
        try:
            storage = str(config.get("logging_journald_storage") or "persistent")
            if storage not in JOURNALD_STORAGE:
                problems.append(f"system_configuration.logging_journald_storage: {storage!r} must be one of "
                                f"{', '.join(JOURNALD_STORAGE)}; using persistent")
                storage = "persistent"
            dropin = journald_dropin(journald_limit(config, "system", problems),
                                     journald_limit(config, "runtime", problems), storage)
            result["journald"] = self._write(JOURNALD_DROPIN, dropin)
            if result["journald"] != "unchanged":
                self.actions.run("systemctl", "restart", "systemd-journald")
        except (SyscfgError, OSError) as exc:
            problems.append(str(exc))
        try:
            kind = config.get("os_auto_upgrade_type") or ""
            if kind not in UPGRADE_KINDS:
                problems.append(f"system_configuration.os_auto_upgrade_type: {kind!r} must be one of "
                                f"{', '.join(repr(k) for k in UPGRADE_KINDS)}; leaving apt alone")
                kind = ""
            files = upgrade_files(kind)
            if files is None:
                result["upgrades"] = "untouched"
            else:
                if UNATTENDED not in files:
                    files[UNATTENDED] = None  # type: ignore[assignment]
                outcomes = {self._write(path, text) for path, text in files.items()}
                result["upgrades"] = "written" if outcomes - {"unchanged"} else "unchanged"
            if kind.startswith("managed-"):
                result.update(self._managed_upgrade(config, problems))
        except (SyscfgError, OSError) as exc:
            problems.append(str(exc))
        try:
            result.update(self._check_reboot(config))
        except (SyscfgError, OSError) as exc:
            problems.append(str(exc))
        for problem in problems:
            if problem not in self._reported:
                LOG.warning("syscfg: %s", problem)
        self._reported = set(problems)
        self.last_error = "; ".join(problems)
        self.last = result
        return result

    def _managed_upgrade(self, config: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        """Run unattended-upgrade every ``os_managed_upgrade_interval_hours``, inside the maintenance window."""
        hours = config.get("os_managed_upgrade_interval_hours", 24)
        if isinstance(hours, bool) or not isinstance(hours, int | float) or hours < 1:
            problems.append(f"system_configuration.os_managed_upgrade_interval_hours: {hours!r} must be >= 1; "
                            "using 24")
            hours = 24
        stamp = self.paths.viam_dir / "syscfg-last-managed-upgrade"
        now = self._clock()
        try:
            last = dt.datetime.fromisoformat(stamp.read_text().strip())
        except (OSError, ValueError):
            last = None
        if last is not None and (now - last).total_seconds() < hours * 3600:
            return {"managed_upgrade": "not due"}
        window = parse_window(str(config.get("maintenance_window") or ""))
        if window is not None and not in_window(window, now.time()):
            return {"managed_upgrade": "waiting for the maintenance window"}
        self.actions.start("unattended-upgrade")
        atomic_write(stamp, now.isoformat().encode())
        return {"managed_upgrade": "ran"}

    def _check_reboot(self, config: dict[str, Any]) -> dict[str, Any]:
        required = self.paths.under_root(REBOOT_REQUIRED).exists()
        window = parse_window(str(config.get("maintenance_window") or ""))
        info: dict[str, Any] = {"reboot_required": required, "maintenance_window": config.get("maintenance_window")}
        if not required or not config.get("reboot_when_required"):
            return info
        if window is None:
            LOG.warning("a reboot is required but no maintenance_window is set; not rebooting")
        elif in_window(window, self._clock().time()) and not self.server_allows_restart:
            LOG.info("a reboot is required; inside the maintenance window but viam-server does not allow a "
                     "restart now (its maintenance sensor); waiting")
            info["waiting_for"] = "viam-server restart_allowed"
        elif in_window(window, self._clock().time()):
            LOG.warning("a reboot is required and we are inside the maintenance window; rebooting")
            info["rebooting"] = True
            self.actions.run("systemctl", "reboot")
        else:
            LOG.info("a reboot is required; waiting for the maintenance window %s", config["maintenance_window"])
        return info
