"""Scan results as the user sees them: one entry per SSID, strongest first, with security."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.nm import AccessPoint

# NM80211ApSecurityFlags / NM80211ApFlags bits.
_PRIVACY = 0x1
_KEY_MGMT_PSK = 0x100
_KEY_MGMT_8021X = 0x200
_KEY_MGMT_SAE = 0x400
_KEY_MGMT_OWE = 0x800


@dataclass(frozen=True)
class NetworkInfo:
    """One visible (or attempted) network; mirrors ``viam.provisioning.v1.NetworkInfo``."""

    ssid: str
    type: str = "wifi"
    security: str = ""
    signal: int = 0  # percent, 0-100
    connected: bool = False
    last_error: str = ""


def security_name(ap: AccessPoint) -> str:
    """Short security label: "WPA3", "WPA2", "WPA", "WPA2-Enterprise", "WEP" or "open"."""
    rsn, wpa = ap.rsn_flags, ap.wpa_flags
    if rsn & _KEY_MGMT_SAE:
        return "WPA3"
    if (rsn | wpa) & _KEY_MGMT_8021X:
        return "WPA2-Enterprise" if rsn else "WPA-Enterprise"
    if rsn:
        return "WPA2"
    if wpa:
        return "WPA"
    if ap.flags & _PRIVACY:
        return "WEP"
    return "open"


def visible_networks(aps: list[AccessPoint], *, hide: str = "", connected_ssid: str = "") -> list[NetworkInfo]:
    """Collapse access points to networks: strongest signal per SSID, sorted by signal then name."""
    best: dict[str, AccessPoint] = {}
    for ap in aps:
        if not ap.ssid or ap.ssid == hide or "\x00" in ap.ssid:
            continue
        if ap.ssid not in best or ap.strength > best[ap.ssid].strength:
            best[ap.ssid] = ap
    nets = [
        NetworkInfo(
            ssid=ap.ssid,
            security=security_name(ap),
            signal=max(0, min(100, ap.strength)),
            connected=ap.ssid == connected_ssid,
        )
        for ap in best.values()
    ]
    return sorted(nets, key=lambda n: (-n.signal, n.ssid.casefold()))
