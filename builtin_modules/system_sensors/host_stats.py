"""``viam-pi:system:host-stats``: load, memory, disk, uptime and CPU temperature as readings.

Reads procfs/sysfs text files only (no device access), so it runs anywhere Linux does. The
files' location is an attribute (``proc_root``, ``sys_root``) so tests point it at a fixture
tree. Readings: ``load_1m``/``load_5m``/``load_15m``, ``mem_total_kb``, ``mem_available_kb``,
``mem_used_pct``, ``uptime_s``, ``disk_free_bytes``/``disk_total_bytes`` (of ``disk_path``,
default ``/``) and ``cpu_temp_c`` when a thermal zone exists.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from viam.components.sensor import Sensor
from viam.config.model import ResourceConfig
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)


def _meminfo(text: str) -> dict[str, int]:
    values: dict[str, int] = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[key.strip()] = int(parts[0])
    return values


class HostStats(Sensor):
    MODEL: ClassVar[Model] = Model("viam-pi", "system", "host-stats")

    def __init__(self, name: str, *, proc_root: Path, sys_root: Path, disk_path: str) -> None:
        super().__init__(name)
        self.proc_root = proc_root
        self.sys_root = sys_root
        self.disk_path = disk_path

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        for key in ("proc_root", "sys_root", "disk_path"):
            value = config.attributes.get(key)
            if value is not None and (not isinstance(value, str) or not value):
                raise config.error(f"{key} must be a non-empty path string, got {value!r}", f"attributes.{key}")
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> HostStats:
        attrs = config.attributes
        return cls(config.name, proc_root=Path(attrs.get("proc_root", "/proc")),
                   sys_root=Path(attrs.get("sys_root", "/sys")), disk_path=attrs.get("disk_path", "/"))

    def _read(self) -> dict[str, Any]:
        readings: dict[str, Any] = {}
        try:
            load = (self.proc_root / "loadavg").read_text().split()
            readings.update(load_1m=float(load[0]), load_5m=float(load[1]), load_15m=float(load[2]))
        except (OSError, ValueError, IndexError) as exc:
            LOG.debug("no load average: %s", exc)
        try:
            mem = _meminfo((self.proc_root / "meminfo").read_text())
            total, available = mem["MemTotal"], mem.get("MemAvailable", mem.get("MemFree", 0))
            readings.update(mem_total_kb=total, mem_available_kb=available,
                            mem_used_pct=round(100.0 * (total - available) / total, 2) if total else 0.0)
        except (OSError, KeyError) as exc:
            LOG.debug("no memory info: %s", exc)
        try:
            readings["uptime_s"] = float((self.proc_root / "uptime").read_text().split()[0])
        except (OSError, ValueError, IndexError) as exc:
            LOG.debug("no uptime: %s", exc)
        try:
            stat = os.statvfs(self.disk_path)
            readings.update(disk_free_bytes=stat.f_bavail * stat.f_frsize,
                            disk_total_bytes=stat.f_blocks * stat.f_frsize)
        except OSError as exc:
            LOG.debug("no disk stats for %s: %s", self.disk_path, exc)
        zones = sorted((self.sys_root / "class" / "thermal").glob("thermal_zone*/temp"))
        for zone in zones[:1]:
            try:
                readings["cpu_temp_c"] = int(zone.read_text().strip()) / 1000.0
            except (OSError, ValueError) as exc:
                LOG.debug("unreadable thermal zone %s: %s", zone, exc)
        return readings

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Mapping[str, Any]:
        return await asyncio.to_thread(self._read)
