"""Agent settings and where they come from.

Precedence, lowest first: built-in ``DEFAULTS`` < ``etc/viam-defaults.json`` (manufacturer
defaults, JSON with comments) < the ``agent`` section of ``etc/viam.json`` (a local full config)
< the cloud's DeviceAgentConfig answer (cached in ``opt/viam/cache`` for offline boot). A file
that is missing or broken is logged and skipped, so the agent always has a usable config.
"""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from viam.agent import jsonc
from viam.agent.errors import AgentConfigError
from viam.agent.paths import AgentPaths
from viam.files import atomic_write_json

LOG = logging.getLogger(__name__)

DEFAULT_BIND_ADDRESS = "localhost:8080"

DEFAULTS: dict[str, Any] = {
    "advanced_settings": {
        "disable_viam_server": False,
        "disable_network_configuration": False,
        "disable_system_configuration": False,
    },
    # Stop budgets nest: viam-server gives modules <= 90 s, the agent gives viam-server
    # stop_grace_s before SIGKILL, and systemd's TimeoutStopSec (systemd/viam-agent.service)
    # is larger still, so systemd never kills the agent before it has stopped the server.
    "supervisor": {
        "start_timeout_s": 120.0,
        "stop_grace_s": 100.0,
        "backoff_initial_s": 0.5,
        "backoff_max_s": 30.0,
        "stable_after_s": 30.0,
        "crash_loop_limit": 5,
        "health_interval_s": 5.0,
        "unhealthy_after_s": 120.0,
    },
    "update": {
        "manifest": "/etc/viam-update.json",
        "check_interval_s": 60.0,
        "trial_s": 30.0,
        "retry_s": 300.0,
    },
    # Agent logs (and forwarded journald entries) to the app's RobotService/Log.
    "log_upload": {
        "max_queue": 20000,  # entries kept while the app is unreachable (oldest dropped beyond)
        "batch": 100,
        "retry_s": 5.0,
    },
    "watchdog_interval_s": 0.0,  # 0: half of systemd's WATCHDOG_USEC
    "system_configuration": {
        "logging_journald_system_max_use": "512M",
        "logging_journald_runtime_max_use": "512M",
        "os_auto_upgrade_type": "",
        "reboot_when_required": True,
        "maintenance_window": "",
        "check_interval_s": 300.0,
    },
}


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` updated by ``override``; nested dicts merge, everything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def read_jsonc_object(path: Path) -> dict[str, Any]:
    """Read a JSON-with-comments object; raise ``AgentConfigError`` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AgentConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise AgentConfigError(f"{path}: not UTF-8 text: {exc}") from exc
    try:
        data = jsonc.loads(text)
    except json.JSONDecodeError as exc:
        raise AgentConfigError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise AgentConfigError(f"{path}: top level must be a JSON object, got {type(data).__name__}")
    return data


@dataclass
class MachineInfo:
    """What the agent needs from ``etc/viam.json``: where the server answers, cloud credentials."""

    bind_address: str = DEFAULT_BIND_ADDRESS
    cloud: dict[str, Any] = field(default_factory=dict)
    agent: dict[str, Any] = field(default_factory=dict)

    @property
    def host_port(self) -> tuple[str, int]:
        host, _, port = self.bind_address.rpartition(":")
        host = host.strip("[]")
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        return host, int(port)


def load_machine_info(path: Path) -> MachineInfo:
    """Read ``etc/viam.json``; a missing or broken file gives the defaults (logged)."""
    if not path.exists():
        return MachineInfo()
    try:
        data = read_jsonc_object(path)
    except AgentConfigError as exc:
        LOG.error("using default bind address %s: %s", DEFAULT_BIND_ADDRESS, exc)
        return MachineInfo()
    info = MachineInfo()
    network = data.get("network")
    if isinstance(network, dict) and isinstance(network.get("bind_address"), str):
        address = network["bind_address"]
        _, sep, port = address.rpartition(":")
        if sep and port.isdigit():
            info.bind_address = address
        else:
            LOG.error("%s: network.bind_address %r must be host:port; using %s", path, address,
                      DEFAULT_BIND_ADDRESS)
    if isinstance(data.get("cloud"), dict):
        info.cloud = data["cloud"]
    if isinstance(data.get("agent"), dict):
        info.agent = data["agent"]
    return info


class ConfigStore:
    """Builds the effective agent settings and keeps the cloud part cached on disk."""

    def __init__(self, paths: AgentPaths) -> None:
        self.paths = paths
        self.cloud: dict[str, Any] = {}
        self.errors: list[str] = []

    def load_cached_cloud(self) -> None:
        path = self.paths.cloud_cache
        if not path.exists():
            return
        try:
            self.cloud = read_jsonc_object(path)
            LOG.info("using cached cloud agent config from %s", path)
        except AgentConfigError as exc:
            LOG.error("ignoring cloud cache: %s", exc)
            self.errors.append(str(exc))

    def store_cloud(self, settings: dict[str, Any]) -> bool:
        """Remember a fresh cloud answer; returns True when it differs from the cached one."""
        if settings == self.cloud:
            return False
        self.cloud = settings
        atomic_write_json(self.paths.cloud_cache, settings)
        return True

    def effective(self) -> dict[str, Any]:
        self.errors = []
        merged = copy.deepcopy(DEFAULTS)
        if self.paths.defaults_config.exists():
            try:
                merged = deep_merge(merged, read_jsonc_object(self.paths.defaults_config))
            except AgentConfigError as exc:
                LOG.error("ignoring manufacturer defaults: %s", exc)
                self.errors.append(str(exc))
        merged = deep_merge(merged, load_machine_info(self.paths.machine_config).agent)
        return deep_merge(merged, self.cloud)


def number(settings: dict[str, Any], section: str, key: str) -> float:
    """A numeric setting, falling back to the built-in default when the value is unusable."""
    value = settings.get(section, {}).get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        LOG.warning("%s.%s=%r is not a number; using %r", section, key, value, DEFAULTS[section][key])
        return float(DEFAULTS[section][key])
    return float(value)
