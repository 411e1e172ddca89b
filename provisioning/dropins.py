"""NetworkManager and dnsmasq drop-in files, written idempotently under the agent's root.

Each writer returns True when it changed a file, so the caller reloads NM only when needed.
"""

from __future__ import annotations

import configparser
import logging
import os
import shutil
import subprocess
from pathlib import Path

from provisioning.settings import HOTSPOT_ADDRESS
from viam.files import atomic_write

log = logging.getLogger(__name__)

NM_DIR = Path("etc/NetworkManager")
DNSMASQ_DROPIN = NM_DIR / "dnsmasq-shared.d/viam-captive-portal.conf"
CONNECTIVITY_DROPIN = NM_DIR / "conf.d/90-viam-connectivity.conf"
POWERSAVE_DROPIN = NM_DIR / "conf.d/90-viam-wifi-powersave.conf"


def write_if_changed(path: Path, text: str) -> bool:
    """Atomically replace ``path`` with ``text`` unless it already holds exactly that."""
    try:
        if path.read_text() == text:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, text)
    log.info("wrote %s", path)
    return True


def dnsmasq_config(*, redirect_all: bool, address: str = HOTSPOT_ADDRESS) -> str:
    """Answer every name (or only ``*.setup``) with the hotspot address so phones find the portal."""
    domain = "#" if redirect_all else "setup"
    return (
        "# Written by viam-agent provisioning; used by NetworkManager's shared-mode dnsmasq.\n"
        f"address=/{domain}/{address}\n"
    )


def write_dnsmasq_dropin(root: Path, *, redirect_all: bool) -> bool:
    return write_if_changed(root / DNSMASQ_DROPIN, dnsmasq_config(redirect_all=redirect_all))


def check_dnsmasq_config(path: Path, dnsmasq: str | None = None) -> tuple[bool, str] | None:
    """Run ``dnsmasq --test`` on ``path``; ``None`` when dnsmasq is not installed."""
    exe = (
        dnsmasq
        or shutil.which("dnsmasq")
        or next((p for p in ("/usr/sbin/dnsmasq", "/sbin/dnsmasq") if os.access(p, os.X_OK)), None)
    )
    if exe is None:
        return None
    proc = subprocess.run(
        [exe, "--test", f"--conf-file={path}"], capture_output=True, text=True, timeout=10, check=False
    )
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


def _has_connectivity_uri(root: Path) -> bool:
    files = [root / NM_DIR / "NetworkManager.conf", *sorted((root / NM_DIR / "conf.d").glob("*.conf"))]
    for f in files:
        if f.name == CONNECTIVITY_DROPIN.name:
            continue
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        try:
            parser.read(f)
        except configparser.Error:
            continue
        if parser.has_option("connectivity", "uri"):
            return True
    return False


def write_connectivity_dropin(root: Path, uri: str) -> bool:
    """Enable NM's connectivity check with ``uri`` unless the system already configures one."""
    path = root / CONNECTIVITY_DROPIN
    if _has_connectivity_uri(root):
        if path.exists():
            path.unlink()
            return True
        return False
    return write_if_changed(path, f"[connectivity]\nenabled=true\nuri={uri}\ninterval=60\n")


def write_powersave_dropin(root: Path, *, off: bool) -> bool:
    """Default every Wi-Fi connection's power save to off (it drops packets on the Pi's radio)."""
    path = root / POWERSAVE_DROPIN
    if not off:
        if path.exists():
            path.unlink()
            return True
        return False
    return write_if_changed(path, "[connection]\n# 2 = disable\nwifi.powersave=2\n")


def is_raspberry_pi(root: Path) -> bool:
    for name in ("proc/device-tree/model", "sys/firmware/devicetree/base/model"):
        try:
            if b"Raspberry Pi" in (root / name).read_bytes():
                return True
        except OSError:
            continue
    return False
