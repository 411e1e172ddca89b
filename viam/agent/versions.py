"""Versioned installs under ``opt/viam/bin`` and the atomic ``viam-server`` link.

Layout: ``bin/viam-server-<version>`` (one executable file per version) and ``bin/viam-server``,
a relative symlink to one of them. The link changes only by creating a temp link and renaming it
over the old one, so after a power cut it points at either the old or the new version.
``agent-state.json`` records current, previous, a pending trial and versions known to be bad.
"""

from __future__ import annotations

import json
import logging
import lzma
import os
import re
import shutil
from pathlib import Path
from typing import Any

from viam.agent import failpoints
from viam.agent.errors import InstallError
from viam.agent.paths import AgentPaths
from viam.files import atomic_write_json, commit_file, fsync_dir

LOG = logging.getLogger(__name__)
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")
FORMATS = ("executable", "xz-executable")


def check_version(version: str) -> str:
    if not _VERSION.match(version):
        raise InstallError(f"invalid version {version!r} (letters, digits, '.', '_', '+', '-')")
    return version


class VersionStore:
    """Installed versions and link state for ``viam-server`` and ``viam-agent``."""

    def __init__(self, paths: AgentPaths) -> None:
        self.paths = paths

    # state file -------------------------------------------------------------------------------

    def load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.paths.state_file.read_text())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            LOG.error("%s is unreadable (%s); rebuilding state from the installed files", self.paths.state_file, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def entry(self, name: str) -> dict[str, Any]:
        entry = self.load().get(name)
        entry = entry if isinstance(entry, dict) else {}
        entry.setdefault("bad", {})
        return entry

    def save_entry(self, name: str, entry: dict[str, Any]) -> None:
        state = self.load()
        state[name] = entry
        atomic_write_json(self.paths.state_file, state)

    def bad_versions(self, name: str) -> dict[str, str]:
        return dict(self.entry(name)["bad"])

    # files --------------------------------------------------------------------------------------

    def link(self, name: str) -> Path:
        return self.paths.bin_dir / name

    def installed_path(self, name: str, version: str) -> Path:
        return self.paths.bin_dir / f"{name}-{check_version(version)}"

    def installed(self, name: str) -> list[str]:
        prefix = f"{name}-"
        return sorted(
            p.name[len(prefix):] for p in self.paths.bin_dir.glob(f"{prefix}*")
            if p.is_file() and not p.is_symlink() and _VERSION.match(p.name[len(prefix):])
        )

    def linked_version(self, name: str) -> str | None:
        """The version the link points at, if the link exists and its target is installed."""
        try:
            target = os.readlink(self.link(name))
        except OSError:
            return None
        base = Path(target).name
        if not base.startswith(f"{name}-") or not (self.paths.bin_dir / base).is_file():
            return None
        return base[len(name) + 1:]

    def install(self, name: str, version: str, artifact: Path, fmt: str = "executable") -> Path:
        """Copy a verified artifact to ``bin/<name>-<version>`` (atomic rename, mode 0755)."""
        final = self.installed_path(name, version)
        if fmt not in FORMATS:
            raise InstallError(f"{name} {version}: unsupported artifact format {fmt!r} (expected one of {FORMATS})")
        tmp = final.with_name(f".{final.name}.tmp")
        try:
            opener = lzma.open if fmt == "xz-executable" else open
            with opener(artifact, "rb") as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
                dst.flush()
                os.fsync(dst.fileno())
            os.chmod(tmp, 0o755)
            failpoints.hit("install-before-rename")
            commit_file(tmp, final)
        except (OSError, lzma.LZMAError) as exc:
            tmp.unlink(missing_ok=True)
            raise InstallError(f"cannot install {name} {version} from {artifact}: {exc}") from exc
        LOG.info("installed %s", final)
        return final

    def swap(self, name: str, version: str) -> None:
        """Point ``bin/<name>`` at ``version``: temp link, then rename over the old link."""
        target = self.installed_path(name, version)
        if not target.is_file():
            raise InstallError(f"cannot link {name} to {version}: {target} is not installed")
        tmp = self.paths.bin_dir / f".{name}.link-tmp"
        tmp.unlink(missing_ok=True)
        os.symlink(target.name, tmp)
        failpoints.hit("swap-before-rename")
        os.replace(tmp, self.link(name))
        fsync_dir(self.paths.bin_dir)
        LOG.info("%s now points at %s", self.link(name), target.name)
        failpoints.hit("swap-after-rename")

    # lifecycle --------------------------------------------------------------------------------

    def repair(self, name: str) -> dict[str, Any] | None:
        """Make the link runnable after a crash; return a pending trial to finish, if any."""
        for junk in self.paths.bin_dir.glob(f".{name}*"):
            LOG.info("removing leftover %s", junk)
            junk.unlink(missing_ok=True)
        entry = self.entry(name)
        linked = self.linked_version(name)
        pending = entry.get("pending")
        if linked is None:
            candidates = [entry.get("current"), entry.get("previous")]
            candidates += sorted(self.installed(name), reverse=True)
            good = next((v for v in candidates if isinstance(v, str) and v in self.installed(name)
                         and v not in entry["bad"]), None)
            if good is None:
                if self.installed(name):
                    good = self.installed(name)[-1]
                else:
                    LOG.warning("no %s installed under %s", name, self.paths.bin_dir)
                    return None
            LOG.warning("%s link missing or broken; pointing it at %s", name, good)
            self.swap(name, good)
            linked = good
        if isinstance(pending, dict) and pending.get("version") == linked:
            LOG.warning("%s %s was being tried when the agent stopped; finishing the trial", name, linked)
            return pending
        if pending:
            LOG.info("%s update to %s did not reach the link swap; it will be retried", name,
                     pending.get("version") if isinstance(pending, dict) else pending)
            entry["pending"] = None
        if entry.get("current") != linked:
            entry["current"] = linked
        self.save_entry(name, entry)
        return None

    def begin_trial(self, name: str, version: str, previous: str | None) -> None:
        entry = self.entry(name)
        entry["pending"] = {"version": version, "previous": previous}
        self.save_entry(name, entry)

    def commit(self, name: str, version: str, previous: str | None) -> None:
        entry = self.entry(name)
        entry.update(current=version, previous=previous if previous != version else entry.get("previous"),
                     pending=None)
        self.save_entry(name, entry)

    def rollback(self, name: str, bad: str, previous: str | None, reason: str) -> str | None:
        """Mark ``bad`` as bad and point the link back at ``previous``; returns the version linked."""
        entry = self.entry(name)
        entry["bad"][bad] = reason
        entry["pending"] = None
        self.save_entry(name, entry)
        if previous and self.installed_path(name, previous).is_file():
            self.swap(name, previous)
            entry = self.entry(name)
            entry["current"] = previous
            if entry.get("previous") == previous:
                entry["previous"] = None
            self.save_entry(name, entry)
            return previous
        LOG.error("no previous %s to roll back to; keeping %s", name, bad)
        return None

    def cleanup(self, name: str, keep: set[str | None]) -> list[str]:
        """Delete installed versions and cached artifacts other than ``keep``."""
        removed: list[str] = []
        linked = self.linked_version(name)
        keep = {v for v in keep | {linked} if v}
        for version in self.installed(name):
            if version not in keep:
                self.installed_path(name, version).unlink(missing_ok=True)
                removed.append(version)
        for cached in self.paths.cache_dir.glob(f"{name}-*"):
            version = cached.name[len(name) + 1:].removesuffix(".part")
            if version not in keep:
                cached.unlink(missing_ok=True)
        if removed:
            LOG.info("removed old %s versions: %s (kept %s)", name, ", ".join(removed), ", ".join(sorted(keep)))
        return removed
