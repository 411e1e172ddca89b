"""NetworkManager connection profiles as plain dicts: the hotspot, user networks, extra networks.

Pure functions so the exact settings are unit-testable without D-Bus; ``nm.to_dbus_settings``
adds the D-Bus types.
"""

from __future__ import annotations

import ipaddress
import socket
import uuid
from typing import Any

from provisioning.errors import InvalidInputError
from provisioning.settings import HOTSPOT_ADDRESS, HOTSPOT_PREFIX_LEN, AdditionalNetwork

Profile = dict[str, dict[str, Any]]

HOTSPOT_ID = "viam-hotspot"
USER_ID_PREFIX = "viam-wifi-"
EXTRA_ID_PREFIX = "viam-"
POWERSAVE_DISABLE = 2  # NM_SETTING_WIRELESS_POWERSAVE_DISABLE
MAX_SSID_BYTES = 32


def hotspot_ssid(prefix: str, hostname: str) -> str:
    """``<prefix>-<hostname>`` cut to 32 bytes without splitting a UTF-8 character."""
    raw = f"{prefix}-{hostname}".encode()
    cut = raw[:MAX_SSID_BYTES]
    return cut.decode("utf-8", "ignore")


def hotspot_profile(ssid: str, password: str, interface: str = "") -> Profile:
    """Access-point mode, WPA2-PSK (CCMP), shared IPv4 on 10.42.0.1/24, never the default route."""
    connection: dict[str, Any] = {
        "id": HOTSPOT_ID,
        "uuid": str(uuid.uuid4()),
        "type": "802-11-wireless",
        "autoconnect": False,
    }
    if interface:
        connection["interface-name"] = interface
    return {
        "connection": connection,
        "802-11-wireless": {"ssid": ssid.encode(), "mode": "ap", "powersave": POWERSAVE_DISABLE},
        "802-11-wireless-security": {
            "key-mgmt": "wpa-psk",
            "psk": password,
            "proto": ["rsn"],
            "pairwise": ["ccmp"],
            "group": ["ccmp"],
        },
        "ipv4": {
            "method": "shared",
            "address-data": [{"address": HOTSPOT_ADDRESS, "prefix": HOTSPOT_PREFIX_LEN}],
            "never-default": True,
        },
        "ipv6": {"method": "disabled"},
    }


def validate_wifi(ssid: str, psk: str) -> None:
    """Reject what NM would reject later, with a message a user can act on."""
    if not ssid or not ssid.strip():
        raise InvalidInputError("ssid: choose or type a network name")
    if len(ssid.encode()) > MAX_SSID_BYTES:
        raise InvalidInputError(f"ssid: at most {MAX_SSID_BYTES} bytes, got {len(ssid.encode())}")
    if any(ord(c) < 32 for c in ssid):
        raise InvalidInputError("ssid: control characters are not allowed")
    if psk and not (8 <= len(psk) <= 63 or (len(psk) == 64 and all(c in "0123456789abcdefABCDEF" for c in psk))):
        raise InvalidInputError("password: a WPA password has 8 to 63 characters (or 64 hex digits)")


def wifi_profile(
    ssid: str,
    psk: str,
    *,
    priority: int,
    hidden: bool = False,
    connection_id: str = "",
    interface: str = "",
    power_save_off: bool = False,
) -> Profile:
    """A client (infrastructure) Wi-Fi profile; open when ``psk`` is empty."""
    validate_wifi(ssid, psk)
    connection: dict[str, Any] = {
        "id": connection_id or USER_ID_PREFIX + ssid,
        "uuid": str(uuid.uuid4()),
        "type": "802-11-wireless",
        "autoconnect": True,
        "autoconnect-priority": priority,
    }
    if interface:
        connection["interface-name"] = interface
    wireless: dict[str, Any] = {"ssid": ssid.encode(), "mode": "infrastructure"}
    if hidden:
        wireless["hidden"] = True
    if power_save_off:
        wireless["powersave"] = POWERSAVE_DISABLE
    profile: Profile = {
        "connection": connection,
        "802-11-wireless": wireless,
        "ipv4": {"method": "auto"},
        "ipv6": {"method": "auto"},
    }
    if psk:
        profile["802-11-wireless-security"] = {"key-mgmt": "wpa-psk", "psk": psk}
    return profile


def additional_profile(net: AdditionalNetwork, *, power_save_off: bool = False) -> Profile:
    """Profile for a manufacturer/cloud network: wifi or wired, DHCP or static IPv4."""
    cid = EXTRA_ID_PREFIX + net.name
    if net.type == "wifi":
        profile = wifi_profile(
            net.ssid,
            net.psk,
            priority=net.priority,
            connection_id=cid,
            interface=net.interface,
            power_save_off=power_save_off,
        )
    else:
        connection: dict[str, Any] = {
            "id": cid,
            "uuid": str(uuid.uuid4()),
            "type": "802-3-ethernet",
            "autoconnect": True,
            "autoconnect-priority": net.priority,
        }
        if net.interface:
            connection["interface-name"] = net.interface
        profile = {
            "connection": connection,
            "802-3-ethernet": {},
            "ipv4": {"method": "auto"},
            "ipv6": {"method": "auto"},
        }
    if net.ipv4_address:
        iface = ipaddress.IPv4Interface(net.ipv4_address)
        ipv4: dict[str, Any] = {
            "method": "manual",
            "address-data": [{"address": str(iface.ip), "prefix": iface.network.prefixlen}],
        }
        if net.ipv4_gateway:
            ipv4["gateway"] = net.ipv4_gateway
        if net.ipv4_dns:
            # NM's legacy "dns" key: IPv4 addresses as uint32 in network byte order.
            ipv4["dns"] = [int.from_bytes(socket.inet_aton(d), "little") for d in net.ipv4_dns]
        profile["ipv4"] = ipv4
    if net.ipv4_route_metric is not None:
        profile["ipv4"]["route-metric"] = net.ipv4_route_metric
    return profile
