"""Built-in modules: module executables shipped with the server, started on demand.

Each built-in module is a package under ``builtin_modules/`` with a ``meta.json`` manifest::

    {"name": "system-sensors", "entrypoint": "builtin_modules.system_sensors",
     "description": "...", "models": [{"api": "rdk:component:sensor", "model": "viam-pi:system:host-stats"}]}

The server reads manifests only (it never imports ``builtin_modules``) and runs a module as
``python -m <entrypoint> <socket> --log-level=X`` when the config uses one of its models and
no module or in-process model provides it.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from viam.module.errors import ModuleConfigError
from viam.module.managed import ModuleSpec
from viam.resource.names import API, Model

LOG = logging.getLogger(__name__)
ENV_DIR = "VIAM_BUILTIN_MODULES_DIR"


@dataclass(frozen=True)
class BuiltinModule:
    name: str
    entrypoint: str
    directory: Path
    models: tuple[tuple[API, Model], ...]
    description: str = ""

    def spec(self, log_level: str = "info") -> ModuleSpec:
        # The sys.path entry holding the builtin_modules package: a directory, or the zipapp itself
        # (Python imports from a zip on PYTHONPATH), so the module runs from every form we ship in.
        root = self.directory.parent.parent
        python_path = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
        # A module inside a zip has no directory of its own to run in.
        module_root = str(self.directory) if self.directory.is_dir() else ""
        return ModuleSpec(name=self.name, argv=(sys.executable, "-m", self.entrypoint), root=module_root,
                          env=(("PYTHONPATH", python_path),), log_level=log_level, builtin=True)


def default_directory() -> Path | None:
    """``$VIAM_BUILTIN_MODULES_DIR``, else the installed ``builtin_modules`` package (not imported)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    spec = importlib.util.find_spec("builtin_modules")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _zip_archive(location: Path) -> Path | None:
    """The zip file ``location`` lies inside (``app.pyz/builtin_modules`` -> ``app.pyz``), if any."""
    for candidate in (location, *location.parents):
        if candidate.is_file():
            return candidate if zipfile.is_zipfile(candidate) else None
    return None


def manifests(directory: Path) -> list[tuple[Path, str]]:
    """``(module directory, meta.json text)`` for each built-in module, from a directory or a zipapp."""
    if directory.is_dir():
        return [(m.parent, m.read_text()) for m in sorted(directory.glob("*/meta.json"))]
    archive = _zip_archive(directory)
    if archive is None:
        return []
    inner = directory.relative_to(archive).as_posix().strip("/") + "/"
    found = []
    with zipfile.ZipFile(archive) as zipped:
        for name in sorted(zipped.namelist()):
            rest = name[len(inner):] if name.startswith(inner) else ""
            if rest.count("/") == 1 and rest.endswith("/meta.json"):
                found.append((directory / rest.split("/")[0], zipped.read(name).decode("utf-8")))
    return found


def load_manifest(path: Path, text: str | None = None) -> BuiltinModule:
    try:
        data = json.loads(path.read_text() if text is None else text)
        models = tuple((API.parse(m["api"]), Model.parse(m["model"])) for m in data["models"])
        return BuiltinModule(name=str(data["name"]), entrypoint=str(data["entrypoint"]), directory=path.parent,
                             models=models, description=str(data.get("description", "")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModuleConfigError(f"bad built-in module manifest {path}: {exc}") from None


class BuiltinCatalog:
    """Every built-in module's manifest, and which one provides a model."""

    def __init__(self, directory: Path | None = None) -> None:
        self.modules: dict[str, BuiltinModule] = {}
        self._by_model: dict[tuple[API, Model], BuiltinModule] = {}
        directory = directory if directory is not None else default_directory()
        if directory is None:
            return
        for module_dir, text in manifests(directory):
            try:
                module = load_manifest(module_dir / "meta.json", text)
            except ModuleConfigError as exc:
                LOG.error("%s", exc)
                continue
            self.modules[module.name] = module
            for key in module.models:
                self._by_model.setdefault(key, module)

    def provider(self, api: API, model: Model) -> BuiltinModule | None:
        return self._by_model.get((api, model))

    def models(self) -> list[tuple[API, Model]]:
        """Every (API, model) some built-in module provides."""
        return sorted(self._by_model)
