"""The versioned artifact is one executable file that runs on its own (zipapp)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from viam.agent.artifact import build_zipapp


def test_zipapp_artifact_runs(tmp_path: Path) -> None:
    out = build_zipapp(tmp_path / "viam-agent-9.9.9", version="9.9.9", entry="viam.agent.cli:main",
                       interpreter=sys.executable)
    assert out.stat().st_mode & 0o111
    result = subprocess.run([str(out), "status", "--root", str(tmp_path / "root")], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 3, result.stderr
    assert "viam-agent: not running" in result.stdout


def test_build_artifact_defaults_to_this_interpreter(tmp_path: Path) -> None:
    out = tmp_path / "viam-server-1.2.3"
    result = subprocess.run([sys.executable, "-m", "viam.agent.cli", "build-artifact", "--version", "1.2.3",
                             "--out", str(out), "--root", str(tmp_path / "root")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().split(b"\n", 1)[0] == f"#!{sys.executable}".encode()


def test_build_artifact_refuses_an_interpreter_without_the_dependencies(tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    out = tmp_path / "viam-server-1.2.3"
    result = subprocess.run([sys.executable, "-m", "viam.agent.cli", "build-artifact", "--version", "1.2.3",
                             "--out", str(out), "--root", str(tmp_path / "root"),
                             "--python", str(bare / "bin" / "python")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "cannot run the artifact" in result.stderr and "No module named 'grpc'" in result.stderr
    assert not out.exists()
