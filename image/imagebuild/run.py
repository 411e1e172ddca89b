"""Run external commands with their output in the build log and progress on the console."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from .errors import StepError

log = logging.getLogger(__name__)

# Lines worth showing on the console while a long command runs; everything goes to the log.
_PROGRESS = re.compile(r"^(I:|W:|E:|Setting up |update-initramfs|Successfully installed|Collecting )")


def run(
    cmd: Sequence[str],
    log_file: Path,
    *,
    env: Mapping[str, str] | None = None,
    progress: bool = False,
    cwd: Path | None = None,
) -> None:
    """Run ``cmd``; append its output to ``log_file``; raise StepError naming the log on failure."""
    log.debug("$ %s", " ".join(cmd))
    started = time.monotonic()
    with log_file.open("a") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        # Its own process group, so an interrupted build takes mmdebstrap's chroot children with it.
        proc = subprocess.Popen(
            list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd, text=True,
            errors="replace", start_new_session=True,
        )
        assert proc.stdout is not None
        tail: list[str] = []
        try:
            for line in proc.stdout:
                out.write(line)
                tail = (tail + [line.rstrip()])[-15:]
                if progress and _PROGRESS.match(line):
                    log.info("  %s", line.rstrip()[:160])
            code = proc.wait()
        except BaseException:
            _stop_group(proc)
            raise
    if code != 0:
        detail = "\n    ".join(tail)
        raise StepError(f"{cmd[0]} exited with {code} after {time.monotonic() - started:.0f} s "
                        f"(full output in {log_file}); last lines:\n    {detail}")


def _stop_group(proc: subprocess.Popen[str], grace_s: float = 10.0) -> None:
    """SIGTERM the command's process group, SIGKILL whatever is left after ``grace_s``."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(grace_s)
            return
        except subprocess.TimeoutExpired:
            continue
