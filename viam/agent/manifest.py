"""Update targets: what version of viam-server (or viam-agent) should be installed.

A local manifest (``update.manifest``, default ``/etc/viam-update.json`` under the root) looks like::

    {"viam-server": {"version": "0.2.0", "url": "http://host/viam-server-0.2.0",
                     "sha256": "<64 hex>", "format": "executable"}}

A relative ``url`` is a file next to the manifest (offline updates from a USB stick).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viam.agent.config import read_jsonc_object
from viam.agent.errors import AgentConfigError
from viam.agent.versions import FORMATS, check_version

_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
NAMES = ("viam-server", "viam-agent")


@dataclass(frozen=True)
class UpdateTarget:
    name: str
    version: str
    url: str
    sha256: str
    format: str = "executable"
    source: str = ""


def target_from_dict(name: str, entry: Any, source: str, base_dir: Path | None = None) -> UpdateTarget:
    where = f"{source}: {name}"
    if not isinstance(entry, dict):
        raise AgentConfigError(f"{where}: must be an object with version, url, sha256")
    missing = [k for k in ("version", "url", "sha256") if not isinstance(entry.get(k), str) or not entry[k]]
    if missing:
        raise AgentConfigError(f"{where}: missing or empty {', '.join(missing)}")
    if not _HEX.match(entry["sha256"]):
        raise AgentConfigError(f"{where}.sha256: expected 64 hex digits, got {entry['sha256']!r}")
    fmt = entry.get("format", "executable")
    if fmt not in FORMATS:
        raise AgentConfigError(f"{where}.format: {fmt!r} is not one of {', '.join(FORMATS)}")
    try:
        version = check_version(entry["version"])
    except Exception as exc:
        raise AgentConfigError(f"{where}.version: {exc}") from exc
    url = entry["url"]
    if "://" not in url and base_dir is not None:
        url = (base_dir / url).resolve().as_uri()
    return UpdateTarget(name, version, url, entry["sha256"].lower(), fmt, source)


def read_manifest(path: Path) -> dict[str, UpdateTarget]:
    """Targets named in a manifest file; raises ``AgentConfigError`` naming the file and key."""
    data = read_jsonc_object(path)
    return {name: target_from_dict(name, data[name], str(path), path.parent) for name in NAMES if name in data}
