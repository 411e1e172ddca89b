"""A virtualenv holding the official ``viam-sdk``, the compatibility referee in tests.

Its top-level package is also ``viam``, so it lives in its own venv and test scripts run in
that interpreter. The venv is cached between runs and created once under a file lock, so
parallel test workers share it.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

VIAM_SDK_VERSION = "0.85.1"


def default_cache_dir() -> Path:
    base = os.environ.get("VIAM_SDK_VENV_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "viam-pi"
    )
    return Path(base)


def ensure_sdk_venv(cache_dir: Path | None = None, version: str = VIAM_SDK_VERSION) -> Path:
    """Return the python executable of a venv with ``viam-sdk==version`` (creating it if needed)."""
    cache_dir = cache_dir or default_cache_dir()
    cache_dir.mkdir(parents=True, exist_ok=True)
    venv = cache_dir / f"viam-sdk-{version}"
    python = venv / "bin" / "python"
    marker = venv / ".complete"
    with open(cache_dir / f".viam-sdk-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            f"viam-sdk=={version}"], check=True)
            marker.write_text(version)
    return python
