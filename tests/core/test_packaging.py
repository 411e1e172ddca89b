"""The wheel carries every data file the packages need at run time (manifests, the web page, protos)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("viam", "drivers", "builtin_modules", "provisioning")


def test_wheel_contains_package_data(tmp_path):
    tracked = subprocess.run(["git", "ls-files", *PACKAGES], cwd=REPO, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    data_files = {f for f in tracked.stdout.split() if not f.endswith(".py")}
    assert {"viam/web/page.html", "builtin_modules/raspberry_pi/meta.json"} <= data_files
    # Build from a fresh copy of the tracked files: an in-tree build/ directory would hide omissions.
    src = tmp_path / "src"
    everything = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.split()
    for name in everything:
        if (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path), str(src)], capture_output=True, text=True, timeout=300)
    if build.returncode != 0 and "No module named" in build.stderr:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip()[-200:]}")
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(f for f in data_files if f not in names)
    assert not missing, f"data files left out of the wheel: {missing}"
