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
