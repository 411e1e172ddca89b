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


# protoc for the SDK venv's protobuf runtime (6.x): grpcio-tools 1.76 emits gencode for protobuf 6.31,
# which that runtime loads; newer grpcio-tools emit 7.x gencode, which it refuses.
SDK_GRPCIO_TOOLS_VERSION = "1.76.0"


def generate_sdk_protos(proto: Path, out_dir: Path, cache_dir: Path | None = None) -> Path:
    """Generate ``<stem>_pb2.py`` and grpclib ``<stem>_grpc.py`` for the SDK venv, as a module author would.

    grpcio-tools is installed once (no dependencies: protobuf comes from the SDK venv) into a cached
    directory beside the venv; the grpclib plugin is the one the SDK venv ships. Returns ``out_dir``.
    """
    python = ensure_sdk_venv(cache_dir)
    cache_dir = cache_dir or default_cache_dir()
    tools = cache_dir / f"grpcio-tools-{SDK_GRPCIO_TOOLS_VERSION}"
    with open(cache_dir / f".grpcio-tools-{SDK_GRPCIO_TOOLS_VERSION}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (tools / ".complete").exists():
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            "--no-deps", "--upgrade", "--target", str(tools),
                            f"grpcio-tools=={SDK_GRPCIO_TOOLS_VERSION}"], check=True)
            (tools / ".complete").write_text(SDK_GRPCIO_TOOLS_VERSION)
    out_dir.mkdir(parents=True, exist_ok=True)
    plugin = python.parent / "protoc-gen-grpclib_python"
    env = {**os.environ, "PYTHONPATH": str(tools)}
    subprocess.run([str(python), "-m", "grpc_tools.protoc", f"-I{proto.parent}", f"--python_out={out_dir}",
                    f"--plugin=protoc-gen-grpclib_python={plugin}", f"--grpclib_python_out={out_dir}",
                    proto.name], check=True, env=env, cwd=proto.parent, capture_output=True)
    return out_dir
