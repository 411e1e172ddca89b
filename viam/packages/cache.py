"""The on-disk package cache under ``$VIAM_HOME/packages``.

Layout::

    packages/data/<type>/<id>-<version>/               unpacked package (trusted only if...)
    packages/data/<type>/<id>-<version>.status.json    ...this says "done" for the same id/version/checksum
    packages/data/<type>/.tmp-<id>-<version>-XXXX/      unpack in progress (never trusted, removed on start)
    packages/.partial/<type>-<id>-<version>             resumable download (+ .json sidecar, viam.download)
    packages/.partial/<type>-<id>-<version>.verified    the verified archive, until it is unpacked

A package is installed by downloading and verifying the archive, unpacking it into a temp dir
beside its final place, renaming that dir into place and only then writing the status file (by
temp file + rename). A crash at any point leaves either no final dir, or a final dir without a
"done" status: both are discarded by ``recover`` and redone, never trusted half-way.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from viam.files import atomic_write_json, fsync_dir
from viam.packages.errors import UnpackError

LOG = logging.getLogger(__name__)
STATUS_DONE = "done"
STATUS_DOWNLOADING = "downloading"
VERIFIED_SUFFIX = ".verified"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PackageRef:
    """What identifies one cached copy: package id, version and type (``module``, ``ml_model``...)."""

    id: str
    version: str
    type: str

    @property
    def dir_name(self) -> str:
        return f"{_UNSAFE.sub('-', self.id)}-{_UNSAFE.sub('-', self.version)}"

    def __str__(self) -> str:
        return f"{self.type}:{self.id}@{self.version}"


class PackageCache:
    """Trusted lookups, atomic installs, crash recovery and cleanup of ``root`` (``$VIAM_HOME/packages``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.data = self.root / "data"
        self.partial = self.root / ".partial"

    # -- paths ----------------------------------------------------------------------------------
    def dir_for(self, ref: PackageRef) -> Path:
        return self.data / _UNSAFE.sub("-", ref.type) / ref.dir_name

    def status_path(self, ref: PackageRef) -> Path:
        path = self.dir_for(ref)
        return path.with_name(path.name + ".status.json")

    def verified_path(self, ref: PackageRef) -> Path:
        partial = self.partial_path(ref)
        return partial.with_name(partial.name + VERIFIED_SUFFIX)

    def partial_path(self, ref: PackageRef) -> Path:
        return self.partial / f"{_UNSAFE.sub('-', ref.type)}-{ref.dir_name}"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Exclusive across processes sharing this cache (installs and cleanup)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- queries ----------------------------------------------------------------------------------
    def status(self, ref: PackageRef) -> dict[str, object] | None:
        try:
            data = json.loads(self.status_path(ref).read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def lookup(self, ref: PackageRef, checksum: str = "") -> Path | None:
        """The installed dir if it is complete (and matches ``checksum`` when one is given)."""
        status = self.status(ref)
        path = self.dir_for(ref)
        if (status is None or status.get("status") != STATUS_DONE or status.get("id") != ref.id
                or status.get("version") != ref.version or not path.is_dir()):
            return None
        if checksum and status.get("checksum") != checksum:
            return None
        return path

    def latest(self, package_id: str, package_type: str) -> tuple[PackageRef, Path] | None:
        """The most recently installed complete version of a package (offline fallback)."""
        best: tuple[float, PackageRef, Path] | None = None
        type_dir = self.data / _UNSAFE.sub("-", package_type)
        for status_file in type_dir.glob("*.status.json") if type_dir.is_dir() else []:
            try:
                status = json.loads(status_file.read_text())
            except (OSError, ValueError):
                continue
            if not isinstance(status, dict) or status.get("id") != package_id:
                continue
            ref = PackageRef(package_id, str(status.get("version", "")), package_type)
            path = self.lookup(ref)
            installed = float(status.get("installed_at", 0) or 0)
            if path is not None and (best is None or installed > best[0]):
                best = (installed, ref, path)
        return (best[1], best[2]) if best else None

    # -- install --------------------------------------------------------------------------------
    def mark_downloading(self, ref: PackageRef, checksum: str, url: str) -> None:
        """Record intent; a crash leaves this non-"done" status, so the dir is never trusted."""
        if self.lookup(ref, checksum) is None:
            self._write_status(ref, {"id": ref.id, "version": ref.version, "type": ref.type, "checksum": checksum,
                                     "url": url, "status": STATUS_DOWNLOADING})

    def install_archive(self, ref: PackageRef, archive: Path, checksum: str, url: str = "",
                        after_unpack: Callable[[Path], None] | None = None, filename: str = "") -> Path:
        """Unpack a verified archive into place atomically and mark it done; return its dir."""
        final = self.dir_for(ref)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{ref.dir_name}-", dir=final.parent))
        try:
            LOG.info("unpacking package", extra={"package": str(ref), "archive": str(archive)})
            _unpack(archive, tmp, ref, filename or archive.name)
            if after_unpack is not None:
                after_unpack(tmp)
            tmp.chmod(0o755)
            self._discard(ref)  # an untrusted leftover (crash between rename and status) goes first
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._write_status(ref, {"id": ref.id, "version": ref.version, "type": ref.type, "checksum": checksum,
                                 "url": url, "status": STATUS_DONE, "installed_at": time.time()})
        fsync_dir(final.parent)
        LOG.info("package installed", extra={"package": str(ref), "path": str(final)})
        return final

    def _write_status(self, ref: PackageRef, data: dict[str, object]) -> None:
        atomic_write_json(self.status_path(ref), data, indent=None, sort_keys=False)

    def _discard(self, ref: PackageRef) -> None:
        shutil.rmtree(self.dir_for(ref), ignore_errors=True)

    # -- maintenance ----------------------------------------------------------------------------
    def recover(self) -> list[str]:
        """Remove temp dirs and any dir or status that is not a complete install; return what went."""
        removed: list[str] = []
        if not self.data.is_dir():
            return removed
        for type_dir in [d for d in self.data.iterdir() if d.is_dir()]:
            for entry in list(type_dir.iterdir()):
                name = entry.name
                if name.startswith(".tmp-") or name.endswith(".status.json.tmp"):
                    _remove(entry)
                    removed.append(str(entry))
                elif entry.is_dir():
                    status_file = entry.with_name(name + ".status.json")
                    try:
                        status = json.loads(status_file.read_text())
                    except (OSError, ValueError):
                        status = None
                    if not isinstance(status, dict) or status.get("status") != STATUS_DONE:
                        _remove(entry)
                        status_file.unlink(missing_ok=True)
                        removed.append(str(entry))
        for path in removed:
            LOG.warning("removed incomplete package from cache", extra={"path": path})
        return removed

    def cleanup(self, keep: set[Path]) -> list[str]:
        """Remove every installed package dir (and status, first-run marker) not in ``keep``."""
        removed: list[str] = []
        keep = {Path(p) for p in keep}
        if self.data.is_dir():
            for type_dir in [d for d in self.data.iterdir() if d.is_dir()]:
                for entry in list(type_dir.iterdir()):
                    base = type_dir / entry.name.split(".status.json")[0].split(".first_run_succeeded")[0]
                    if entry.name.startswith(".tmp-") or base in keep:
                        continue
                    _remove(entry)
                    if entry.is_dir() or not entry.exists():
                        removed.append(str(entry))
        wanted_partials = {self.partial / f"{p.parent.name}-{p.name}" for p in keep}
        if self.partial.is_dir():
            for entry in self.partial.iterdir():
                if self.partial / entry.name.removesuffix(".json").removesuffix(VERIFIED_SUFFIX) not in wanted_partials:
                    _remove(entry)
        for path in removed:
            LOG.info("removed unused package", extra={"path": path})
        return removed


def _unpack(archive: Path, dest: Path, ref: PackageRef, filename: str) -> None:
    if tarfile.is_tarfile(archive):
        try:
            with tarfile.open(archive, "r:*") as tar:
                tar.extractall(dest, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise UnpackError(f"package {ref}: cannot unpack {archive.name}: {exc}") from exc
    else:  # a single file (e.g. a model): keep it under its own name
        shutil.copy2(archive, dest / filename)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
