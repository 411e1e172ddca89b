"""Helpers for tests against a real ``viam-app-lite`` child process and real package archives."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path
from typing import Any

from viam.testing.process import OUTPUT_LOG

_SERVING = re.compile(r"viam-app-lite serving app_address=(\S+) files=(\S+)")
THERMO = Path(__file__).resolve().parent.parent / "modules" / "our_modules" / "thermo.py"


class LiteProcess:
    """``python -m viam.cloud.lite`` on ephemeral ports (kept across restarts), output captured."""

    def __init__(self, data: Path, *, throttle_bps: int = 0, args: list[str] | None = None) -> None:
        self.data = data
        self.args = args or []
        self.throttle_bps = throttle_bps
        self.app_address = ""
        self.files_url = ""
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self._grpc = "127.0.0.1:0"
        self._http = "127.0.0.1:0"

    def start(self, timeout_s: float = 20) -> LiteProcess:
        ready = threading.Event()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "viam.cloud.lite", "--data", str(self.data), "--grpc-address", self._grpc,
             "--http-address", self._http, "--throttle", str(self.throttle_bps),
             *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)

        def pump() -> None:
            assert self.proc is not None and self.proc.stdout is not None
            for line in self.proc.stdout:
                self.lines.append(line.rstrip("\n"))
                OUTPUT_LOG.info("[app-lite] %s", line.rstrip("\n"))
                match = _SERVING.search(line)
                if match:
                    self.app_address, self.files_url = match.group(1), match.group(2)
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(timeout_s) or not self.app_address:
            self.kill()
            raise RuntimeError("viam-app-lite did not start:\n" + "\n".join(self.lines[-30:]))
        # restarts come back on the same ports, like a server that was down for a while
        self._grpc = self.app_address.split("://", 1)[1]
        self._http = self.files_url.split("://", 1)[1]
        return self

    def downloads(self) -> list[str]:
        return [line for line in self.lines if "package download" in line]

    def wait_for_download(self, timeout_s: float = 10) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.downloads():
            if time.monotonic() > deadline:
                raise TimeoutError("no download started")
            time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL (the network going away mid-transfer)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


def tarball(files: dict[str, bytes | str], modes: dict[str, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = (modes or {}).get(name, 0o644)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def thermo_module_archive(first_run: str = "", padding: int = 0) -> bytes:
    """A module archive whose entrypoint runs the test ``thermo`` module with this python."""
    files: dict[str, bytes | str] = {
        "bin/run.sh": f'#!/bin/sh\nexec "{sys.executable}" "{THERMO}" "$@"\n',
        "meta.json": json.dumps({"entrypoint": "bin/run.sh", **({"first_run": "setup.sh"} if first_run else {})}),
    }
    modes = {"bin/run.sh": 0o755}
    if first_run:
        files["setup.sh"] = "#!/bin/sh\n" + first_run
        modes["setup.sh"] = 0o755
    if padding:
        files["padding.bin"] = os.urandom(padding)
    return tarball(files, modes)


def publish(data: Path, package_id: str, version: str, archive: bytes) -> Path:
    path = data / "packages" / package_id / f"{version}.tar.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(archive)
    return path


def machine_config(data: Path, part_id: str, secret: str, config: dict[str, Any]) -> None:
    path = data / "machines" / f"{part_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({**config, "cloud": {"id": part_id, "secret": secret}}))
    os.replace(tmp, path)
