"""Networking settings read from ``viam-defaults.json`` (or the cloud's agent config).

Keys follow viam-agent's ``network_configuration`` names so one defaults file serves both. Timer
values are minutes and may be fractions (tests use a few hundred milliseconds).
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from provisioning.errors import SettingsError

LOG = logging.getLogger(__name__)

HOTSPOT_ADDRESS = "10.42.0.1"
HOTSPOT_PREFIX_LEN = 24
NEW_NETWORK_PRIORITY = 999


@dataclass(frozen=True)
class AdditionalNetwork:
    """A network the manufacturer or cloud config adds beside the user's own (wifi or wired)."""

    name: str
    type: str = "wifi"  # "wifi" or "wired"
    ssid: str = ""
    psk: str = ""
    priority: int = 0
    interface: str = ""
    ipv4_address: str = ""  # CIDR, e.g. "192.168.1.50/24"; empty means DHCP
    ipv4_gateway: str = ""
    ipv4_dns: tuple[str, ...] = ()
    ipv4_route_metric: int | None = None


@dataclass(frozen=True)
class NetworkingSettings:
    """Everything the networking subsystem reads from its defaults."""

    manufacturer: str = "viam"
    model: str = "custom"
    fragment_id: str = ""
    hotspot_prefix: str = "viam-setup"
    hotspot_password: str = "viamsetup"
    hotspot_interface: str = ""  # empty: the first Wi-Fi device
    disable_captive_portal_redirect: bool = False
    disable_bt_provisioning: bool = False
    disable_wifi_provisioning: bool = False  # provisioning mode without the hotspot (BLE only)
    roaming_mode: bool = False
    offline_before_starting_hotspot_minutes: float = 2
    user_idle_minutes: float = 5
    retry_connection_timeout_minutes: float = 10
    device_reboot_after_offline_minutes: float = 0
    connect_timeout_seconds: float = 60
    poll_interval_seconds: float = 1.0
    scan_interval_seconds: float = 30.0
    wifi_power_save: bool | None = None  # None: off on Raspberry Pi, untouched elsewhere
    connectivity_check_uri: str = "http://nmcheck.gnome.org/check_network_status.txt"
    bind_address: str = HOTSPOT_ADDRESS
    portal_port: int = 80
    grpc_port: int = 4772
    dns_port: int = 53
    additional_networks: tuple[AdditionalNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def from_defaults(cls, defaults: Mapping[str, Any] | None) -> NetworkingSettings:
        """``parse`` with each problem logged as a warning (the subsystem always gets settings)."""
        settings, problems = cls.parse(defaults)
        for problem in problems:
            LOG.warning("networking setting ignored, default used: %s", problem)
        return settings

    @classmethod
    def parse(cls, defaults: Mapping[str, Any] | None) -> tuple[NetworkingSettings, list[str]]:
        """Read ``network_configuration`` and ``additional_networks`` from a defaults document.

        Accepts both the nested viam-defaults layout and a flat mapping of the same keys. A bad
        value costs only its own key (the default is used, and the problem is returned, naming
        the key), and a bad additional network only itself, as the reference agent does: one typo
        must never take the whole networking subsystem, and with it re-provisioning, away.
        """
        defaults = dict(defaults or {})
        if "network_configuration" in defaults:  # the agent's merged settings: read only our section
            section = dict(defaults.get("network_configuration") or {})
        else:
            section = {k: v for k, v in defaults.items() if k != "additional_networks"}
        merged = dict(section)
        if "turn_on_hotspot_if_wifi_has_no_internet" in merged and "roaming_mode" not in merged:
            merged["roaming_mode"] = merged.pop("turn_on_hotspot_if_wifi_has_no_internet")
        problems: list[str] = []
        kwargs: dict[str, Any] = {}
        for name, f in cls.__dataclass_fields__.items():
            if name == "additional_networks" or name not in merged:
                continue
            try:
                kwargs[name] = _coerce(name, merged[name], f.type)
            except SettingsError as exc:
                problems.append(str(exc))
        password = kwargs.get("hotspot_password")
        if password is not None and not 8 <= len(password) <= 63:
            problems.append("network_configuration.hotspot_password: WPA2 needs 8 to 63 characters, "
                            f"got {len(password)}")
            del kwargs["hotspot_password"]
        nets = defaults.get("additional_networks", section.get("additional_networks")) or {}
        kwargs["additional_networks"] = tuple(_parse_networks(nets, problems))
        return cls(**kwargs), problems


_GO_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_GO_UNIT_S = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def go_duration_s(text: str) -> float:
    """Seconds in a Go duration string ("90s", "1h30m", "2.5m"), as the reference agent's config takes."""
    body = text.strip()
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    if body == "0":
        return 0.0
    total, pos = 0.0, 0
    for match in _GO_DURATION.finditer(body):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _GO_UNIT_S[match.group(2)]
        pos = match.end()
    if pos != len(body) or not body:
        raise ValueError(f"invalid duration {text!r} (use minutes as a number, or a Go duration like '3m' or '90s')")
    return sign * total


def _coerce(name: str, value: Any, type_name: Any) -> Any:
    kind = str(type_name)
    try:
        if kind.startswith("bool") and " | None" in kind:
            return None if value is None else _as_bool(value)
        if kind == "bool":
            return _as_bool(value)
        if kind == "float":
            if isinstance(value, bool):
                raise TypeError("expected a number")
            if isinstance(value, str) and name.endswith("_minutes"):
                return go_duration_s(value) / 60.0  # the reference's Timeout: number = minutes, or "3m"
            if isinstance(value, str) and name.endswith("_seconds"):
                return go_duration_s(value)
            number = float(value)
            if number != number or number in (float("inf"), float("-inf")) or number < 0:
                raise ValueError("expected a finite, non-negative number")
            return number
        if kind == "int":
            if isinstance(value, bool):
                raise TypeError("expected an integer")
            return int(value)
        if kind == "str":
            if not isinstance(value, str):
                raise TypeError("expected a string")
            return value
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"network_configuration.{name}: {exc} (got {value!r})") from exc
    return value


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError("expected true or false")


def _parse_networks(nets: Any, problems: list[str]) -> list[AdditionalNetwork]:
    if isinstance(nets, list):  # also accept a list of objects that carry their own name
        nets = {str(n.get("name", f"network{i}")) if isinstance(n, Mapping) else f"network{i}": n
                for i, n in enumerate(nets)}
    if not isinstance(nets, Mapping):
        problems.append("additional_networks: expected an object of name -> network")
        return []
    out = []
    for name, raw in nets.items():
        try:
            out.append(_parse_network(str(name), raw))
        except SettingsError as exc:
            problems.append(f"{exc} (this network is skipped)")
    return out


def _parse_network(name: str, raw: Any) -> AdditionalNetwork:
    where = f"additional_networks.{name}"
    if not isinstance(raw, Mapping):
        raise SettingsError(f"{where}: expected an object")
    kind = str(raw.get("type", "wifi"))
    if kind not in ("wifi", "wired"):
        raise SettingsError(f"{where}.type: expected 'wifi' or 'wired', got {kind!r}")
    if kind == "wifi" and not raw.get("ssid"):
        raise SettingsError(f"{where}.ssid: a wifi network needs an ssid")
    address = str(raw.get("ipv4_address", ""))
    if address:
        try:
            ipaddress.IPv4Interface(address)
        except ValueError as exc:
            raise SettingsError(f"{where}.ipv4_address: {exc}") from exc
        if "/" not in address:
            raise SettingsError(f"{where}.ipv4_address: give a prefix length, e.g. {address}/24")
    dns = raw.get("ipv4_dns", ())
    if isinstance(dns, str):
        dns = [dns]
    try:
        for entry in dns:
            ipaddress.IPv4Address(entry)
        if raw.get("ipv4_gateway"):
            ipaddress.IPv4Address(raw["ipv4_gateway"])
        priority = int(raw.get("priority", 0))
        metric = raw.get("ipv4_route_metric")
        metric = None if metric is None else int(metric)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{where}: {exc}") from exc
    return AdditionalNetwork(
        name=name,
        type=kind,
        ssid=str(raw.get("ssid", "")),
        psk=str(raw.get("psk", "")),
        priority=priority,
        interface=str(raw.get("interface", "")),
        ipv4_address=address,
        ipv4_gateway=str(raw.get("ipv4_gateway", "")),
        ipv4_dns=tuple(str(d) for d in dns),
        ipv4_route_metric=metric,
    )
