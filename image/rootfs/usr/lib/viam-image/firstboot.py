#!/usr/bin/python3
"""Take the files a user dropped on the FAT boot partition into the system, securely.

Runs on every boot (``viam-firstboot.service``, before NetworkManager, ssh and viam-agent) so a
card taken out, given a new ``viam.json`` and put back is picked up too. One-time work (hostname,
growing the root filesystem) is guarded by markers in ``var/lib/viam-image``. Secrets never stay
on FAT: each imported file is overwritten with zeros, synced and deleted, and what happened is
written (without secrets) to ``viam-firstboot.txt`` on the boot partition for the user to read.

Uses only the standard library: it runs from the image's system Python, before any venv matters.
"""

from __future__ import annotations

import argparse
import configparser
import io
import json
import logging
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

LOG = logging.getLogger("viam-firstboot")

CREDENTIAL_FILES = {"viam.json": "etc/viam.json", "viam-defaults.json": "etc/viam-defaults.json"}
WIFI_FILE = "wifi.json"
SSH_KEY_FILES = ("authorized_keys", "ssh.pub")
SSH_MARKERS = ("ssh", "ssh.txt")
HOSTNAME_FILE = "hostname.txt"
REPORT_FILE = "viam-firstboot.txt"
ADMIN_USER = "viam"
PLACEHOLDER_HOSTNAME = "viam-pi"
_HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


class FirstBootError(Exception):
    """A dropped file could not be taken into the system; the message names the file."""


@dataclass
class System:
    """Where things are; defaults are the running machine, tests point them into a temp dir."""

    root: Path = Path("/")
    boot: Path = Path("/boot/firmware")
    serial_file: Path = Path("/proc/device-tree/serial-number")
    net_dir: Path = Path("/sys/class/net")
    live: bool = True  # act on the running system too (hostname, systemctl, growpart)
    report: list[str] = field(default_factory=list)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def note(self, message: str, *, level: int = logging.INFO) -> None:
        LOG.log(level, "%s", message)
        self.report.append(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} {message}")


# -- file helpers -------------------------------------------------------------------------------


def write_secure(path: Path, data: bytes, mode: int = 0o600, uid: int = 0, gid: int = 0) -> None:
    """Write ``data`` atomically with ``mode`` set before any byte is written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.firstboot")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
        os.fchmod(fd, mode)
        if os.geteuid() == 0:
            os.fchown(fd, uid, gid)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def shred_and_remove(path: Path) -> None:
    """Overwrite a file on the FAT partition with zeros, sync it, and delete it."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.write(b"\0" * size)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def find_dropped(boot: Path, name: str) -> Path | None:
    """Find ``name`` on the boot partition, ignoring case as FAT users expect."""
    if not boot.is_dir():
        return None
    for entry in boot.iterdir():
        if entry.name.lower() == name.lower() and entry.is_file():
            return entry
    return None


# -- credentials ----------------------------------------------------------------------------------


def import_credentials(system: System) -> list[str]:
    """Move viam.json / viam-defaults.json to /etc (root, 0600); return the names imported."""
    imported = []
    for name, target in CREDENTIAL_FILES.items():
        source = find_dropped(system.boot, name)
        if source is None:
            continue
        data = source.read_bytes()
        if name == "viam.json":
            try:
                json.loads(data)
            except ValueError as exc:
                system.note(f"{name}: not valid JSON ({exc}); installed anyway, viam-agent will report it",
                            level=logging.WARNING)
        write_secure(system.path(target), data)
        shred_and_remove(source)
        system.note(f"{name}: moved to /{target} (mode 0600) and erased from the boot partition")
        imported.append(name)
    return imported


# -- Wi-Fi ---------------------------------------------------------------------------------------


def wifi_networks(data: bytes) -> tuple[str | None, list[dict]]:
    """Parse wifi.json: one network object, a list, or ``{"country": .., "networks": [..]}``."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise FirstBootError(f"{WIFI_FILE}: not valid JSON ({exc})") from None
    country = None
    if isinstance(doc, dict) and "networks" in doc:
        country = doc.get("country")
        doc = doc["networks"]
    networks = doc if isinstance(doc, list) else [doc]
    for index, net in enumerate(networks):
        if not isinstance(net, dict) or not isinstance(net.get("ssid"), str) or not net["ssid"]:
            raise FirstBootError(f"{WIFI_FILE}: networks[{index}].ssid must be a non-empty string")
        if len(net["ssid"].encode()) > 32:
            raise FirstBootError(f"{WIFI_FILE}: networks[{index}].ssid is longer than 32 bytes")
        psk = net.get("psk", net.get("password"))
        if psk is not None and not (isinstance(psk, str) and 8 <= len(psk) <= 64):
            raise FirstBootError(f"{WIFI_FILE}: networks[{index}].psk must be 8..63 characters (or 64 hex)")
    return country, networks


def nm_keyfile(net: dict) -> str:
    """Render one network as a NetworkManager keyfile."""
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.optionxform = str  # keep key case
    ssid = net["ssid"]
    cfg["connection"] = {
        "id": f"viam-wifi-{ssid}",
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"viam-image-wifi:{ssid}")),
        "type": "wifi",
        "autoconnect": "true",
        "autoconnect-priority": str(int(net.get("priority", 10))),
    }
    cfg["wifi"] = {"mode": "infrastructure", "ssid": ssid, "hidden": "true" if net.get("hidden") else "false"}
    psk = net.get("psk", net.get("password"))
    if psk:
        cfg["wifi-security"] = {"key-mgmt": "wpa-psk", "psk": psk}
    cfg["ipv4"] = {"method": "auto"}
    cfg["ipv6"] = {"method": "auto", "addr-gen-mode": "default"}
    out = io.StringIO()
    cfg.write(out, space_around_delimiters=False)
    return out.getvalue()


def import_wifi(system: System) -> int:
    """Turn wifi.json into NetworkManager connections (0600); return how many were written."""
    source = find_dropped(system.boot, WIFI_FILE)
    if source is None:
        return 0
    try:
        country, networks = wifi_networks(source.read_bytes())
    except FirstBootError as exc:
        shred_and_remove(source)
        system.note(f"{exc}; erased it, fix it and drop it again", level=logging.ERROR)
        return 0
    for net in networks:
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", net["ssid"])
        target = system.path(f"etc/NetworkManager/system-connections/viam-wifi-{name}.nmconnection")
        write_secure(target, nm_keyfile(net).encode())
    if country:
        write_secure(system.path("etc/default/crda"), f"REGDOMAIN={country}\n".encode(), mode=0o644)
        if system.live:
            subprocess.run(["iw", "reg", "set", str(country)], check=False)
    shred_and_remove(source)
    system.note(f"{WIFI_FILE}: {len(networks)} network(s) saved for NetworkManager (mode 0600), file erased")
    return len(networks)


# -- SSH ------------------------------------------------------------------------------------------


def _user_ids(system: System, user: str) -> tuple[int, int, Path] | None:
    passwd = system.path("etc/passwd")
    if not passwd.exists():
        return None
    for line in passwd.read_text().splitlines():
        parts = line.split(":")
        if len(parts) >= 6 and parts[0] == user:
            return int(parts[2]), int(parts[3]), Path(parts[5])
    return None


def import_ssh(system: System) -> bool:
    """Install a dropped public key for the admin user and enable sshd; return True if enabled."""
    key_file = next((f for f in (find_dropped(system.boot, n) for n in SSH_KEY_FILES) if f), None)
    marker = next((f for f in (find_dropped(system.boot, n) for n in SSH_MARKERS) if f), None)
    if key_file is None and marker is None:
        return False
    ids = _user_ids(system, ADMIN_USER)
    if ids is None:
        system.note(f"ssh: user {ADMIN_USER!r} is missing from /etc/passwd; ssh left off", level=logging.ERROR)
        return False
    uid, gid, home = ids
    auth = system.path(str(home).lstrip("/")) / ".ssh" / "authorized_keys"
    if key_file is not None:
        keys = [line for line in key_file.read_text(errors="replace").splitlines() if line.strip()]
        if not keys or not all(re.match(r"^(ssh-|ecdsa-|sk-)", k.strip()) for k in keys):
            system.note(f"{key_file.name}: not an OpenSSH public key list; ssh left off", level=logging.ERROR)
            key_file.unlink()
            return False
        existing = auth.read_text().splitlines() if auth.exists() else []
        merged = existing + [k for k in keys if k not in existing]
        auth.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(auth.parent, 0o700)
        if os.geteuid() == 0:
            os.chown(auth.parent, uid, gid)
        write_secure(auth, ("\n".join(merged) + "\n").encode(), mode=0o600, uid=uid, gid=gid)
        key_file.unlink()
        system.note(f"ssh: {len(keys)} key(s) installed for user {ADMIN_USER!r}")
    if marker is not None:
        marker.unlink()
    if not auth.exists():
        system.note("ssh: asked for but no public key was given (the image has no passwords); ssh left off",
                    level=logging.WARNING)
        return False
    enable_ssh(system)
    return True


def enable_ssh(system: System) -> None:
    """Enable (and, live, start) sshd; it makes this machine's own host keys on its first start."""
    if system.live:
        # Host keys are made by ssh.service's ExecStartPre (drop-in 50-viam-hostkeys.conf).
        subprocess.run(["systemctl", "enable", "--now", "--no-block", "ssh.service"], check=False)
    else:
        wants = system.path("etc/systemd/system/multi-user.target.wants")
        wants.mkdir(parents=True, exist_ok=True)
        link = wants / "ssh.service"
        if not link.is_symlink():
            link.symlink_to("/lib/systemd/system/ssh.service")
    system.note("ssh: enabled (key login only)")


# -- hostname -------------------------------------------------------------------------------------


def machine_suffix(system: System) -> str:
    """A stable per-board id: the SoC serial number, else the first wired/wireless MAC."""
    try:
        serial = system.serial_file.read_bytes().strip(b"\0\n ").decode(errors="ignore")
        serial = re.sub(r"[^0-9a-fA-F]", "", serial).lower().lstrip("0")
        if serial:
            return serial[-8:].rjust(8, "0")
    except OSError:
        pass
    if system.net_dir.is_dir():
        for iface in sorted(system.net_dir.iterdir()):
            if iface.name == "lo":
                continue
            try:
                mac = (iface / "address").read_text().strip().lower()
            except OSError:
                continue
            digits = mac.replace(":", "")
            if digits and set(digits) != {"0"}:
                return digits[-6:]
    machine_id = system.path("etc/machine-id")
    if machine_id.exists() and machine_id.read_text().strip():
        return machine_id.read_text().strip()[:8]
    return uuid.uuid4().hex[:8]


def choose_hostname(system: System) -> str:
    source = find_dropped(system.boot, HOSTNAME_FILE)
    if source is not None:
        wanted = source.read_text(errors="replace").strip().lower()
        source.unlink()
        if _HOSTNAME.match(wanted):
            return wanted
        system.note(f"{HOSTNAME_FILE}: {wanted!r} is not a valid hostname (a-z, 0-9, '-', up to 63); ignored",
                    level=logging.WARNING)
    return f"viam-{machine_suffix(system)}"


def set_hostname(system: System) -> str | None:
    """Give the machine a unique hostname once (or when hostname.txt asks for a new one)."""
    current = system.path("etc/hostname").read_text().strip() if system.path("etc/hostname").exists() else ""
    if current and current != PLACEHOLDER_HOSTNAME and find_dropped(system.boot, HOSTNAME_FILE) is None:
        return None
    name = choose_hostname(system)
    write_secure(system.path("etc/hostname"), f"{name}\n".encode(), mode=0o644)
    hosts = system.path("etc/hosts")
    lines = hosts.read_text().splitlines() if hosts.exists() else ["127.0.0.1\tlocalhost"]
    lines = [line for line in lines if not line.startswith("127.0.1.1")] + [f"127.0.1.1\t{name}"]
    write_secure(hosts, ("\n".join(lines) + "\n").encode(), mode=0o644)
    if system.live:
        subprocess.run(["hostname", name], check=False)
    system.note(f"hostname: set to {name}")
    return name


# -- growing the root filesystem ------------------------------------------------------------------


def grow_root(system: System) -> bool:
    """Grow the root partition and its ext4 filesystem to fill the card (once)."""
    marker = system.path("var/lib/viam-image/rootfs-grown")
    if marker.exists() or not system.live:
        return False
    source = subprocess.run(["findmnt", "-n", "-o", "SOURCE", "/"], capture_output=True, text=True).stdout.strip()
    device = Path(os.path.realpath(source)) if source.startswith("/dev/") else None
    sys_block = Path("/sys/class/block") / device.name if device else None
    if not sys_block or not (sys_block / "partition").exists():
        system.note(f"grow: root is {source!r}, not a partition; left as it is", level=logging.WARNING)
        return False
    number = (sys_block / "partition").read_text().strip()
    disk = "/dev/" + Path(os.path.realpath(sys_block)).parent.name
    grow = subprocess.run(["growpart", disk, number], capture_output=True, text=True)
    if grow.returncode not in (0, 1):  # 1 = NOCHANGE
        system.note(f"grow: growpart {disk} {number} failed: {grow.stdout.strip()} {grow.stderr.strip()}",
                    level=logging.ERROR)
        return False
    resize = subprocess.run(["resize2fs", str(device)], capture_output=True, text=True)
    if resize.returncode != 0:
        system.note(f"grow: resize2fs {device} failed: {resize.stderr.strip()}", level=logging.ERROR)
        return False
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"{disk} {number}\n")
    system.note(f"grow: {device} now fills {disk}")
    return True


# -- main -----------------------------------------------------------------------------------------


def write_report(system: System) -> None:
    if not system.report or not system.boot.is_dir():
        return
    report = system.boot / REPORT_FILE
    try:
        previous = report.read_text() if report.exists() else ""
        report.write_text(previous + "\n".join(system.report) + "\n")
    except OSError as exc:
        LOG.warning("cannot write %s: %s", report, exc)


def ensure_boot_mounted(system: System) -> None:
    """Mount the boot partition if systemd has not (its device may have been slow to appear)."""
    if not system.live or os.path.ismount(system.boot):
        return
    result = subprocess.run(["mount", str(system.boot)], capture_output=True, text=True)
    if result.returncode == 0:
        LOG.info("mounted %s", system.boot)
    else:
        LOG.error("boot partition %s is not mounted and `mount` failed: %s; files dropped there were not "
                  "imported", system.boot, result.stderr.strip())


def run(system: System) -> int:
    """Do every first-boot step; a failing step is reported and the others still run."""
    failures = 0
    ensure_boot_mounted(system)
    for step in (import_credentials, import_wifi, import_ssh, set_hostname, grow_root):
        try:
            step(system)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            failures += 1
            system.note(f"{step.__name__}: {exc}", level=logging.ERROR)
    write_report(system)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/"))
    parser.add_argument("--boot", type=Path, default=None, help="boot partition (default ROOT/boot/firmware)")
    parser.add_argument("--offline", action="store_true", help="only touch files under --root")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    boot = args.boot or args.root / "boot/firmware"
    live = not args.offline and args.root.resolve() == Path("/")
    return run(System(root=args.root, boot=boot, live=live))


if __name__ == "__main__":
    sys.exit(main())
