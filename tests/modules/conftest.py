"""Fixtures for module tests: executable wrappers for test modules, fast timeouts, polling."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from viam.module.settings import ModuleSettings

HERE = Path(__file__).resolve().parent
OUR_MODULES = HERE / "our_modules"
SDK_MODULES = HERE / "sdk_modules"

FAST = ModuleSettings(startup_timeout_s=20, stop_grace_s=1.0, remove_budget_s=2.0, shutdown_timeout_s=10,
                      restart_min_s=0.05, restart_max_s=0.4, stable_after_s=3.0, call_timeout_s=15)


def write_executable(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def our_module(tmp_path: Path) -> Callable[[str], str]:
    """An executable that runs ``our_modules/<script>`` with this suite's python."""

    def make(script: str, name: str | None = None) -> str:
        wrapper = tmp_path / f"run-{name or Path(script).stem}.sh"
        return str(write_executable(wrapper, f'exec "{sys.executable}" "{OUR_MODULES / script}" "$@"\n'))

    return make


@pytest.fixture
def sdk_module(tmp_path: Path, viam_sdk_python: Path) -> Callable[[str], str]:
    """An executable that runs ``sdk_modules/<script>`` with the official viam-sdk's python."""

    def make(script: str) -> str:
        wrapper = tmp_path / f"run-sdk-{Path(script).stem}.sh"
        return str(write_executable(wrapper, f'exec "{viam_sdk_python}" "{SDK_MODULES / script}" "$@"\n'))

    return make


@pytest.fixture
def shell_module(tmp_path: Path) -> Callable[[str, str], str]:
    """An executable shell script module (for misbehaving modules)."""

    def make(name: str, body: str) -> str:
        return str(write_executable(tmp_path / f"{name}.sh", body))

    return make


@pytest.fixture(autouse=True)
def _viam_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIAM_HOME", str(tmp_path / "viam-home"))


async def eventually(check: Callable[[], Any], timeout_s: float = 10.0, interval_s: float = 0.02) -> Any:
    """Poll ``check`` (sync or async) until it returns truthy without raising; return that value."""
    deadline = time.monotonic() + timeout_s
    last: BaseException | None = None
    while True:
        try:
            value = check()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - keep polling; report the last failure
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s}s (last error: {last!r})")
        await asyncio.sleep(interval_s)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    return True
