"""Fixtures of the fault-injection suite: test-module wrappers and fast module timeouts."""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

MODULES = Path(__file__).resolve().parent / "modules"
# Module timeouts for server processes under test (env of viam-server): shutdown paths in seconds.
FAST_MODULE_ENV = {"VIAM_MODULE_STOP_GRACE": "2", "VIAM_MODULE_REMOVE_TIMEOUT": "2",
                   "VIAM_MODULE_SHUTDOWN_TIMEOUT": "10", "VIAM_MODULE_RESTART_MIN": "0.05",
                   "VIAM_MODULE_RESTART_MAX": "0.4", "VIAM_MODULE_STARTUP_TIMEOUT": "20"}


@pytest.fixture
def test_module(tmp_path: Path) -> Callable[[str], str]:
    """An executable running ``modules/<script>`` with this suite's python."""

    def make(script: str) -> str:
        wrapper = tmp_path / f"run-{Path(script).stem}.sh"
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{MODULES / script}" "$@"\n')
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
        return str(wrapper)

    return make
