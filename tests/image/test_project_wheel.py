"""The image's own wheel: built from the copy of the project the image build makes, it starts.

Fast (one ``pip wheel`` of the project, no image): the image's wheel once lacked ``viam_pi``,
where the console scripts start, so every image's viam-agent failed to import at boot.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "image"))

from imagebuild import inputs, wheels  # noqa: E402
from imagebuild.errors import StepError  # noqa: E402


def test_the_image_takes_every_package_the_distribution_has():
    paths = inputs.project_paths(REPO)
    for package in ("viam", "viam_pi", "drivers", "builtin_modules", "provisioning"):
        assert package in paths
    assert "tests" not in paths and "image" not in paths


def test_wheel_built_from_the_copied_project_runs_its_console_scripts(tmp_path):
    inputs.copy_project(REPO, tmp_path / "src")
    wheel = wheels.build_project_wheel(tmp_path / "src", tmp_path / "wheel", tmp_path / "build.log")
    names = zipfile.ZipFile(wheel).namelist()
    assert "viam_pi/entry.py" in names and "builtin_modules/raspberry_pi/__main__.py" in names
    # The entry module imports from the wheel alone (not from this checkout).
    probe = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                            "import viam_pi.entry, viam_pi.entry as e; print(e.__file__)", str(wheel)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().startswith(str(wheel)), probe.stdout


def test_a_wheel_missing_a_console_scripts_module_fails_the_build(tmp_path):
    wheel = tmp_path / "viam_pi-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("viam/__init__.py", "")
        archive.writestr("viam_pi-0.1.0.dist-info/entry_points.txt",
                         "[console_scripts]\nviam-agent = viam_pi.entry:agent\n")
    with pytest.raises(StepError, match="viam-agent.*viam_pi.entry:agent.*does not contain"):
        wheels.check_entry_points(wheel)
