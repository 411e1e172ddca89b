"""``${packages.NAME}`` and ``${environment.VAR}`` substitution in config values.

``${packages.NAME}`` and ``${packages.TYPE.NAME}`` become the package's directory in the cache
(a module's by its module name); ``${environment.VAR}`` becomes the variable's value. An unknown
name is an error naming the placeholder, so the entry that uses it is reported, not half-applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from viam.errors import ConfigError

_PLACEHOLDER = re.compile(r"\$\{(packages|environment)\.([^}]+)\}")


def substitute(value: Any, packages: Mapping[str, str], environ: Mapping[str, str], path: str) -> Any:
    """Return ``value`` with placeholders replaced in every string (dicts and lists walked)."""
    if isinstance(value, str):
        return _substitute_text(value, packages, environ, path)
    if isinstance(value, dict):
        return {k: substitute(v, packages, environ, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, packages, environ, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def has_placeholder(value: Any) -> bool:
    if isinstance(value, str):
        return _PLACEHOLDER.search(value) is not None
    if isinstance(value, dict):
        return any(has_placeholder(v) for v in value.values())
    if isinstance(value, list):
        return any(has_placeholder(v) for v in value)
    return False


def _substitute_text(text: str, packages: Mapping[str, str], environ: Mapping[str, str], path: str) -> str:
    def replace(match: re.Match[str]) -> str:
        kind, key = match.group(1), match.group(2)
        if kind == "environment":
            if key not in environ:
                raise ConfigError(f"placeholder {match.group(0)}: environment variable {key!r} is not set", path=path)
            return environ[key]
        name = key.rsplit(".", 1)[-1]  # packages.NAME or packages.TYPE.NAME
        if name not in packages:
            known = ", ".join(sorted(packages)) or "none"
            raise ConfigError(
                f"placeholder {match.group(0)}: no installed package named {name!r} (installed: {known})", path=path
            )
        return packages[name]

    return _PLACEHOLDER.sub(replace, text)
