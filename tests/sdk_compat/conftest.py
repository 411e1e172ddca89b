"""Run scripts under the official viam-sdk against a real viam-server child."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent / "scripts"


def run_compat_script(python: Path, script: str, *args: str, timeout_s: float = 60) -> str:
    """Run ``scripts/<script>`` with the SDK's python; fail the test with its output on error."""
    proc = subprocess.run([str(python), str(SCRIPTS / script), *args], capture_output=True, text=True,
                          timeout=timeout_s)
    if proc.returncode != 0:
        pytest.fail(f"{script} failed (exit {proc.returncode}):\nSTDOUT:\n{proc.stdout}\nSTDERR:\n{proc.stderr}")
    return proc.stdout


async def run_compat_script_async(python: Path, script: str, *args: str, timeout_s: float = 60) -> str:
    """Same, without blocking the event loop (for tests that run a server in-process)."""
    return await asyncio.to_thread(run_compat_script, python, script, *args, timeout_s=timeout_s)
