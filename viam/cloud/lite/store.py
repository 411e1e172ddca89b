"""The lite app's data: a directory of plain files a lab can edit by hand.

::

    DATA/machines/<part id>.json      the part's machine config (JSON, as on the machine);
                                      its ``cloud.secret`` is the part secret machines log in with
    DATA/api_keys.json                optional {"<key id>": "<key>"}; a key may read any part
    DATA/packages/<id>/<version>.tar.gz   package archives (id may hold "/", e.g. "acme/gpio")
    DATA/packages/<id>/<version>.tar.gz.sha256   optional published checksum (else computed)
    DATA/agent/<part id>.json, DATA/agent/default.json   DeviceAgentConfigResponse as JSON
    DATA/restart/<part id>            present: the part's next NeedsRestart says must_restart (consumed)
    DATA/logs/<part id>.jsonl         log entries the part uploaded (RobotService/Log), one JSON a line

Everything is read on each request, so edits are live without a restart.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path
from typing import Any

from viam.cloud.errors import CloudError

_VERSION_PART = re.compile(r"(\d+)|(\D+)")


class NotFound(CloudError, LookupError):
    """No such part, package or version in the data directory."""


class LiteStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._checksums: dict[Path, tuple[float, int, str]] = {}
        self._lock = threading.Lock()

    def machine_config(self, part_id: str) -> dict[str, Any]:
        path = self.root / "machines" / f"{_safe(part_id)}.json"
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            raise NotFound(f"no machine part {part_id!r} (no {path.name} in {path.parent})") from None
        except ValueError as exc:
            raise CloudError(f"{path}: invalid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise CloudError(f"{path}: expected a JSON object")
        return data

    def part_secret(self, part_id: str) -> str:
        try:
            cloud = self.machine_config(part_id).get("cloud") or {}
        except NotFound:
            return ""
        return str(cloud.get("secret", "")) if isinstance(cloud, dict) else ""

    def api_keys(self) -> dict[str, str]:
        try:
            data = json.loads((self.root / "api_keys.json").read_text())
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def package_file(self, package_id: str, version: str) -> tuple[str, Path]:
        """``(version, archive)`` for a package; ``latest`` (or empty) picks the highest version."""
        directory = self.root / "packages" / Path(*[_safe(p) for p in package_id.split("/")])
        candidates = {}
        for path in directory.glob("*") if directory.is_dir() else []:
            if path.is_file() and not path.name.endswith(".sha256"):
                candidates[path.name.split(".", 1)[0] if ".tar" not in path.name else
                           path.name[: path.name.index(".tar")]] = path
        if not candidates:
            raise NotFound(f"no package {package_id!r}")
        if version in ("", "latest"):
            version = max(candidates, key=_version_key)
        if version not in candidates:
            raise NotFound(f"package {package_id!r} has no version {version!r} (have: {', '.join(sorted(candidates))})")
        return version, candidates[version]

    def checksum(self, path: Path) -> str:
        sidecar = path.with_name(path.name + ".sha256")
        if sidecar.exists():
            return sidecar.read_text().split()[0]
        stat = path.stat()
        with self._lock:
            cached = self._checksums.get(path)
            if cached and cached[:2] == (stat.st_mtime, stat.st_size):
                return cached[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        with self._lock:
            self._checksums[path] = (stat.st_mtime, stat.st_size, digest)
        return digest

    def agent_config(self, part_id: str) -> dict[str, Any]:
        for name in (f"{_safe(part_id)}.json", "default.json"):
            path = self.root / "agent" / name
            if path.exists():
                try:
                    data = json.loads(path.read_text())
                except ValueError as exc:
                    raise CloudError(f"{path}: invalid JSON: {exc}") from None
                return data if isinstance(data, dict) else {}
        return {}

    def request_restart(self, part_id: str) -> None:
        path = self.root / "restart" / _safe(part_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()

    def take_restart(self, part_id: str) -> bool:
        """Whether a restart was requested; the request is consumed (answered once)."""
        try:
            (self.root / "restart" / _safe(part_id)).unlink()
        except FileNotFoundError:
            return False
        return True

    def append_logs(self, part_id: str, entries: list[dict[str, Any]]) -> None:
        path = self.root / "logs" / f"{_safe(part_id)}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, path.open("a", encoding="utf-8") as handle:
            handle.writelines(json.dumps(entry, sort_keys=True) + "\n" for entry in entries)

    def logs(self, part_id: str) -> list[dict[str, Any]]:
        path = self.root / "logs" / f"{_safe(part_id)}.jsonl"
        with self._lock:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                return []
        return [json.loads(line) for line in lines if line.strip()]

    def resolve_file(self, relative: str) -> Path | None:
        """A file under ``packages/`` for the HTTP side (no escaping the directory)."""
        base = (self.root / "packages").resolve()
        target = (base / relative).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
        return target


def _safe(part: str) -> str:
    if part in ("", ".", "..") or "/" in part or "\\" in part:
        raise NotFound(f"invalid name {part!r}")
    return part


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(num)) if num else (1, text) for num, text in _VERSION_PART.findall(version))
