"""The one wrapper around NetworkManager's D-Bus API.

Client library: dbus-fast. It is asyncio-native (the agent is one event loop), pure Python with
optional C speed-ups, maintained, and needs neither dbus-python nor GLib. python-networkmanager
is unmaintained, wraps the blocking dbus-python and does not build here. Calls are made with
explicit signatures (no introspection round trips), which keeps them fast and lets the test
mock (python-dbusmock's template) answer without full introspection data.

Nothing outside this module talks D-Bus: the state machine sees plain dataclasses and dicts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from dbus_fast import BusType, Message, MessageType, Variant
from dbus_fast.aio import MessageBus

from provisioning.errors import NetworkManagerError

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
SETTINGS_PATH = "/org/freedesktop/NetworkManager/Settings"
NM_IFACE = "org.freedesktop.NetworkManager"
SETTINGS_IFACE = "org.freedesktop.NetworkManager.Settings"
CONNECTION_IFACE = "org.freedesktop.NetworkManager.Settings.Connection"
DEVICE_IFACE = "org.freedesktop.NetworkManager.Device"
WIRELESS_IFACE = "org.freedesktop.NetworkManager.Device.Wireless"
AP_IFACE = "org.freedesktop.NetworkManager.AccessPoint"
ACTIVE_IFACE = "org.freedesktop.NetworkManager.Connection.Active"
PROPS_IFACE = "org.freedesktop.DBus.Properties"

# NMState, NMConnectivityState, NMActiveConnectionState, NMDeviceType values.
STATE_CONNECTED_GLOBAL = 70
CONNECTIVITY_FULL = 4
ACTIVE_ACTIVATING = 1
ACTIVE_ACTIVATED = 2
ACTIVE_DEACTIVATED = 4
DEVICE_TYPE_ETHERNET = 1
DEVICE_TYPE_WIFI = 2

# NMDeviceStateReason codes worth telling a user about.
DEVICE_REASONS = {
    7: "wrong password (no secrets)",
    8: "the access point rejected the connection (wrong password?)",
    9: "Wi-Fi supplicant configuration failed",
    10: "Wi-Fi supplicant failed",
    11: "timed out authenticating (wrong password?)",
    5: "no IP address from DHCP",
    53: "network not found",
}

# D-Bus types for settings keys whose type cannot be inferred from the Python value.
_SIGNATURES: dict[tuple[str, str], str] = {
    ("802-11-wireless", "powersave"): "u",
    ("ipv4", "route-metric"): "x",
    ("ipv4", "dns"): "au",
    ("ipv6", "route-metric"): "x",
}


@dataclass(frozen=True)
class Device:
    path: str
    interface: str
    device_type: int


@dataclass(frozen=True)
class AccessPoint:
    path: str
    ssid: str
    strength: int  # percent, 0-100
    flags: int
    wpa_flags: int
    rsn_flags: int


@dataclass(frozen=True)
class Connection:
    path: str
    settings: dict[str, dict[str, Any]]

    @property
    def id(self) -> str:
        return str(self.settings.get("connection", {}).get("id", ""))

    @property
    def ssid(self) -> str:
        raw = self.settings.get("802-11-wireless", {}).get("ssid", b"")
        return bytes(raw).decode("utf-8", "replace")


@dataclass(frozen=True)
class ActiveConnection:
    path: str
    connection: str
    id: str
    type: str
    state: int
    devices: tuple[str, ...]


def to_dbus_settings(settings: dict[str, dict[str, Any]]) -> dict[str, dict[str, Variant]]:
    """Wrap plain settings (``{"ipv4": {"method": "shared"}}``) in typed D-Bus variants."""
    out: dict[str, dict[str, Variant]] = {}
    for group, values in settings.items():
        out[group] = {}
        for key, value in values.items():
            sig = _signature(group, key, value)
            if sig == "aa{sv}":  # address-data style: the inner values are variants too
                value = [{k: Variant("u" if isinstance(v, int) else "s", v) for k, v in d.items()} for d in value]
            out[group][key] = Variant(sig, value)
    return out


def _signature(group: str, key: str, value: Any) -> str:
    if (group, key) in _SIGNATURES:
        return _SIGNATURES[(group, key)]
    if isinstance(value, bool):
        return "b"
    if isinstance(value, int):
        return "i"
    if isinstance(value, str):
        return "s"
    if isinstance(value, bytes | bytearray):
        return "ay"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "aa{sv}"
        if value and isinstance(value[0], int):
            return "au"
        return "as"
    raise NetworkManagerError(f"no D-Bus type for setting {group}.{key}={value!r}")


def plain(value: Any) -> Any:
    """Unwrap D-Bus variants recursively into plain Python values."""
    if isinstance(value, Variant):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class NetworkManagerClient:
    """Async NetworkManager client over one system-bus connection.

    Args:
        bus_address: D-Bus address to use instead of the system bus (tests point it at a
            private bus); ``None`` honours ``DBUS_SYSTEM_BUS_ADDRESS`` or the default socket.
    """

    def __init__(self, bus_address: str | None = None) -> None:
        self._bus_address = bus_address
        self._bus: MessageBus | None = None

    def __repr__(self) -> str:
        return f"NetworkManagerClient(bus={self._bus_address or 'system'}, connected={self._bus is not None})"

    async def connect(self) -> None:
        if self._bus is None:
            try:
                self._bus = await MessageBus(bus_address=self._bus_address, bus_type=BusType.SYSTEM).connect()
            except (OSError, ValueError) as exc:
                where = self._bus_address or "the system bus"
                raise NetworkManagerError(f"cannot connect to D-Bus at {where}: {exc}") from exc

    async def close(self) -> None:
        bus, self._bus = self._bus, None
        if bus is not None:
            bus.disconnect()

    async def _call(self, path: str, iface: str, member: str, signature: str = "", body: list | None = None) -> list:
        await self.connect()
        assert self._bus is not None
        msg = Message(
            destination=BUS_NAME, path=path, interface=iface, member=member, signature=signature, body=body or []
        )
        try:
            reply = await self._bus.call(msg)
        except Exception as exc:  # bus gone (daemon restarted): reconnect on the next call
            self._bus = None
            raise NetworkManagerError(f"D-Bus call {member} on {path} failed: {exc}") from exc
        if reply is None:
            return []
        if reply.message_type == MessageType.ERROR:
            detail = reply.body[0] if reply.body else ""
            raise NetworkManagerError(
                f"NetworkManager {iface.rsplit('.', 1)[-1]}.{member} on {path} failed: {reply.error_name}: {detail}",
                dbus_error=reply.error_name or "",
            )
        return reply.body

    async def _get(self, path: str, iface: str, prop: str) -> Any:
        (value,) = await self._call(path, PROPS_IFACE, "Get", "ss", [iface, prop])
        return plain(value)

    # --- manager ---------------------------------------------------------------------------

    async def state(self) -> int:
        return int(await self._get(NM_PATH, NM_IFACE, "State"))

    async def connectivity(self, *, check: bool = False) -> int:
        """NM's last connectivity result; with ``check``, asks NM for a fresh check first."""
        if not check:
            return int(await self._get(NM_PATH, NM_IFACE, "Connectivity"))
        try:
            (value,) = await self._call(NM_PATH, NM_IFACE, "CheckConnectivity")
            return int(value)
        except NetworkManagerError as exc:  # checking disabled: the property still holds a value
            log.debug("CheckConnectivity unavailable (%s); reading the property", exc)
            return int(await self._get(NM_PATH, NM_IFACE, "Connectivity"))

    async def reload(self) -> None:
        """Make NM re-read its configuration files (our drop-ins)."""
        await self._call(NM_PATH, NM_IFACE, "Reload", "u", [0])

    async def devices(self) -> list[Device]:
        (paths,) = await self._call(NM_PATH, NM_IFACE, "GetDevices")
        out = []
        for path in paths:
            out.append(
                Device(
                    path=path,
                    interface=str(await self._get(path, DEVICE_IFACE, "Interface")),
                    device_type=int(await self._get(path, DEVICE_IFACE, "DeviceType")),
                )
            )
        return out

    async def device_state_reason(self, device: str) -> tuple[int, int]:
        state, reason = await self._get(device, DEVICE_IFACE, "StateReason")
        return int(state), int(reason)

    # --- Wi-Fi -----------------------------------------------------------------------------

    async def request_scan(self, device: str) -> None:
        await self._call(device, WIRELESS_IFACE, "RequestScan", "a{sv}", [{}])

    async def access_points(self, device: str) -> list[AccessPoint]:
        (paths,) = await self._call(device, WIRELESS_IFACE, "GetAllAccessPoints")
        out = []
        for path in paths:
            try:
                (props,) = await self._call(path, PROPS_IFACE, "GetAll", "s", [AP_IFACE])
            except NetworkManagerError:  # vanished between listing and reading
                continue
            p = plain(props)
            out.append(
                AccessPoint(
                    path=path,
                    ssid=bytes(p.get("Ssid", b"")).decode("utf-8", "replace"),
                    strength=int(p.get("Strength", 0)),
                    flags=int(p.get("Flags", 0)),
                    wpa_flags=int(p.get("WpaFlags", 0)),
                    rsn_flags=int(p.get("RsnFlags", 0)),
                )
            )
        return out

    # --- saved connections -----------------------------------------------------------------

    async def connections(self) -> list[Connection]:
        (paths,) = await self._call(SETTINGS_PATH, SETTINGS_IFACE, "ListConnections")
        out = []
        for path in paths:
            try:
                (settings,) = await self._call(path, CONNECTION_IFACE, "GetSettings")
            except NetworkManagerError:
                continue
            out.append(Connection(path=path, settings=plain(settings)))
        return out

    async def add_connection(self, settings: dict[str, dict[str, Any]]) -> str:
        """Save a new connection profile (to disk) and return its object path."""
        (path,) = await self._call(
            SETTINGS_PATH, SETTINGS_IFACE, "AddConnection", "a{sa{sv}}", [to_dbus_settings(settings)]
        )
        return path

    async def delete_connection(self, path: str) -> None:
        await self._call(path, CONNECTION_IFACE, "Delete")

    # --- activation ------------------------------------------------------------------------

    async def activate(self, connection: str, device: str = "/", specific: str = "/") -> str:
        (active,) = await self._call(NM_PATH, NM_IFACE, "ActivateConnection", "ooo", [connection, device, specific])
        return active

    async def deactivate(self, active: str) -> None:
        await self._call(NM_PATH, NM_IFACE, "DeactivateConnection", "o", [active])

    async def active_connections(self) -> list[ActiveConnection]:
        paths = await self._get(NM_PATH, NM_IFACE, "ActiveConnections")
        out = []
        for path in paths:
            try:
                (props,) = await self._call(path, PROPS_IFACE, "GetAll", "s", [ACTIVE_IFACE])
            except NetworkManagerError:
                continue
            p = plain(props)
            out.append(
                ActiveConnection(
                    path=path,
                    connection=str(p.get("Connection", "/")),
                    id=str(p.get("Id", "")),
                    type=str(p.get("Type", "")),
                    state=int(p.get("State", 0)),
                    devices=tuple(p.get("Devices", ())),
                )
            )
        return out

    async def active_state(self, active: str) -> int | None:
        """State of an active connection, or ``None`` once NM has dropped it."""
        try:
            return int(await self._get(active, ACTIVE_IFACE, "State"))
        except NetworkManagerError:
            return None
