"""The package step: turn a parsed config into one whose packages and modules are on disk.

Runs before ``Machine.apply_config``. For each ``packages`` entry and each registry or tarball
module it makes sure a verified copy is in the cache (no network at all when id + version are
already installed), fills ``ModuleConfig.executable_path`` from the archive's ``meta.json``,
runs ``first_run`` once, and substitutes ``${packages.NAME}`` / ``${environment.VAR}``.

A package that cannot be fetched does not stop the machine: if an earlier version of that entry
is installed, the earlier version stays in use (and the step is retried, see ``needs_retry``);
otherwise the entries that need it are left out and reported.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from viam.config.model import MachineConfig, ModuleConfig, PackageConfig, ResourceConfig
from viam.download import download, normalize_checksum, sha256_file
from viam.errors import ConfigError
from viam.packages.cache import PackageCache, PackageRef
from viam.packages.errors import PACKAGE_FAILURES, FirstRunError, ResolveError, UnpackError
from viam.packages.placeholders import substitute

LOG = logging.getLogger(__name__)
DEFAULT_FIRST_RUN_TIMEOUT_S = 3600.0
FIRST_RUN_MARKER = ".first_run_succeeded"

# robot.v1.PackageStatus.State
DOWNLOADING, LOADING, FIRST_RUN, READY, FAILED = 1, 2, 3, 4, 5
PACKAGE_TYPES = {"archive": 1, "ml_model": 2, "module": 3, "slam_map": 4, "ml_training": 5}


def default_viam_home() -> Path:
    return Path(os.environ.get("VIAM_HOME") or Path.home() / ".viam")


def module_data_root(viam_home: Path, part_id: str = "") -> Path:
    """This machine's module data directories: ``module-data/<part id, or "local">`` (as the
    reference scopes them), so machines sharing a ``VIAM_HOME`` never touch each other's."""
    return Path(viam_home) / "module-data" / (part_id or "local")


def module_data_dir(viam_home: Path, module_name: str, part_id: str = "") -> Path:
    """Where a module's ``VIAM_MODULE_DATA`` lives; removed when the module leaves the config."""
    return module_data_root(viam_home, part_id) / module_name


@dataclass(frozen=True)
class ResolvedPackage:
    """Where to download one version of a package, and its sha256."""

    version: str
    url: str
    checksum: str


class PackageResolver(Protocol):
    """Asks the cloud (``PackageService/GetPackage``) where a package version is."""

    async def get_package(self, package_id: str, version: str, package_type: str) -> ResolvedPackage: ...


@dataclass
class PackageState:
    name: str
    type: str
    state: int
    error: str = ""
    updated: float = dataclasses.field(default_factory=time.time)


class PackageManager:
    """Owns the package cache for one machine; ``prepare`` then ``cleanup`` around each apply."""

    def __init__(self, viam_home: Path | None = None, *, resolver: PackageResolver | None = None,
                 environ: Mapping[str, str] | None = None, download_timeout_s: float = 15.0) -> None:
        self.viam_home = Path(viam_home) if viam_home else default_viam_home()
        self.cache = PackageCache(self.viam_home / "packages")
        self.resolver = resolver
        self.environ = environ if environ is not None else os.environ
        self.download_timeout_s = download_timeout_s
        self.states: dict[str, PackageState] = {}
        self.needs_retry = False
        self._in_use: dict[str, Path] = {}  # "package:NAME" / "module:NAME" -> dir of the applied copy
        self._modules: dict[str, ModuleConfig] = {}  # last prepared module entries, by name
        self._recovered = False

    # -- the step -------------------------------------------------------------------------------
    async def prepare(self, config: MachineConfig) -> MachineConfig:
        """Return a copy of ``config`` ready to apply (packages installed, placeholders resolved)."""
        if not self._recovered:
            await asyncio.to_thread(self._recover)
        out = copy.copy(config)
        out.errors = list(config.errors)
        self.needs_retry = False
        in_use: dict[str, Path] = {}

        results = await asyncio.gather(*(self._package(p, out) for p in config.packages))
        paths: dict[str, str] = {}
        for entry, result in zip(config.packages, results, strict=True):
            if result is not None:
                in_use[f"package:{entry.name}"] = result
                paths[entry.name] = str(result)

        modules = await asyncio.gather(*(self._module(m, out) for m in config.modules))
        out.modules = []
        for module, (prepared, path) in zip(config.modules, modules, strict=True):
            if prepared is None:
                continue
            out.modules.append(prepared)
            if path is not None:
                in_use[f"module:{module.name}"] = path
                paths.setdefault(module.name, str(path))
        self._modules = {m.name: m for m in out.modules}

        out.components = self._substitute_resources(config.components, paths, out)
        out.services = self._substitute_resources(config.services, paths, out)
        self._in_use = in_use
        wanted = {f"package:{p.name}" for p in config.packages} | {f"module:{m.name}" for m in config.modules}
        for key in [k for k in self.states if k not in wanted]:
            del self.states[key]
        return out

    def cleanup(self, config: MachineConfig, running_modules: set[str] | frozenset[str] = frozenset()) -> None:
        """After a successful apply: drop packages and module data no longer referenced.

        ``running_modules`` keeps the data of modules that run without a config entry (built-ins).
        """
        keep = set(self._in_use.values())
        with self.cache.locked():
            self.cache.cleanup(keep)
        data_root = module_data_root(self.viam_home, config.cloud.id if config.cloud else "")
        if data_root.is_dir():
            wanted = {m.name for m in config.modules} | set(running_modules)
            for entry in data_root.iterdir():
                if entry.is_dir() and entry.name not in wanted:
                    LOG.info("removing data dir of removed module",
                             extra={"module_name": entry.name, "path": str(entry)})
                    _rmtree(entry)

    def statuses(self) -> list[PackageState]:
        return sorted(self.states.values(), key=lambda s: s.name)

    # -- packages ---------------------------------------------------------------------------------
    async def _package(self, entry: PackageConfig, config: MachineConfig) -> Path | None:
        key = f"package:{entry.name}"
        try:
            url = substitute(entry.url, {}, self.environ, f"{entry.json_path}.url")
            return await self._ensure(key, entry.name, entry.package, entry.version, entry.type, url, entry.sha256)
        except (*PACKAGE_FAILURES, ConfigError) as exc:
            return self._failed(key, entry.name, exc, config, path=entry.json_path)

    def _failed(self, key: str, name: str, exc: Exception, config: MachineConfig, path: str) -> Path | None:
        self._set(key, name, key.split(":")[0], FAILED, str(exc))
        self.needs_retry = True
        previous = self._in_use.get(key)
        if previous is not None and previous.is_dir():
            LOG.error("package update failed; keeping the installed copy: %s", exc,
                      extra={"package": name, "path": str(previous)})
            return previous
        LOG.error("package not available: %s", exc, extra={"package": name})
        config_error = ConfigError(str(exc), source=config.source, path=path)
        config.errors.append(config_error)
        return None

    async def _ensure(self, key: str, name: str, package_id: str, version: str, ptype: str, url: str,
                      sha256: str) -> Path:
        checksum = normalize_checksum(sha256) if sha256 else ""
        if version:
            cached = self.cache.lookup(PackageRef(package_id, version, ptype), checksum)
            if cached is not None:
                self._set(key, name, ptype, READY)
                return cached
        resolved = await self._resolve(package_id, version, ptype, url, checksum, name)
        if isinstance(resolved, Path):
            self._set(key, name, ptype, READY)
            return resolved
        ref = PackageRef(package_id, resolved.version, ptype)
        checksum = normalize_checksum(resolved.checksum)
        cached = self.cache.lookup(ref, checksum)
        if cached is not None:
            self._set(key, name, ptype, READY)
            return cached
        self._set(key, name, ptype, DOWNLOADING)
        path = await asyncio.to_thread(self._install, ref, resolved.url, checksum, name, key)
        self._set(key, name, ptype, READY)
        return path

    async def _resolve(self, package_id: str, version: str, ptype: str, url: str, checksum: str,
                       name: str) -> ResolvedPackage | Path:
        if url:
            return ResolvedPackage(version or checksum[:16], url, checksum)
        if self.resolver is None:
            raise ResolveError(
                f"package {name!r} ({package_id}@{version or 'latest'}) is not cached and has no 'url'/'sha256' "
                "and no cloud section to ask"
            )
        try:
            return await self.resolver.get_package(package_id, version, ptype)
        except PACKAGE_FAILURES:
            if not version:  # offline and unpinned: the newest copy we have
                latest = self.cache.latest(package_id, ptype)
                if latest is not None:
                    LOG.warning("cloud unreachable; using cached version", extra={"package": name,
                                                                                   "version": latest[0].version})
                    return latest[1]
            raise

    def _install(self, ref: PackageRef, url: str, checksum: str, label: str, key: str) -> Path:
        with self.cache.locked():
            cached = self.cache.lookup(ref, checksum)
            if cached is not None:
                return cached
            self.cache.mark_downloading(ref, checksum, url)
            verified = download(url, self.cache.verified_path(ref), checksum, label=f"package {label} ({ref})",
                                part=self.cache.partial_path(ref), timeout_s=self.download_timeout_s)
            self._set(key, label, ref.type, LOADING)
            filename = url.rstrip("/").rsplit("/", 1)[-1] or ref.dir_name
            path = self.cache.install_archive(ref, verified, checksum, url, filename=filename)
            verified.unlink(missing_ok=True)
            return path

    def _install_local(self, ref: PackageRef, archive: Path, checksum: str) -> Path:
        with self.cache.locked():
            cached = self.cache.lookup(ref, checksum)
            if cached is not None:
                return cached
            return self.cache.install_archive(ref, archive, checksum, archive.as_uri())

    # -- modules ----------------------------------------------------------------------------------
    async def _module(self, module: ModuleConfig, config: MachineConfig) -> tuple[ModuleConfig | None, Path | None]:
        key = f"module:{module.name}"
        try:
            env = substitute(module.env, {}, self.environ, f"{module.json_path}.env")
            exe = substitute(module.executable_path, {}, self.environ, f"{module.json_path}.executable_path")
            if module.type == "registry":
                path = await self._registry_module(key, module, config)
            elif exe.endswith((".tar.gz", ".tgz")):
                path = await self._tarball_module(key, module, Path(exe))
            else:
                self.states.pop(key, None)
                return dataclasses.replace(module, executable_path=exe, env=env), None
            entrypoint, first_run = _read_meta(path, module.name)
            prepared = dataclasses.replace(module, executable_path=str(path / entrypoint), env=env)
            if first_run:
                self._set(key, module.name, "module", FIRST_RUN)
                await self._first_run(prepared, path, first_run)
                self._set(key, module.name, "module", READY)
            return prepared, path
        except (*PACKAGE_FAILURES, ConfigError) as exc:
            path = self._failed(key, module.name, exc, config, module.json_path)
            previous = self._modules.get(module.name)
            if path is not None and previous is not None:
                return previous, path
            return None, None

    async def _registry_module(self, key: str, module: ModuleConfig, config: MachineConfig) -> Path:
        package_id = module.module_id.replace(":", "/")
        url = sha256 = ""
        version = "" if module.version in ("", "latest") else module.version
        for entry in config.packages:  # the pinned version and/or a self-hosted location
            if entry.type == "module" and entry.package in (module.module_id, package_id):
                version = version or ("" if entry.version == "latest" else entry.version)
                if entry.url:
                    url, sha256 = substitute(entry.url, {}, self.environ, f"{entry.json_path}.url"), entry.sha256
        return await self._ensure(key, module.name, package_id, version, "module", url, sha256)

    async def _tarball_module(self, key: str, module: ModuleConfig, archive: Path) -> Path:
        checksum = await asyncio.to_thread(_archive_checksum, archive, module.name)
        ref = PackageRef(f"local-{module.name}", checksum[:16], "module")
        path = self.cache.lookup(ref, checksum)
        if path is None:
            self._set(key, module.name, "module", LOADING)
            path = await asyncio.to_thread(self._install_local, ref, archive, checksum)
        self._set(key, module.name, "module", READY)
        return path

    async def _first_run(self, module: ModuleConfig, path: Path, script: str) -> None:
        marker = path.with_name(path.name + FIRST_RUN_MARKER)
        if marker.exists():
            return
        timeout = module.first_run_timeout_s or DEFAULT_FIRST_RUN_TIMEOUT_S
        env = {**self.environ, **module.env, "VIAM_HOME": str(self.viam_home), "VIAM_MODULE_ROOT": str(path),
               "VIAM_MODULE_NAME": module.name}
        LOG.info("running module first_run script", extra={"module_name": module.name, "script": script})
        proc = await asyncio.create_subprocess_exec(str(path / script), cwd=path, env=env,
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                                                    start_new_session=True)
        try:
            output, _ = await asyncio.wait_for(proc.communicate(), timeout)
        except TimeoutError:
            _kill_group(proc.pid)
            await proc.wait()
            raise FirstRunError(f"module {module.name!r}: first_run {script} timed out after {timeout:g}s") from None
        for line in output.decode(errors="replace").splitlines():
            LOG.info("first_run: %s", line, extra={"module_name": module.name})
        if proc.returncode != 0:
            raise FirstRunError(f"module {module.name!r}: first_run {script} exited with {proc.returncode}")
        marker.write_text(str(time.time()))

    # -- resources --------------------------------------------------------------------------------
    def _substitute_resources(self, resources: list[ResourceConfig], paths: dict[str, str],
                              out: MachineConfig) -> list[ResourceConfig]:
        result = []
        for resource in resources:
            try:
                attributes = substitute(resource.attributes, paths, self.environ, f"{resource.json_path}.attributes")
            except ConfigError as exc:
                error = ConfigError(exc.reason, source=out.source, path=exc.path)
                error.resource_name = resource.resource_name
                out.errors.append(error)
                LOG.error("config error: %s", error)
                continue
            result.append(resource if attributes == resource.attributes else
                          dataclasses.replace(resource, attributes=attributes))
        return result

    # -- helpers ----------------------------------------------------------------------------------
    def _set(self, key: str, name: str, ptype: str, state: int, error: str = "") -> None:
        self.states[key] = PackageState(name=name, type=ptype, state=state, error=error)

    def _recover(self) -> None:
        with self.cache.locked():
            self.cache.recover()
        self._recovered = True


def _archive_checksum(archive: Path, module_name: str) -> str:
    if not archive.is_file():
        raise ResolveError(f"module {module_name!r}: archive {archive} does not exist")
    return sha256_file(archive)


def _read_meta(path: Path, module_name: str) -> tuple[str, str]:
    meta_file = path / "meta.json"
    try:
        meta = json.loads(meta_file.read_text())
    except FileNotFoundError:
        raise UnpackError(f"module {module_name!r}: archive has no meta.json naming its entrypoint") from None
    except (OSError, ValueError) as exc:
        raise UnpackError(f"module {module_name!r}: meta.json is not valid JSON: {exc}") from None
    entrypoint = meta.get("entrypoint") if isinstance(meta, dict) else None
    if not isinstance(entrypoint, str) or not entrypoint:
        raise UnpackError(f"module {module_name!r}: meta.json has no 'entrypoint'")
    target = (path / entrypoint).resolve()
    if not target.is_relative_to(path.resolve()) or not target.is_file():
        raise UnpackError(f"module {module_name!r}: entrypoint {entrypoint!r} is not a file in the archive")
    first_run = meta.get("first_run") or ""
    if first_run and not (path / first_run).is_file():
        raise UnpackError(f"module {module_name!r}: first_run script {first_run!r} is not in the archive")
    return entrypoint, first_run


def _kill_group(pid: int) -> None:
    import signal

    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
