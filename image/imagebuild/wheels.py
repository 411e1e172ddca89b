"""Collect the wheels of the project and its dependencies for the image's CPU.

The host resolves the dependency set natively (``pip wheel``), which also turns sdist-only
pure-Python dependencies into wheels. Pure wheels are reused as they are; every wheel built for
the host's CPU is replaced by the same name and version downloaded for the target platform.
"""

from __future__ import annotations

import configparser
import logging
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .errors import StepError

log = logging.getLogger(__name__)

_WHEEL = re.compile(
    r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$"
)


def parse_wheel(filename: str) -> dict[str, str]:
    """Split a wheel filename into name, version, python, abi and platform tags."""
    match = _WHEEL.match(filename)
    if not match:
        raise StepError(f"not a wheel filename: {filename}")
    return match.groupdict()


def normalize(name: str) -> str:
    """PEP 503 project name normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_pure(filename: str) -> bool:
    return parse_wheel(filename)["plat"] == "any"


def _pip(args: list[str], log_file: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    log.info("$ %s", " ".join(cmd))
    with log_file.open("a") as out:
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise StepError(f"pip failed ({result.returncode}): {' '.join(args[:3])} ...; see {log_file}")


def build_project_wheel(project: Path, dest: Path, log_file: Path) -> Path:
    """Build the project's own (pure Python) wheel into ``dest`` and return its path."""
    dest.mkdir(parents=True, exist_ok=True)
    _pip(["wheel", "--no-deps", "-w", str(dest), str(project)], log_file)
    wheels = sorted(dest.glob("viam_pi-*.whl"))
    if not wheels:
        raise StepError(f"pip wheel produced no viam_pi wheel in {dest}")
    check_entry_points(wheels[-1])
    return wheels[-1]


def check_entry_points(wheel: Path) -> None:
    """Fail the build when a console script's module is not in the wheel (it would not start)."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
        if entry_points is None:
            raise StepError(f"{wheel.name} has no entry_points.txt: no viam-server/viam-agent commands")
        parser = configparser.ConfigParser()
        parser.read_string(archive.read(entry_points).decode())
    for script, target in parser.items("console_scripts") if parser.has_section("console_scripts") else []:
        module = target.split(":")[0].strip().replace(".", "/")
        if f"{module}.py" not in names and f"{module}/__init__.py" not in names:
            raise StepError(f"{wheel.name}: console script {script!r} needs {target.strip()!r}, "
                            f"which the wheel does not contain (is its package in image/imagebuild/inputs.py?)")


def collect(
    project_wheel: Path,
    extras: tuple[str, ...],
    platforms: tuple[str, ...],
    cross: bool,
    dest: Path,
    log_file: Path,
    from_debian: frozenset[str] = frozenset(),
) -> list[Path]:
    """Fill ``dest`` with every wheel needed to install ``project_wheel[extras]`` on the target."""
    host_dir = dest.parent / (dest.name + "-host")
    shutil.rmtree(host_dir, ignore_errors=True)
    shutil.rmtree(dest, ignore_errors=True)
    host_dir.mkdir(parents=True)
    dest.mkdir(parents=True)
    requirement = f"{project_wheel}[{','.join(extras)}]" if extras else str(project_wheel)
    log.info("resolving Python dependencies of %s", requirement)
    _pip(["wheel", "--prefer-binary", "-w", str(host_dir), requirement], log_file)
    foreign = []
    for wheel in sorted(host_dir.glob("*.whl")):
        if not cross or is_pure(wheel.name):
            shutil.copy2(wheel, dest / wheel.name)
        else:
            info = parse_wheel(wheel.name)
            if normalize(info["name"]) in {normalize(n) for n in from_debian}:
                log.info("%s comes from Debian in the image (no %s wheel on PyPI)", info["name"], platforms[0])
                continue
            foreign.append(f"{info['name']}=={info['version']}")
    if foreign:
        log.info("fetching %d compiled wheels for %s: %s", len(foreign), platforms[0], " ".join(foreign))
        platform_args = [arg for tag in platforms for arg in ("--platform", tag)]
        _pip(
            ["download", "--no-deps", "--only-binary=:all:", *platform_args, "--python-version", "3.11",
             "--implementation", "cp", "--abi", "cp311", "-d", str(dest), *foreign],
            log_file,
        )
    shutil.rmtree(host_dir, ignore_errors=True)
    wheels = sorted(dest.glob("*.whl"))
    log.info("%d wheels ready for the image", len(wheels))
    return wheels
