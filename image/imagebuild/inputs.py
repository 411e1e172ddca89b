"""The inputs of an image build: which files count, their hash, and the build timestamp."""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

# What goes into the image from the repository (besides image/ itself), beside the Python packages
# that pyproject.toml's package discovery takes (project_paths).
PROJECT_FILES = ("pyproject.toml", "README.md", "systemd")
_SKIP_DIRS = {"__pycache__", "out", ".pytest_cache", ".ruff_cache", "build", "dist", "node_modules"}
# The control page's sources (built into viam/web/static by `make page`, which the wheel ships).
PAGE_PATHS = ("web/src", "web/package-lock.json", "web/build.mjs", "web/index.html", "web/style.css")
log = logging.getLogger(__name__)
_FALLBACK_EPOCH = 1735689600  # 2025-01-01, used when the checkout has no commit to date from


def project_paths(repo: Path) -> tuple[str, ...]:
    """PROJECT_FILES and every top-level package that ``[tool.setuptools.packages.find]`` includes.

    Read from pyproject.toml rather than listed here, so a package added to the distribution
    (viam_pi, once) cannot be left out of the image's wheel while every other install has it.
    """
    find = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    include, exclude = find.get("include", ["*"]), find.get("exclude", [])
    packages = sorted(
        child.name for child in repo.iterdir()
        if (child / "__init__.py").is_file()
        and any(fnmatch.fnmatchcase(child.name, pattern) for pattern in include)
        and not any(fnmatch.fnmatchcase(child.name, pattern) for pattern in exclude)
    )
    return (*PROJECT_FILES, *packages)


def _files(base: Path) -> list[Path]:
    if base.is_file():
        return [base]
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.endswith(".egg-info"))
        found.extend(Path(dirpath) / f for f in sorted(filenames) if not f.endswith((".pyc", ".pyo")))
    return found


def input_files(repo: Path, board: str) -> list[Path]:
    """Every file whose content decides the image of ``board``, in a stable order."""
    files: list[Path] = []
    recipe = ("image/build", "image/imagebuild", "image/hooks", "image/rootfs", f"image/boards/{board}")
    for rel in (*project_paths(repo), *PAGE_PATHS, *recipe):
        path = repo / rel
        if path.exists():
            files.extend(_files(path))
    return sorted(files)


def input_hash(repo: Path, board: str, *extra: str) -> str:
    """sha256 over the input files' paths and contents plus ``extra`` settings (arch, mirror...)."""
    digest = hashlib.sha256()
    for item in (board, *extra):
        digest.update(f"setting:{item}\n".encode())
    for path in input_files(repo, board):
        digest.update(f"file:{path.relative_to(repo)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def source_date_epoch(repo: Path) -> int:
    """SOURCE_DATE_EPOCH from the environment, else the last commit's time, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    if result.returncode == 0 and result.stdout.strip().isdigit():
        return int(result.stdout.strip())
    return _FALLBACK_EPOCH


def git_commit(repo: Path) -> str:
    result = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def build_page(repo: Path, log_file: Path) -> bool:
    """Build the control page into the checkout (``make page``) so the wheel ships it; False without npm."""
    if shutil.which("npm") is None or shutil.which("make") is None:
        log.warning("npm not found: the image's server will serve the plain status page, not the control page")
        return (repo / "viam" / "web" / "static" / "app.js").is_file()
    with log_file.open("a") as out:
        subprocess.run(["make", "-C", str(repo), "page"], stdout=out, stderr=subprocess.STDOUT, check=True)
    return True


def copy_project(repo: Path, dest: Path) -> None:
    """Copy the Python distribution's sources to ``dest`` so the wheel builds outside the checkout."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for rel in project_paths(repo):
        src = repo / rel
        if src.is_dir():
            shutil.copytree(src, dest / rel, ignore=ignore, symlinks=True)
        elif src.is_file():
            shutil.copy2(src, dest / rel)
    readme = dest / "README.md"
    if not readme.exists():  # pyproject names it; the checkout may not have one yet
        readme.write_text("viam-pi\n")
