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
    live: bool = True  # act on the running system too (hostname, systemctl, growpart, useradd)
    report: list[str] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)  # what ran (live) or would run (offline)
    cmdline_file: Path = Path("/proc/cmdline")
    reboot: bool = False

    def command(self, argv: list[str]) -> bool:
        """Run a system command when live (recorded either way); True when it succeeded."""
        self.commands.append(argv)
        if not self.live:
            return True
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0:
            self.note(f"{argv[0]} failed: {result.stderr.strip()}", level=logging.ERROR)
        return result.returncode == 0

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
    write_wifi_networks(system, networks)
    if country:
        set_wifi_country(system, str(country))
    shred_and_remove(source)
    system.note(f"{WIFI_FILE}: {len(networks)} network(s) saved for NetworkManager (mode 0600), file erased")
    return len(networks)


def set_wifi_country(system: System, country: str) -> None:
    """Persist the Wi-Fi regulatory domain where the kernel reads it at every boot.

    cfg80211 (a module in Debian's kernel) takes ``ieee80211_regdom`` as a module option; bookworm
    no longer reads /etc/default/crda. A module option survives kernel upgrades, unlike an argument
    added to cmdline.txt.
    """
    country = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        system.note(f"Wi-Fi country {country!r} is not a two-letter code; regulatory domain left as it is",
                    level=logging.WARNING)
        return
    write_secure(system.path("etc/modprobe.d/viam-wifi-country.conf"),
                 f"# Wi-Fi regulatory domain, set at first boot\noptions cfg80211 ieee80211_regdom={country}\n"
                 .encode(), mode=0o644)
    if system.live:
        subprocess.run(["iw", "reg", "set", country], check=False)
    system.note(f"Wi-Fi country: {country}")


def write_wifi_networks(system: System, networks: list[dict]) -> None:
    for net in networks:
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", net["ssid"])
        target = system.path(f"etc/NetworkManager/system-connections/viam-wifi-{name}.nmconnection")
        write_secure(target, nm_keyfile(net).encode())


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
    auth = authorized_keys_path(system, ids)
    if key_file is not None:
        keys = [line for line in key_file.read_text(errors="replace").splitlines() if line.strip()]
        if not is_key_list(keys):
            system.note(f"{key_file.name}: not an OpenSSH public key list; ssh left off", level=logging.ERROR)
            key_file.unlink()
            return False
        install_keys(system, ids, keys)
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


def is_key_list(keys: list[str]) -> bool:
    return bool(keys) and all(re.match(r"^(ssh-|ecdsa-|sk-)", k.strip()) for k in keys)


def authorized_keys_path(system: System, ids: tuple[int, int, Path]) -> Path:
    return system.path(str(ids[2]).lstrip("/")) / ".ssh" / "authorized_keys"


def install_keys(system: System, ids: tuple[int, int, Path], keys: list[str]) -> None:
    """Merge ``keys`` into the user's authorized_keys (0600, owned by the user)."""
    uid, gid, _home = ids
    auth = authorized_keys_path(system, ids)
    existing = auth.read_text().splitlines() if auth.exists() else []
    merged = existing + [k for k in keys if k not in existing]
    auth.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(auth.parent, 0o700)
    if os.geteuid() == 0:
        os.chown(auth.parent, uid, gid)
    write_secure(auth, ("\n".join(merged) + "\n").encode(), mode=0o600, uid=uid, gid=gid)


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
    write_hostname(system, name)
    return name


def write_hostname(system: System, name: str) -> None:
    write_secure(system.path("etc/hostname"), f"{name}\n".encode(), mode=0o644)
    hosts = system.path("etc/hosts")
    lines = hosts.read_text().splitlines() if hosts.exists() else ["127.0.0.1\tlocalhost"]
    lines = [line for line in lines if not line.startswith("127.0.1.1")] + [f"127.0.1.1\t{name}"]
    write_secure(hosts, ("\n".join(lines) + "\n").encode(), mode=0o644)
    if system.live:
        subprocess.run(["hostname", name], check=False)
    system.note(f"hostname: set to {name}")


# -- Raspberry Pi Imager customisation (firstrun.sh or cloud-init) -----------------------------------

ADMIN_GROUPS = ("sudo", "adm", "dialout", "i2c", "spi", "gpio", "video", "plugdev", "netdev", "users")
_TIMEZONE = re.compile(r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$")


def _imager_module():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import imager

    return imager


def _groups(system: System) -> list[str]:
    group_file = system.path("etc/group")
    present = {line.split(":", 1)[0] for line in group_file.read_text().splitlines()} if group_file.exists() else set()
    return [g for g in ADMIN_GROUPS if g in present]


def ensure_user(system: System, name: str, password_hash: str | None) -> None:
    """Create Imager's user (an admin like ``viam``: sudo without a password), or set its password."""
    if _user_ids(system, name) is None:
        argv = ["useradd", "--create-home", "--shell", "/bin/bash"]
        groups = _groups(system)
        if groups:
            argv += ["--groups", ",".join(groups)]
        system.command([*argv, name])
        write_secure(system.path(f"etc/sudoers.d/010-imager-{name}"),
                     f"{name} ALL=(ALL:ALL) NOPASSWD: ALL\n".encode(), mode=0o440)
        system.note(f"user {name!r}: created (groups: {', '.join(groups) or 'none'}; sudo)")
    if password_hash:
        system.command(["usermod", "--password", password_hash, name])
        system.note(f"user {name!r}: password set (hash from Imager)")


def set_timezone(system: System, zone: str) -> None:
    if not _TIMEZONE.match(zone) or ".." in zone:
        system.note(f"timezone {zone!r} is not a zone name; left as it is", level=logging.WARNING)
        return
    if not system.path(f"usr/share/zoneinfo/{zone}").exists():
        system.note(f"timezone {zone!r}: no such zone in /usr/share/zoneinfo; left as it is", level=logging.WARNING)
        return
    write_secure(system.path("etc/timezone"), f"{zone}\n".encode(), mode=0o644)
    link = system.path("etc/localtime")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(f"/usr/share/zoneinfo/{zone}")
    system.note(f"timezone: {zone}")


def set_keymap(system: System, layout: str) -> None:
    if not re.fullmatch(r"[a-z]{2,8}(\([a-z0-9_-]+\))?", layout):
        system.note(f"keymap {layout!r} is not a keyboard layout name; left as it is", level=logging.WARNING)
        return
    write_secure(system.path("etc/default/keyboard"),
                 f'XKBMODEL="pc105"\nXKBLAYOUT="{layout}"\nXKBVARIANT=""\nXKBOPTIONS=""\n'.encode(), mode=0o644)
    system.note(f"keyboard layout: {layout}")


def set_locale(system: System, locale: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9_.@-]+", locale):
        system.note(f"locale {locale!r} is not a locale name; left as it is", level=logging.WARNING)
        return
    write_secure(system.path("etc/default/locale"), f"LANG={locale}\n".encode(), mode=0o644)
    system.note(f"locale: LANG={locale}")


def apply_customisation(system: System, custom) -> None:
    """Apply what Imager asked for, each setting on its own (a bad one is reported, not fatal)."""
    if custom.hostname:
        name = custom.hostname.strip().lower()
        if _HOSTNAME.match(name):
            write_hostname(system, name)
            system.note(f"hostname: set to {name} ({custom.source})")
        else:
            system.note(f"{custom.source}: hostname {name!r} is not valid; ignored", level=logging.WARNING)
    user = custom.user or ADMIN_USER
    if custom.user:
        ensure_user(system, custom.user, custom.password_hash)
    if custom.ssh_keys:
        ids = _user_ids(system, user)
        if not is_key_list(custom.ssh_keys):
            system.note(f"{custom.source}: SSH keys are not OpenSSH public keys; not installed", level=logging.ERROR)
        elif ids is None and not system.live:
            system.note(f"ssh: {len(custom.ssh_keys)} key(s) for user {user!r} (created at boot)")
        elif ids is None:
            system.note(f"ssh: user {user!r} does not exist; keys not installed", level=logging.ERROR)
        else:
            install_keys(system, ids, custom.ssh_keys)
            system.note(f"ssh: {len(custom.ssh_keys)} key(s) installed for user {user!r}")
    if custom.ssh_password_auth:
        if custom.password_hash:
            write_secure(system.path("etc/ssh/sshd_config.d/40-imager-password-login.conf"),
                         b"# Raspberry Pi Imager asked for password login\nPasswordAuthentication yes\n", mode=0o644)
            system.note("ssh: password login allowed (asked for in Imager)")
        else:
            system.note("ssh: password login asked for, but no password was set; key login only",
                        level=logging.WARNING)
    if custom.ssh_enabled and (custom.ssh_keys or (custom.ssh_password_auth and custom.password_hash)):
        enable_ssh(system)
    networks = [{"ssid": w.ssid, "psk": w.psk, "hidden": w.hidden} for w in custom.wifi]
    if networks:
        write_wifi_networks(system, networks)
        system.note(f"Wi-Fi: {len(networks)} network(s) saved for NetworkManager (mode 0600)")
    if custom.country:
        set_wifi_country(system, custom.country)
    if custom.timezone:
        set_timezone(system, custom.timezone)
    if custom.keymap:
        set_keymap(system, custom.keymap)
    if custom.locale:
        set_locale(system, custom.locale)
    for what in custom.ignored:
        system.note(f"{custom.source}: {what} has no effect on this image", level=logging.WARNING)


def import_imager(system: System) -> bool:
    """Take Raspberry Pi Imager's customisation (firstrun.sh or cloud-init files) into the system."""
    imager = _imager_module()
    firstrun = find_dropped(system.boot, imager.FIRSTRUN)
    user_data = find_dropped(system.boot, imager.USER_DATA)
    network_config = find_dropped(system.boot, imager.NETWORK_CONFIG)
    secrets = [f for f in (firstrun, user_data, network_config) if f is not None]
    if not secrets:
        return False
    try:
        customs = []
        if firstrun is not None:
            customs.append(imager.parse_firstrun(firstrun.read_text(errors="replace")))
        if user_data is not None or network_config is not None:
            customs.append(imager.parse_cloud_init(
                user_data.read_text(errors="replace") if user_data else None,
                network_config.read_text(errors="replace") if network_config else None))
        for custom in customs:
            apply_customisation(system, custom)
    except imager.ImagerError as exc:
        system.note(f"Imager customisation not applied: {exc}", level=logging.ERROR)
    finally:
        for path in secrets:  # password hashes and Wi-Fi keys never stay on FAT
            shred_and_remove(path)
        system.note(f"Imager files erased from the boot partition: {', '.join(p.name for p in secrets)}")
        cmdline = find_dropped(system.boot, "cmdline.txt")
        if firstrun is not None and cmdline is not None:
            text = cmdline.read_text()
            cleaned = imager.strip_firstrun_args(text)
            if cleaned != text:
                cmdline.write_text(cleaned)
                system.note("cmdline.txt: Imager's systemd.run arguments removed")
        try:
            booted = system.cmdline_file.read_text()
        except OSError:
            booted = ""
        system.reboot = "systemd.run=" in booted
    return True


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
    for step in (import_credentials, import_imager, import_wifi, import_ssh, set_hostname, grow_root):
        try:
            step(system)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            failures += 1
            system.note(f"{step.__name__}: {exc}", level=logging.ERROR)
    write_report(system)
    if system.reboot and system.live:
        # Booted into kernel-command-line.target by Imager's systemd.run=: the customisation is in
        # place and cmdline.txt is clean again, so start over into the normal boot.
        subprocess.run(["systemctl", "--no-block", "reboot"], check=False)
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
