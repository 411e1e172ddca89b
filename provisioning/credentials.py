"""Machine (cloud) credentials: parse what a user pasted or an app sent, write ``etc/viam.json``.

The file is replaced atomically (temp file, fsync, rename) so a power cut never leaves a torn
file and the supervisor never reads half of one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provisioning.errors import InvalidInputError
from viam.files import atomic_write_json

VIAM_JSON = Path("etc/viam.json")
DEFAULT_APP_ADDRESS = "https://app.viam.com:443"


@dataclass(frozen=True)
class MachineCredentials:
    id: str
    secret: str = ""
    app_address: str = DEFAULT_APP_ADDRESS
    api_key_id: str = ""
    api_key: str = ""

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidInputError("credentials: 'id' (the machine part id) is required")
        if not self.secret and not (self.api_key_id and self.api_key):
            raise InvalidInputError("credentials: give 'secret' or an 'api_key' with 'id' and 'key'")
        if not self.app_address.startswith(("https://", "http://")):
            raise InvalidInputError(f"credentials: 'app_address' must be an http(s) URL, got {self.app_address!r}")

    def to_json(self) -> dict[str, Any]:
        cloud: dict[str, Any] = {"app_address": self.app_address, "id": self.id}
        if self.secret:
            cloud["secret"] = self.secret
        if self.api_key_id:
            cloud["api_key"] = {"id": self.api_key_id, "key": self.api_key}
        return {"cloud": cloud}


def parse_pasted(text: str) -> MachineCredentials:
    """Accept the machine's ``viam.json`` as shown in the Viam app, or just its ``cloud`` object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"credentials: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict):
        raise InvalidInputError('credentials: expected a JSON object like {"cloud": {...}}')
    cloud = data.get("cloud", data)
    if not isinstance(cloud, dict):
        raise InvalidInputError("credentials: 'cloud' must be an object")
    api_key = cloud.get("api_key") or {}
    if not isinstance(api_key, dict):
        raise InvalidInputError("credentials: 'cloud.api_key' must be an object with 'id' and 'key'")
    return MachineCredentials(
        id=str(cloud.get("id", "")),
        secret=str(cloud.get("secret", "")),
        app_address=str(cloud.get("app_address") or DEFAULT_APP_ADDRESS),
        api_key_id=str(api_key.get("id", "")),
        api_key=str(api_key.get("key", "")),
    )


# Sections of a machine config that make it one on its own (viam-server's config keys).
LOCAL_CONFIG_KEYS = ("components", "services", "modules", "remotes", "processes", "packages", "network", "auth")


def has_credentials(root: Path) -> bool:
    """True when ``etc/viam.json`` holds a cloud id and a secret or API key."""
    try:
        data = json.loads((root / VIAM_JSON).read_text())
        cloud = data["cloud"]
        return bool(cloud.get("id")) and bool(cloud.get("secret") or cloud.get("api_key"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def has_local_config(root: Path) -> bool:
    """True when ``etc/viam.json`` is a machine config of its own (components, modules, ...; no cloud).

    Such a machine is set up: it must join its network and run, not hold its Wi-Fi radio as a
    hotspot. Only a missing, broken or empty file means "not provisioned".
    """
    try:
        data = json.loads((root / VIAM_JSON).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and any(data.get(key) for key in LOCAL_CONFIG_KEYS)


def is_provisioned(root: Path) -> bool:
    """Cloud credentials, or a valid local machine config: either way the hotspot waits for the offline timer."""
    return has_credentials(root) or has_local_config(root)


def write_credentials(root: Path, creds: MachineCredentials) -> Path:
    return write_machine_config(root, creds.to_json())


def pasted_config(text: str) -> dict[str, Any]:
    """A whole pasted ``viam.json``, kept as it is once its cloud section checks out.

    As the reference portal: the paste is validated, but the file written is what was pasted,
    so fields beyond ``cloud`` (a local config, a network section) are not lost.
    """
    parse_pasted(text)  # raises InvalidInputError naming what is wrong
    data = json.loads(text)
    return data if "cloud" in data else {"cloud": data}


def write_machine_config(root: Path, config: Mapping[str, Any]) -> Path:
    path = root / VIAM_JSON
    atomic_write_json(path, config, mode=0o600, sort_keys=False)
    return path
