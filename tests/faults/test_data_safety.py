"""Data safety: only what this server made is removed; private dirs of dead servers go at start."""

from __future__ import annotations

import os
import subprocess

from viam.robot import private_dir


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_stale_private_dirs_of_dead_servers_are_removed_and_nothing_else(tmp_path):
    dead = tmp_path / "viam-dead"
    dead.mkdir()
    (dead / "parent.sock").write_text("")
    (dead / private_dir.MARKER).write_text(f"{_dead_pid()}\n")
    alive = tmp_path / "viam-alive"
    alive.mkdir()
    (alive / private_dir.MARKER).write_text(f"{os.getppid()}\n")
    foreign = tmp_path / "viam-not-ours"  # no marker: not made by a server
    foreign.mkdir()
    other = tmp_path / "other-dead"  # marker but not our prefix
    other.mkdir()
    (other / private_dir.MARKER).write_text(f"{_dead_pid()}\n")

    assert private_dir.remove_stale(tmp_path) == [dead]
    assert not dead.exists() and alive.is_dir() and foreign.is_dir() and other.is_dir()


async def test_a_running_machine_marks_its_private_dir(start_machine):
    machine = await start_machine({})
    assert machine.private_dir is not None
    assert (machine.private_dir / private_dir.MARKER).read_text().strip() == str(os.getpid())
    assert oct(machine.private_dir.stat().st_mode & 0o777) == "0o700"
    assert machine.private_dir not in private_dir.remove_stale(machine.private_dir.parent)
    assert machine.private_dir.is_dir()  # a live server's dir is never removed
