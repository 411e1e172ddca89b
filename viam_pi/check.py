"""Is the ``viam`` package Python will import this project's, and only this project's?

The official Viam SDK (PyPI ``viam-sdk``) installs a top-level package also named ``viam``. In
one environment the two overwrite or hide each other: a server that imports the SDK's files
fails later with an unrelated ImportError. The check looks, without running any of it, at the
package Python would import and at what else is installed, and says what it found.
Only the standard library is used here: this runs before anything of ``viam`` is imported.
"""

from __future__ import annotations

import importlib.machinery
import importlib.metadata
import importlib.util
import sys
from dataclasses import dataclass, field

MARKER = "VIAM_PI = True"  # a line of viam-pi's viam/__init__.py
OURS_ONLY = ("proctree", "cli")  # modules only viam-pi's viam has
SDK_ONLY = ("sessions_client", "version_metadata", "_native", "streams")  # only the SDK's has
EXIT_CODE = 78  # EX_CONFIG: the installation, not the machine's config, is wrong


@dataclass
class Finding:
    where: str = ""  # the directory (or archive) Python imports ``viam`` from
    ours_init: bool = False
    ours_files: list[str] = field(default_factory=list)
    sdk_files: list[str] = field(default_factory=list)
    sdk_installs: list[str] = field(default_factory=list)  # "viam-sdk 0.85.1 at /venv/lib/.../site-packages"

    @property
    def problem(self) -> str:
        """'' when ``viam`` is this project's alone, else what is wrong, in one sentence."""
        if not self.where:
            return "no package named 'viam' can be found"
        if not self.ours_init and not self.ours_files:
            return f"the 'viam' package at {self.where} is not viam-pi's (it looks like the official Viam SDK's)"
        if self.sdk_files or not self.ours_init or len(self.ours_files) < len(OURS_ONLY):
            files = ", ".join(f"{name}.py" for name in self.sdk_files)
            sdk = f": {files} come from the official SDK" if files else ""
            also = f" ({'; '.join(self.sdk_installs)} is installed here too)" if self.sdk_installs else ""
            return f"the 'viam' package at {self.where} is a mix of viam-pi's files and another package's{sdk}{also}"
        if self.sdk_installs:
            return (f"the official Viam SDK ({'; '.join(self.sdk_installs)}) is installed in the same environment "
                    "as viam-pi; both are the package 'viam', so one hides the other")
        return ""


def inspect() -> Finding:
    """What ``import viam`` resolves to here (nothing of it is executed)."""
    finding = Finding()
    try:
        spec = importlib.util.find_spec("viam")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        locations = list(spec.submodule_search_locations)
        finding.where = ", ".join(locations)
        finding.ours_init = MARKER in _source(spec)
        finding.ours_files = [n for n in OURS_ONLY if _has(n, locations)]
        finding.sdk_files = [n for n in SDK_ONLY if _has(n, locations)]
    for dist in importlib.metadata.distributions(name="viam-sdk"):
        finding.sdk_installs.append(f"viam-sdk {dist.version} at {dist.locate_file('')}")
    return finding


def _source(spec: importlib.machinery.ModuleSpec) -> str:
    loader = spec.loader
    try:
        return (loader.get_source("viam") if loader is not None and hasattr(loader, "get_source") else "") or ""
    except (ImportError, OSError):
        return ""


def _has(name: str, locations: list[str]) -> bool:
    try:
        return importlib.machinery.PathFinder.find_spec(name, locations) is not None
    except (ImportError, ValueError):
        return False


def advice(program: str, finding: Finding) -> str:
    python = sys.executable
    return "\n".join([
        f"{program}: cannot start: {finding.problem}.",
        "The official SDK (viam-sdk) is also the top-level package 'viam', so it cannot share an environment "
        "with viam-pi. Keep it in its own virtualenv:",
        f"  {python} -m pip uninstall viam-sdk          # take it out of this environment",
        f"  {python} -m pip install --force-reinstall --no-deps <viam-pi wheel or checkout>"
        "   # restore viam-pi's files ('make install' in a checkout)",
        "  python3 -m venv ~/viam-sdk-venv && ~/viam-sdk-venv/bin/pip install viam-sdk   # for SDK scripts and modules",
        "Run SDK scripts from a directory without a viam/ folder in it (a viam-pi checkout's viam/ hides the SDK).",
    ])


def exit_if_viam_is_not_ours(program: str) -> None:
    """Exit at once (status ``EXIT_CODE``) with ``advice`` when ``viam`` is not this project's alone."""
    finding = inspect()
    if finding.problem:
        print(advice(program, finding), file=sys.stderr)
        sys.exit(EXIT_CODE)
