"""Read Raspberry Pi Imager's customisation from the boot partition, without running any of it.

Imager writes one of two forms onto the FAT partition:

* ``firstrun.sh`` (Raspberry Pi OS up to bookworm), plus ``systemd.run=`` arguments in cmdline.txt.
  Each setting is a call of ``/usr/lib/raspberrypi-sys-mods/imager_custom <verb> ...`` or
  ``/usr/lib/userconf-pi/userconf <user> <hash>``, with fallbacks for systems without them.
  The script is parsed, not executed: only those calls are read (with shell quoting), so nothing in
  it can touch this image's files in ways first boot does not control.
* cloud-init's NoCloud files ``user-data`` (``#cloud-config``), ``network-config`` (netplan v2) and
  ``meta-data`` (newer Imager releases).

Both become one :class:`Customisation`, which ``firstboot.py`` applies. Standard library plus PyYAML
(Debian's python3-yaml, in the image) for the cloud-init form.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

FIRSTRUN = "firstrun.sh"
USER_DATA = "user-data"
NETWORK_CONFIG = "network-config"
META_DATA = "meta-data"
_IMAGER_CUSTOM = "/usr/lib/raspberrypi-sys-mods/imager_custom"
_USERCONF = "/usr/lib/userconf-pi/userconf"
_USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# Kernel arguments Imager appends to run firstrun.sh once; removed after it was read.
FIRSTRUN_ARGS = re.compile(r"\s+systemd\.(run|run_success_action|run_failure_action|unit)=\S+")


class ImagerError(ValueError):
    """A customisation file could not be read; the message names the file and the setting."""


@dataclass
class Wifi:
    ssid: str
    psk: str | None = None
    hidden: bool = False


@dataclass
class Customisation:
    """What the user asked Imager for. None / empty means "not asked"."""

    source: str
    hostname: str | None = None
    user: str | None = None
    password_hash: str | None = None
    ssh_keys: list[str] = field(default_factory=list)
    ssh_enabled: bool = False
    ssh_password_auth: bool = False
    wifi: list[Wifi] = field(default_factory=list)
    country: str | None = None
    timezone: str | None = None
    keymap: str | None = None
    locale: str | None = None
    ignored: list[str] = field(default_factory=list)


def _check_user(name: str, where: str) -> str:
    if not _USERNAME.match(name):
        raise ImagerError(f"{where}: user name {name!r} is not valid (a-z, 0-9, '_', '-', up to 32)")
    return name


def _check_country(code: str, where: str) -> str:
    code = code.strip().upper()
    if not _COUNTRY.match(code):
        raise ImagerError(f"{where}: Wi-Fi country {code!r} is not a two-letter ISO 3166 code")
    return code


# -- firstrun.sh ------------------------------------------------------------------------------------


def parse_firstrun(text: str) -> Customisation:
    """Read the imager_custom / userconf calls of an Imager firstrun.sh."""
    found = Customisation(source=FIRSTRUN)
    for number, line in enumerate(_logical_lines(text), start=1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise ImagerError(f"{FIRSTRUN} line {number}: cannot be read ({exc})") from None
        if not words:
            continue
        if words[0] == _IMAGER_CUSTOM and len(words) >= 2:
            _imager_custom(found, words[1], words[2:], f"{FIRSTRUN} line {number}")
        elif words[0] == _USERCONF:
            if len(words) < 3:
                raise ImagerError(f"{FIRSTRUN} line {number}: userconf needs a user and a password hash")
            found.user = _check_user(words[1], f"{FIRSTRUN} line {number}")
            found.password_hash = words[2]
    return found


def _logical_lines(text: str) -> list[str]:
    """Lines with backslash continuations joined (Imager puts long key lists on one line)."""
    joined, current = [], ""
    for raw in text.splitlines():
        if raw.endswith("\\"):
            current += raw[:-1]
            continue
        joined.append(current + raw)
        current = ""
    if current:
        joined.append(current)
    return joined


def _imager_custom(found: Customisation, verb: str, args: list[str], where: str) -> None:
    if verb == "set_hostname" and args:
        found.hostname = args[0]
    elif verb == "enable_ssh":
        found.ssh_enabled = True
        if args[:1] == ["-k"]:
            found.ssh_keys.extend(k.strip() for k in " ".join(args[1:]).split("\n") if k.strip())
        elif args[:1] == ["-p"] or not args:
            found.ssh_password_auth = True
    elif verb == "set_wlan":
        hidden = False
        if args[:1] == ["-h"]:
            hidden, args = True, args[1:]
        if not args:
            raise ImagerError(f"{where}: set_wlan needs an SSID")
        found.wifi.append(Wifi(ssid=args[0], psk=args[1] if len(args) > 1 and args[1] else None, hidden=hidden))
        if len(args) > 2 and args[2]:
            found.country = _check_country(args[2], where)
    elif verb == "set_keymap" and args:
        found.keymap = args[0]
    elif verb == "set_timezone" and args:
        found.timezone = args[0]
    else:
        found.ignored.append(f"imager_custom {verb}")


def strip_firstrun_args(cmdline: str) -> str:
    """cmdline.txt without the arguments that made the firmware run firstrun.sh."""
    return FIRSTRUN_ARGS.sub("", cmdline.rstrip("\n")) + "\n"


# -- cloud-init NoCloud ----------------------------------------------------------------------------


def _load_yaml(text: str, name: str) -> dict:
    try:
        import yaml
    except ImportError:
        raise ImagerError(f"{name}: reading cloud-init files needs python3-yaml, which is not installed") from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImagerError(f"{name}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise ImagerError(f"{name}: the top level must be a mapping, not {type(doc).__name__}")
    return doc


def parse_cloud_init(user_data: str | None, network_config: str | None) -> Customisation:
    """Read the settings Imager writes into ``user-data`` and ``network-config``."""
    found = Customisation(source="cloud-init")
    if user_data is not None:
        _user_data(found, _load_yaml(user_data, USER_DATA))
    if network_config is not None:
        _network_config(found, _load_yaml(network_config, NETWORK_CONFIG))
    return found


def _user_data(found: Customisation, doc: dict) -> None:
    known = {"hostname", "users", "user", "ssh_pwauth", "timezone", "locale", "keyboard", "enable_ssh",
             "manage_etc_hosts", "fqdn", "preserve_hostname", "ssh_authorized_keys", "chpasswd", "disable_root"}
    if isinstance(doc.get("hostname"), str):
        found.hostname = doc["hostname"]
    users = doc.get("users")
    entries = [doc["user"]] if isinstance(doc.get("user"), dict) else []
    if isinstance(users, list):
        entries += [u for u in users if isinstance(u, dict)]
    for index, entry in enumerate(entries[:1]):
        where = f"{USER_DATA}: users[{index}]"
        if not isinstance(entry.get("name"), str):
            raise ImagerError(f"{where}.name must be a string")
        found.user = _check_user(entry["name"], where)
        passwd = entry.get("passwd", entry.get("hashed_passwd"))
        if isinstance(passwd, str) and not entry.get("lock_passwd", False):
            found.password_hash = passwd
        keys = entry.get("ssh_authorized_keys", entry.get("ssh-authorized-keys", []))
        if isinstance(keys, str):
            keys = [keys]
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise ImagerError(f"{where}.ssh_authorized_keys must be a list of strings")
        found.ssh_keys.extend(k.strip() for k in keys if k.strip())
    top_keys = doc.get("ssh_authorized_keys")
    if isinstance(top_keys, list):
        found.ssh_keys.extend(k.strip() for k in top_keys if isinstance(k, str) and k.strip())
    found.ssh_password_auth = doc.get("ssh_pwauth") is True
    found.ssh_enabled = bool(found.ssh_keys) or found.ssh_password_auth or doc.get("enable_ssh") is True
    if isinstance(doc.get("timezone"), str):
        found.timezone = doc["timezone"]
    if isinstance(doc.get("locale"), str):
        found.locale = doc["locale"]
    keyboard = doc.get("keyboard")
    if isinstance(keyboard, dict) and isinstance(keyboard.get("layout"), str):
        found.keymap = keyboard["layout"]
    found.ignored.extend(sorted(k for k in doc if k not in known))


def _network_config(found: Customisation, doc: dict) -> None:
    net = doc.get("network", doc)
    if not isinstance(net, dict):
        raise ImagerError(f"{NETWORK_CONFIG}: 'network' must be a mapping")
    wifis = net.get("wifis") or {}
    if not isinstance(wifis, dict):
        raise ImagerError(f"{NETWORK_CONFIG}: network.wifis must be a mapping of interfaces")
    for iface, spec in wifis.items():
        if not isinstance(spec, dict):
            continue  # e.g. "renderer: NetworkManager" beside the interfaces
        where = f"{NETWORK_CONFIG}: network.wifis.{iface}"
        if spec.get("regulatory-domain"):
            found.country = _check_country(str(spec["regulatory-domain"]), f"{where}.regulatory-domain")
        points = spec.get("access-points") or {}
        if not isinstance(points, dict):
            raise ImagerError(f"{where}.access-points must be a mapping of SSIDs")
        for ssid, point in points.items():
            point = point if isinstance(point, dict) else {}
            password = point.get("password")
            auth = point.get("auth")
            if password is None and isinstance(auth, dict):
                password = auth.get("password")
            found.wifi.append(Wifi(ssid=str(ssid), psk=str(password) if password else None,
                                   hidden=bool(point.get("hidden"))))
