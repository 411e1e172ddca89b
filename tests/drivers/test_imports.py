"""Importing the drivers opens nothing and loads no hardware library."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_import_loads_no_hardware_library():
    code = textwrap.dedent(
        """
        import sys
        import drivers, drivers.board, drivers.gpio, drivers.i2c, drivers.i2c.sim
        import drivers.spi, drivers.serialport, drivers.camera
        # (gpiozero itself imports the spidev module if present: importing it opens nothing)
        loaded = [m for m in ("cv2", "smbus2", "serial", "lgpio", "RPi", "pigpio",
                              "gpiozero.pins.native", "gpiozero.pins.lgpio") if m in sys.modules]
        print(",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={"GPIOZERO_PIN_FACTORY": "bogus", "PATH": "/usr/bin:/bin"}, cwd=_repo_root(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def _repo_root() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[2])
