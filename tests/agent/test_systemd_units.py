"""Every unit in systemd/ passes ``systemd-analyze verify``; the agent unit has the required keys."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "systemd"
UNIT_SUFFIXES = (".service", ".socket", ".timer", ".path", ".target", ".mount")


def test_agent_unit_directives() -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNITS / "viam-agent.service")
    service, unit = parser["Service"], parser["Unit"]
    assert service["Type"] == "notify"
    assert service["Restart"] == "always"
    assert service["KillMode"] == "mixed"
    assert unit["StartLimitIntervalSec"] == "0"
    assert int(service["WatchdogSec"]) > 0
    # Nested stop budgets: the agent's SIGTERM grace for viam-server must fit inside systemd's.
    from viam.agent.config import DEFAULTS

    assert DEFAULTS["supervisor"]["stop_grace_s"] + 10 < int(service["TimeoutStopSec"])


@pytest.mark.parametrize("unit", sorted(p.name for p in UNITS.iterdir() if p.name.endswith(UNIT_SUFFIXES)))
def test_systemd_analyze_verify(unit: str, tmp_path: Path) -> None:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze not installed (Debian package: systemd)")
    text = (UNITS / unit).read_text()
    # verify checks that ExecStart binaries exist; point /opt/viam paths at stand-ins under tmp.
    for exe in set(re.findall(r"(/opt/viam/\S+)", text)):
        stand_in = tmp_path / exe.lstrip("/")
        stand_in.parent.mkdir(parents=True, exist_ok=True)
        stand_in.write_text("#!/bin/sh\n")
        stand_in.chmod(0o755)
    (tmp_path / unit).write_text(text.replace("/opt/viam/", f"{tmp_path}/opt/viam/"))
    result = subprocess.run([tool, "verify", str(tmp_path / unit)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{unit}:" not in result.stderr, result.stderr
