"""lgpio's FIFOs go to the module's data directory (LG_WD), never into the working directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("data_dir", [True, False])
def test_lgpio_probe_leaves_nothing_in_the_working_directory(tmp_path, data_dir):
    pytest.importorskip("lgpio")
    cwd, data = tmp_path / "cwd", tmp_path / "data"
    cwd.mkdir()
    data.mkdir()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    if data_dir:
        env["VIAM_MODULE_DATA"] = str(data)
    code = ("import os\nfrom drivers.gpio.factory import make_pin_factory\n"
            "try:\n    make_pin_factory('lgpio')\nexcept Exception:\n    pass\nprint(os.environ['LG_WD'])\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(data if data_dir else tmp_path)
    assert list(cwd.iterdir()) == [], "lgpio left files in the working directory"
