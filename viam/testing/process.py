"""Run a real ``viam-server`` as a child process and wait until it serves."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

OUTPUT_LOG = logging.getLogger("viam.testing.output")
OUTPUT_LOG.setLevel(logging.INFO)  # kept with the test by pytest, shown when it fails
_SERVING = re.compile(r"\bserving address=(\S+)")
# VIAM_HOME -> the last server of this process started on it (weak: a finished test frees its own)
_HOMES: weakref.WeakValueDictionary[str, ServerProcess] = weakref.WeakValueDictionary()


class ServerProcess:
    """A viam-server child: started with a config, its output prefixed into ``lines``.

    The config's bind address defaults to ``127.0.0.1:0``; the real port is read back from the
    server's "serving" log line, so tests never pick fixed ports.
    """

    def __init__(self, config: Mapping[str, Any] | Path, workdir: Path, *, args: list[str] | None = None,
                 env: Mapping[str, str] | None = None, name: str = "viam-server",
                 command: list[str] | None = None) -> None:
        """``command`` runs the server (default: this interpreter's ``viam.cli.server``; an artifact path)."""
        self.workdir = workdir
        self.command = command or [sys.executable, "-m", "viam.cli.server"]
        self.name = name
        if isinstance(config, Path):
            self.config_path = config
        else:
            data = json.loads(json.dumps(config))
            data.setdefault("network", {}).setdefault("bind_address", "127.0.0.1:0")
            self.config_path = workdir / f"{name}.json"
            self.config_path.write_text(json.dumps(data, indent=2))
        self.args = args or []
        self.env = {**os.environ, **(env or {})}
        self._own_home = "VIAM_HOME" not in (env or {})
        self.lines: list[str] = []
        self.address = ""
        self._ready = threading.Event()
        self.proc: subprocess.Popen[str] | None = None

    def _pick_home(self) -> None:
        """``<workdir>/viam-home`` unless the test names one; ``viam-home-<name>`` while another
        live server of this process holds that. One server per VIAM_HOME (a second refuses to
        start), yet a server restarted in the same workdir finds its packages and caches again."""
        if not self._own_home:
            return
        home = str(self.workdir / "viam-home")
        holder = _HOMES.get(home)
        if holder is not None and holder is not self and holder.proc is not None and holder.proc.poll() is None:
            home = str(self.workdir / f"viam-home-{self.name}")
        self.env["VIAM_HOME"] = home
        _HOMES[home] = self

    def start(self, timeout_s: float = 30.0, wait_running: bool = True) -> ServerProcess:
        """Start and wait until it serves and, with ``wait_running``, has built its resources."""
        self._pick_home()
        self.proc = subprocess.Popen(
            [*self.command, "-config", str(self.config_path), *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=self.env,
            start_new_session=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()
        if not self._ready.wait(timeout_s):
            self.stop()
            raise TimeoutError(f"{self.name} did not start serving in {timeout_s}s:\n" + "\n".join(self.lines[-40:]))
        if not self.address:
            self.stop()
            raise RuntimeError(f"{self.name} exited before serving:\n" + "\n".join(self.lines[-40:]))
        if wait_running:
            try:
                self.wait_for_line(r"\bmachine running\b", timeout_s)
            except TimeoutError:
                self.stop()
                raise
        return self

    def _pump(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            self.lines.append(line)
            # Through logging, not stderr: pytest keeps it with the test (shown when it fails)
            # instead of printing it into the progress output of every run.
            OUTPUT_LOG.info("[%s] %s", self.name, line)
            match = _SERVING.search(line)
            if match and not self.address:
                self.address = match.group(1).replace("localhost", "127.0.0.1")
                self._ready.set()
        self._ready.set()

    @property
    def port(self) -> int:
        return int(self.address.rsplit(":", 1)[1])

    def wait_for_line(self, pattern: str, timeout_s: float = 10.0) -> str:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if regex.search(line):
                    return line
            time.sleep(0.05)
        raise TimeoutError(f"no log line matching {pattern!r} from {self.name}")

    def stop(self, timeout_s: float = 15.0) -> int:
        """SIGTERM, wait, then SIGKILL the whole group; return the exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # anything left in its group (modules)
        except (ProcessLookupError, PermissionError):
            pass
        code = self.proc.wait()
        return code

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
