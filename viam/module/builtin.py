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
        root = self.directory.parent.parent  # the directory holding the builtin_modules package
        python_path = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
        return ModuleSpec(name=self.name, argv=(sys.executable, "-m", self.entrypoint), root=str(self.directory),
                          env=(("PYTHONPATH", python_path),), log_level=log_level, builtin=True)


def default_directory() -> Path | None:
    """``$VIAM_BUILTIN_MODULES_DIR``, else the installed ``builtin_modules`` package (not imported)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    spec = importlib.util.find_spec("builtin_modules")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def load_manifest(path: Path) -> BuiltinModule:
    try:
        data = json.loads(path.read_text())
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
        if directory is None or not directory.is_dir():
            return
        for manifest in sorted(directory.glob("*/meta.json")):
            try:
                module = load_manifest(manifest)
            except ModuleConfigError as exc:
                LOG.error("%s", exc)
                continue
            self.modules[module.name] = module
            for key in module.models:
                self._by_model.setdefault(key, module)

    def provider(self, api: API, model: Model) -> BuiltinModule | None:
        return self._by_model.get((api, model))
