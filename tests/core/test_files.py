"""viam.files: the one durable write (temp file, fsync, rename, fsync of the directory)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from viam.files import atomic_write, atomic_write_json, commit_file


def test_atomic_write_replaces_with_the_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "secret.json"
    atomic_write(path, "old")
    atomic_write(path, b"new", mode=0o600)
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["secret.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    atomic_write_json(path, {"version": 1})
    with pytest.raises(TypeError):
        atomic_write_json(path, {"version": object()})  # not JSON: fails before anything is renamed
    with pytest.raises(TypeError):
        atomic_write(path, 42)  # type: ignore[arg-type]  # fails inside the temp file
    assert json.loads(path.read_text()) == {"version": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_commit_file_moves_a_written_file_over_the_target(tmp_path: Path) -> None:
    tmp, target = tmp_path / "x.part", tmp_path / "x"
    target.write_text("old")
    tmp.write_text("new")
    commit_file(tmp, target)
    assert target.read_text() == "new" and not tmp.exists()
