"""One viam-server per VIAM_HOME: a second one exits at once, naming the home and the holder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from viam.robot.home_lock import LOCK_NAME, HomeInUseError, HomeLock
from viam.testing.process import ServerProcess


def test_a_second_server_on_the_same_home_exits_at_once_naming_it_and_the_holder(tmp_path):
    home = tmp_path / "home"
    with ServerProcess({}, tmp_path, name="first", env={"VIAM_HOME": str(home)}) as first:
        assert first.proc is not None
        second = subprocess.run([sys.executable, "-m", "viam.cli.server", "-config", str(first.config_path)],
                                env={**os.environ, "VIAM_HOME": str(home)}, capture_output=True, text=True,
                                timeout=60)
        out = second.stdout + second.stderr
        assert second.returncode == 1, out
        assert f"VIAM_HOME {home} is in use by another viam-server (pid {first.proc.pid}" in out, out
        assert "serving" not in out, "the second server started listening before refusing"
        assert first.proc.poll() is None  # the first one is untouched
    # Stopped (lock released): the home can be used again at once.
    with ServerProcess({}, tmp_path, name="again", env={"VIAM_HOME": str(home)}):
        pass


def test_the_lock_is_not_inherited_and_dies_with_its_holder(tmp_path):
    lock = HomeLock(tmp_path / "home")
    lock.acquire()
    try:
        assert (tmp_path / "home" / LOCK_NAME).read_text().strip() == str(os.getpid())
        # A child (as a module is), even one given every fd, does not hold it after exec.
        fds = ("import os\nfor f in os.listdir('/proc/self/fd'):\n    try:\n"
               "        print(os.readlink(f'/proc/self/fd/{f}'))\n    except OSError:\n        pass\n")
        out = subprocess.run([sys.executable, "-c", fds], capture_output=True, text=True, timeout=30,
                             close_fds=False, check=True).stdout
        assert LOCK_NAME not in out, out
        with pytest.raises(HomeInUseError, match=str(os.getpid())):
            HomeLock(tmp_path / "home").acquire()
    finally:
        lock.release()
    with HomeLock(tmp_path / "home"):  # released: free again
        pass


def test_test_servers_get_a_home_each(tmp_path):
    """Two servers of one test in one workdir never share a home (the second would refuse to start)."""
    with ServerProcess({}, tmp_path, name="a") as a, ServerProcess({}, tmp_path, name="b") as b:
        assert a.env["VIAM_HOME"] != b.env["VIAM_HOME"]
        assert a.proc is not None and b.proc is not None
        assert a.proc.poll() is None and b.proc.poll() is None
