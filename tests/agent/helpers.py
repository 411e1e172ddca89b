"""Test doubles and process helpers for the agent tests: real processes, real HTTP, /proc scans."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from viam.testing.ports import free_port  # noqa: F401 - the agent tests import it from here

REPO = Path(__file__).resolve().parents[2]

FAST_DEFAULTS = {
    "supervisor": {"backoff_initial_s": 0.1, "backoff_max_s": 0.8, "stable_after_s": 1.5,
                   "crash_loop_limit": 3, "health_interval_s": 0.2, "stop_grace_s": 1.5,
                   "start_timeout_s": 5, "unhealthy_after_s": 1.0},
    "update": {"manifest": "/etc/viam-update.json", "check_interval_s": 0.3, "trial_s": 0.8, "retry_s": 0.3},
    "watchdog_interval_s": 0.2,
}

SERVER_TEMPLATE = r'''#!{python}
import json, os, signal, socket, subprocess, sys, time
VERSION = {version!r}
MODE = {mode!r}
MARKER = {marker!r}
config = json.load(open(sys.argv[sys.argv.index("-config") + 1]))
host, _, port = config["network"]["bind_address"].rpartition(":")
print(f"stand-in viam-server {{VERSION}} mode {{MODE}} pid {{os.getpid()}}", flush=True)
if MODE == "crash":
    sys.exit(3)
if MODE == "ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
if MODE == "tree":
    sleeper = [sys.executable, "-c", "import time; time.sleep(600)", MARKER]
    subprocess.Popen(sleeper)
    subprocess.Popen(sleeper, start_new_session=True)
if MODE == "no-answer":
    while True:
        time.sleep(1)
sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind((host, int(port)))
sock.listen(16)
RESTART_ALLOWED = os.path.join(os.path.dirname(sys.argv[sys.argv.index("-config") + 1]), "restart-allowed")


def answer(conn):
    """'VERSION?' gets the version line, 'GET /restart_status' the reference's JSON; a probe just closes."""
    try:
        conn.settimeout(5)
        request = conn.recv(1024)
        if request.startswith(b"GET /restart_status"):  # a file next to the config says the answer
            allowed = not os.path.exists(RESTART_ALLOWED) or open(RESTART_ALLOWED).read().strip() == "true"
            body = json.dumps({{"restart_allowed": allowed, "does_not_handle_needs_restart": True,
                               "env": os.environ.get("VIAM_AGENT_HANDLES_NEEDS_RESTART_CHECKING", ""),
                               "extra": os.environ.get("STANDIN_EXTRA", "")}}).encode()
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)
        elif request.startswith(b"VERSION?"):
            conn.sendall(f"{{VERSION}} {{os.getpid()}}\n".encode())
    except OSError:
        pass
    conn.close()


import threading
while True:
    conn, _ = sock.accept()
    threading.Thread(target=answer, args=(conn,), daemon=True).start()
'''


def make_server(path: Path, version: str, mode: str = "ok", marker: str = "") -> Path:
    """A stand-in viam-server: answers on network.bind_address with ``"<version> <pid>"``."""
    path.write_text(SERVER_TEMPLATE.format(python=sys.executable, version=version, mode=mode,
                                           marker=marker or str(path.parent)))
    path.chmod(0o755)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ask_server(port: int, timeout_s: float = 0.5) -> tuple[str, int] | None:
    """(version, pid) of whatever answers on ``port``, or None."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as sock:
            sock.sendall(b"VERSION?\n")
            line = sock.makefile().readline().split()
    except OSError:
        return None
    return (line[0], int(line[1])) if len(line) == 2 else None


def wait_for(predicate: Callable[[], Any], timeout_s: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def processes_mentioning(marker: str) -> list[int]:
    """PIDs whose command line mentions ``marker`` (a tmp path): what must not be left behind."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            raw = Path(entry.path, "cmdline").read_bytes()
            state = Path(entry.path, "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if marker.encode() in raw and state != "Z":
            found.append(int(entry.name))
    return found


class AgentRoot:
    """A temp root with etc/viam.json, fast viam-defaults.json and a way to run the agent."""

    def __init__(self, root: Path, *, defaults: dict[str, Any] | None = None) -> None:
        self.root = root
        self.port = free_port()
        self.logs: list[Path] = []
        self.procs: list[subprocess.Popen[bytes]] = []
        (root / "etc").mkdir(parents=True, exist_ok=True)
        (root / "artifacts").mkdir(exist_ok=True)
        self.write_config({})
        merged = json.loads(json.dumps(FAST_DEFAULTS))
        for key, value in (defaults or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
        self.defaults_path.write_text("// manufacturer defaults for tests\n" + json.dumps(merged, indent=1))

    def allow_slow_start(self, start_timeout_s: float = 90.0) -> None:
        """The real viam-server starts in seconds on a loaded box, not the stand-in's fraction of one."""
        defaults = json.loads(self.defaults_path.read_text().split("\n", 1)[1])
        defaults["supervisor"]["start_timeout_s"] = start_timeout_s
        self.defaults_path.write_text(json.dumps(defaults))

    def update_defaults(self, section: str, **values: Any) -> None:
        """Change manufacturer defaults before the agent starts (e.g. a longer start timeout)."""
        text = self.defaults_path.read_text()
        merged = json.loads(text.split("\n", 1)[1] if text.startswith("//") else text)
        merged.setdefault(section, {}).update(values)
        self.defaults_path.write_text("// manufacturer defaults for tests\n" + json.dumps(merged, indent=1))

    @property
    def defaults_path(self) -> Path:
        return self.root / "etc" / "viam-defaults.json"

    @property
    def bin(self) -> Path:
        return self.root / "opt" / "viam" / "bin"

    def write_config(self, extra: dict[str, Any]) -> None:
        config = {"network": {"bind_address": f"127.0.0.1:{self.port}"}, **extra}
        (self.root / "etc" / "viam.json").write_text(json.dumps(config))

    def artifact(self, version: str, mode: str = "ok") -> Path:
        return make_server(self.root / "artifacts" / f"viam-server-{version}", version, mode,
                           marker=str(self.root))

    def install(self, version: str, mode: str = "ok") -> None:
        self.cli("install", str(self.artifact(version, mode)), "--version", version, check=True)

    def cli(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "viam.agent.cli", *args, "--root", str(self.root)],
                                capture_output=True, text=True, timeout=30, cwd=self.root, env=self.env())
        if check and result.returncode != 0:
            raise AssertionError(f"viam-agent {' '.join(args)} failed: {result.stdout}{result.stderr}")
        return result

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
        env["PYTHONUNBUFFERED"] = "1"
        env["VIAM_HOME"] = str(self.root / "viam-home")  # the server it runs gets a home of its own
        env.update(extra or {})
        env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH_FIRST", ""), str(REPO)) if p)
        return env

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = self.root / f"agent-{len(self.logs)}.log"
        self.logs.append(log)
        handle = log.open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "viam.agent.cli", "run", "--root", str(self.root), "--log-level", "debug",
             *args],
            stdout=handle, stderr=subprocess.STDOUT, cwd=self.root, env=self.env(env), start_new_session=True)
        handle.close()
        self.procs.append(proc)
        return proc

    def log(self, index: int = -1) -> str:
        return self.logs[index].read_text(errors="replace") if self.logs else ""

    def all_logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs)

    def answering(self) -> tuple[str, int] | None:
        return ask_server(self.port)

    def wait_version(self, version: str, timeout_s: float = 15.0) -> int:
        def check() -> int | None:
            answer = self.answering()
            return answer[1] if answer and answer[0] == version else None

        try:
            return wait_for(check, timeout_s, f"viam-server {version} answering")
        except AssertionError:
            logs = self.all_logs()[-6000:]
            raise AssertionError(f"viam-server {version} not answering; agent log:\n{logs}") from None

    def state(self) -> dict[str, Any]:
        path = self.root / "opt" / "viam" / "agent-state.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def linked(self) -> str:
        return os.readlink(self.bin / "viam-server")

    def stop(self, proc: subprocess.Popen[bytes], timeout_s: float = 15.0) -> int:
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout_s)

    def cleanup(self) -> list[int]:
        """Stop every agent (SIGTERM, then SIGKILL of its group), then kill anything still
        mentioning the root after a short wait; return what had to be killed that way."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    pass
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(5)
        deadline = time.monotonic() + 3.0
        while (leftovers := processes_mentioning(str(self.root))) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return leftovers


class ArtifactHTTP:
    """A real HTTP server on port 0 serving a directory, with Range, truncation and throttling."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.truncate_at: int | None = None
        self.delay_per_chunk_s = 0.0
        self.chunk = 16 * 1024
        self.requests: list[tuple[str, str | None]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                owner.requests.append((self.path, self.headers.get("Range")))
                path = owner.directory / self.path.lstrip("/")
                if not path.is_file():
                    self.send_error(404)
                    return
                data = path.read_bytes()
                start = 0
                rng = self.headers.get("Range")
                if rng and rng.startswith("bytes="):
                    start = int(rng[6:].split("-")[0])
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if owner.truncate_at is not None:
                    body = body[: max(0, owner.truncate_at - start)]
                for i in range(0, len(body), owner.chunk):
                    try:
                        self.wfile.write(body[i : i + owner.chunk])
                        self.wfile.flush()
                    except OSError:
                        return
                    if owner.delay_per_chunk_s:
                        time.sleep(owner.delay_per_chunk_s)
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
