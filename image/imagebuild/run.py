"""Run external commands with their output in the build log and progress on the console."""

from __future__ import annotations

import logging
import re
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
        proc = subprocess.Popen(
            list(cmd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd, text=True,
            errors="replace",
        )
        assert proc.stdout is not None
        tail: list[str] = []
        for line in proc.stdout:
            out.write(line)
            tail = (tail + [line.rstrip()])[-15:]
            if progress and _PROGRESS.match(line):
                log.info("  %s", line.rstrip()[:160])
        code = proc.wait()
    if code != 0:
        detail = "\n    ".join(tail)
        raise StepError(f"{cmd[0]} exited with {code} after {time.monotonic() - started:.0f} s "
                        f"(full output in {log_file}); last lines:\n    {detail}")
