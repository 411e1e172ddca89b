"""The start-up check: viam-server and viam-agent refuse a ``viam`` package that is not viam-pi's alone.

Real virtualenvs, real pip installs: viam-pi's wheel (built from this checkout) and the official
``viam-sdk`` wheel (the version the SDK referee venv uses) in one environment, as a user who
installed both would have them. Dependencies are left out (``--no-deps``): the check runs before
anything but the standard library is imported, which is the point of it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from viam.testing.sdk import VIAM_SDK_VERSION
from viam_pi.check import EXIT_CODE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.sdk, pytest.mark.timeout(600)]  # real pip installs: slow on a loaded box
QUICK_S = 20.0  # "exits at once": well under a server's start-up even on a loaded board


def _pip(venv: Path, *args: str) -> None:
    """pip (this interpreter's) installing into ``venv``'s environment."""
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    "--disable-pip-version-check", "--no-deps", *args], check=True, capture_output=True, timeout=300)


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=120)
    return path


SOURCES = ("pyproject.toml", "README.md", "viam", "viam_pi", "drivers", "builtin_modules", "provisioning")


def _not_source(directory: str, names: list[str]) -> set[str]:
    """Caches, build metadata and anything not a plain file or directory (a FIFO a test left)."""
    base = Path(directory)
    return {n for n in names if n in ("__pycache__",) or n.endswith(".egg-info")
            or not ((base / n).is_file() or (base / n).is_dir())}


def _build_wheel(out: Path, scratch: Path) -> Path:
    """viam-pi's wheel, built from a copy of the checkout (a build leaves build/ where it runs)."""
    source = scratch / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=_not_source)
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(source)], check=True, capture_output=True, timeout=300)
    return next(out.glob("viam_pi-*.whl"))


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One wheel per run: xdist workers share it (built under a lock in the run's common temp dir).

    Each worker building its own doubled the heaviest step of this file on a loaded 2-core box.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # parent: this run's, not others'
    out = shared / "viam-check-wheel"
    with open(shared / "viam-check-wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = list(out.glob("viam_pi-*.whl"))
        if built:
            return built[0]
        scratch = Path(tempfile.mkdtemp(dir=shared, prefix="viam-check-build-"))
        try:
            wheel = _build_wheel(scratch / "wheel", scratch)
            wheel.parent.rename(out)  # whole directory at once: never a half-written wheel in `out`
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return next(out.glob("viam_pi-*.whl"))


def _run(command: list[str], cwd: Path) -> tuple[int, str, float]:
    started = time.monotonic()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)
    return proc.returncode, proc.stderr, time.monotonic() - started


def test_both_in_one_venv_stops_server_and_agent_until_the_advice_is_followed(tmp_path: Path, wheel: Path) -> None:
    venv = _venv(tmp_path / "venv")
    _pip(venv, str(wheel))
    _pip(venv, f"viam-sdk=={VIAM_SDK_VERSION}")  # on top: its files overwrite and join viam-pi's
    for program in ("viam-server", "viam-agent"):
        code, err, seconds = _run([str(venv / "bin" / program)], cwd=tmp_path)
        assert code == EXIT_CODE, err
        assert seconds < QUICK_S
        assert f"{program}: cannot start: the 'viam' package at {venv}" in err
        assert "is a mix of viam-pi's files and another package's" in err
        assert "sessions_client.py" in err and f"viam-sdk {VIAM_SDK_VERSION}" in err
        assert "pip uninstall viam-sdk" in err and "its own virtualenv" in err
        assert "Traceback" not in err

    # What the message says to do works: out with the SDK, viam-pi's files back.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "uninstall", "--yes",
                    "--quiet", "viam-sdk"], check=True, capture_output=True, timeout=120)
    _pip(venv, "--force-reinstall", str(wheel))
    check = "from viam_pi.check import exit_if_viam_is_not_ours as c; c('viam-server'); print('ok')"
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", check], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60)
    assert (proc.returncode, proc.stdout.strip()) == (0, "ok"), proc.stderr


def test_the_sdk_alone_is_named(tmp_path: Path, viam_sdk_python: Path) -> None:
    """``viam`` resolving to the official SDK's package (here: the SDK referee venv)."""
    shutil.copytree(ROOT / "viam_pi", tmp_path / "viam_pi", ignore=shutil.ignore_patterns("__pycache__"))
    code, err, seconds = _run([str(viam_sdk_python), "-c", "from viam_pi.entry import server; server()"],
                              cwd=tmp_path)
    assert code == EXIT_CODE, err
    assert seconds < QUICK_S
    assert "viam-server: cannot start: the 'viam' package at" in err
    assert "is not viam-pi's (it looks like the official Viam SDK's)" in err
    assert "Traceback" not in err


def test_viam_pi_alone_passes(tmp_path: Path, wheel: Path) -> None:
    venv = _venv(tmp_path / "venv")
    _pip(venv, str(wheel))
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", "from viam_pi.check import inspect; "
                           "f = inspect(); print(repr(f.problem), f.ours_init, f.ours_files)"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.stdout.strip() == "'' True ['proctree', 'cli']", proc.stderr
