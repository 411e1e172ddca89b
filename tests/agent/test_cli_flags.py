"""viam-agent takes the reference agent's flags (its unit files and install scripts pass them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from viam.agent.cli import _parser
from viam.agent.paths import AgentPaths


def agent(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "viam.agent.cli", *args], capture_output=True, text=True, timeout=60)


def test_version_flag_short_and_long():
    for flag in ("-v", "--version"):
        result = agent(flag)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("viam-agent ")


def test_reference_flags_parse():
    args = _parser().parse_args(["run", "-c", "/x/viam.json", "--defaults", "/x/d.json", "--viam-dir", "/x/opt",
                                 "-d", "--enable-networking=false", "--enable-syscfg", "-w", "--dev-mode"])
    assert (args.machine_config, args.defaults, args.viam_dir, args.debug) == ("/x/viam.json", "/x/d.json",
                                                                              "/x/opt", True)
    assert args.enable_networking is False and args.enable_syscfg is True


def test_paths_follow_the_flags(tmp_path: Path):
    paths = AgentPaths.under(tmp_path, machine_config=str(tmp_path / "c.json"), viam_dir=str(tmp_path / "v"))
    assert paths.machine_config == tmp_path / "c.json"
    assert paths.defaults_config == tmp_path / "etc" / "viam-defaults.json"
    assert paths.bin_dir == tmp_path / "v" / "bin" and paths.lock_file.parent == tmp_path / "v"


def test_install_writes_the_unit(tmp_path: Path):
    result = agent("--install", "--root", str(tmp_path))
    assert result.returncode == 0, result.stderr
    unit = (tmp_path / "etc" / "systemd" / "system" / "viam-agent.service").read_text()
    assert "Type=notify" in unit
    [exec_start] = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    assert exec_start.endswith("--root " + str(tmp_path))


def test_status_honours_viam_dir(tmp_path: Path):
    result = agent("status", "--root", str(tmp_path), "--viam-dir", str(tmp_path / "elsewhere"))
    assert result.returncode == 3
    assert "not running" in result.stdout
