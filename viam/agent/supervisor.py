"""Run viam-server as a child: start, probe, restart with backoff, stop the whole tree.

"Started" means the server answers a TCP connection on its ``network.bind_address``. An exit
within ``stable_after_s`` of starting counts as a quick exit; the restart delay doubles with each
quick exit in a row (``backoff_initial_s`` .. ``backoff_max_s``) and ``crash_loop_limit`` quick
exits in a row is a crash loop (the updater rolls back on it). A run longer than
``stable_after_s`` resets the count. The server runs in its own session so that stopping it can
address its whole process group; anything left after the SIGTERM grace period gets SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import enum
import http.client
import json
import logging
import os
import signal
import ssl
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viam import proctree
from viam.agent.config import DEFAULTS, MachineInfo, load_machine_info, number
from viam.agent.paths import AgentPaths
from viam.files import atomic_write

LOG = logging.getLogger(__name__)
AGENT_HANDLES_NEEDS_RESTART = "VIAM_AGENT_HANDLES_NEEDS_RESTART_CHECKING"
RESTART_STATUS_TIMEOUT_S = 10.0


class ServerState(enum.Enum):
    STOPPED = "stopped"
    NOT_INSTALLED = "not-installed"
    STARTING = "starting"
    RUNNING = "running"
    BACKOFF = "backoff"
    CRASH_LOOP = "crash-loop"
    STOPPING = "stopping"
    DISABLED = "disabled"


@dataclass
class SupervisorSettings:
    start_timeout_s: float = DEFAULTS["supervisor"]["start_timeout_s"]
    stop_grace_s: float = DEFAULTS["supervisor"]["stop_grace_s"]
    backoff_initial_s: float = DEFAULTS["supervisor"]["backoff_initial_s"]
    backoff_max_s: float = DEFAULTS["supervisor"]["backoff_max_s"]
    stable_after_s: float = DEFAULTS["supervisor"]["stable_after_s"]
    crash_loop_limit: int = DEFAULTS["supervisor"]["crash_loop_limit"]
    health_interval_s: float = DEFAULTS["supervisor"]["health_interval_s"]
    unhealthy_after_s: float = DEFAULTS["supervisor"]["unhealthy_after_s"]

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> SupervisorSettings:
        values = {key: number(settings, "supervisor", key) for key in DEFAULTS["supervisor"]}
        values["crash_loop_limit"] = max(1, int(values["crash_loop_limit"]))
        timeout = settings.get("advanced_settings", {}).get("viam_server_start_timeout_minutes")
        if timeout is not None:  # the reference's key wins over ours (minutes, or a Go duration)
            try:
                from provisioning.settings import go_duration_s

                seconds = go_duration_s(timeout) if isinstance(timeout, str) else float(timeout) * 60
                if isinstance(timeout, bool) or seconds < 60:
                    raise ValueError(f"must be at least 1m, got {timeout!r}")
                values["start_timeout_s"] = seconds
            except (ValueError, TypeError, ImportError) as exc:
                LOG.warning("advanced_settings.viam_server_start_timeout_minutes ignored (%s); using %.0fs",
                            exc, values["start_timeout_s"])
        return cls(**values)

    def backoff_s(self, quick_exits: int) -> float:
        if quick_exits <= 0:
            return self.backoff_initial_s
        return min(self.backoff_initial_s * 2 ** (quick_exits - 1), self.backoff_max_s)


def _set_parent_death_signal() -> None:
    """In the child: get SIGTERM if the agent dies (kill -9), so no server outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def fetch_restart_status(host: str, port: int, timeout_s: float = RESTART_STATUS_TIMEOUT_S) -> dict[str, Any]:
    """viam-server's ``/restart_status`` (plain HTTP, else HTTPS without verification: it is local)."""
    errors = []
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE
    where = f"[{host}]" if ":" in host else host
    for url, context in ((f"http://{where}:{port}/restart_status", None),
                         (f"https://{where}:{port}/restart_status", insecure)):
        try:
            with urllib.request.urlopen(url, timeout=timeout_s, context=context) as response:  # noqa: S310
                data = json.loads(response.read())
            if isinstance(data, dict):
                return data
            errors.append(f"{url}: not a JSON object")
        except (OSError, ValueError, http.client.HTTPException) as exc:
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
    raise OSError("; ".join(errors))


async def port_answers(host: str, port: int, timeout_s: float = 1.0) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout_s)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


class ServerSupervisor:
    """The ``viam-server`` subsystem."""

    name = "viam-server"

    def __init__(
        self,
        paths: AgentPaths,
        settings: SupervisorSettings,
        *,
        machine_info: Callable[[], MachineInfo] | None = None,
        enabled: bool = True,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.paths = paths
        self.extra_env = dict(extra_env or {})  # advanced_settings.viam_server_env
        self.does_not_handle_needs_restart = False  # learnt from /restart_status at each start
        self.settings = settings
        self._machine_info = machine_info or (lambda: load_machine_info(paths.machine_config))
        self.enabled = enabled
        self.state = ServerState.STOPPED if enabled else ServerState.DISABLED
        self.quick_exits = 0
        self.starts = 0
        self.last_exit_code: int | None = None
        self.last_backoff_s = 0.0
        self.running_path: Path | None = None
        self.pid: int | None = None
        self._answering = False
        self._last_ok = time.monotonic()
        self._started_at = 0.0
        self._answered_at: float | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._restart = asyncio.Event()
        self._wake = asyncio.Event()
        self._tree: set[int] = set()

    # Subsystem protocol ---------------------------------------------------------------------

    async def start(self) -> None:
        if not self.enabled:
            LOG.info("viam-server disabled by advanced_settings.disable_viam_server")
            return
        await self._kill_stale_server()
        self._stopping = False
        self._last_ok = time.monotonic()
        self._task = asyncio.create_task(self._run(), name="viam-server supervisor")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        self._restart.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.enabled:
            self.state = ServerState.STOPPED

    def healthy(self) -> bool:
        if not self.enabled or self._stopping:
            return True
        if self.state == ServerState.CRASH_LOOP:
            return False  # at once: the grace period is for a slow start, not for a loop of exits
        if self._answering:
            self._last_ok = time.monotonic()
            return True
        return time.monotonic() - self._last_ok < self.settings.unhealthy_after_s

    def status(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "healthy": self.healthy(),
            "pid": self.pid,
            "version": self.running_version,
            "starts": self.starts,
            "quick_exits": self.quick_exits,
            "last_exit_code": self.last_exit_code,
            "backoff_s": self.last_backoff_s,
            "bind_address": self._machine_info().bind_address,
        }

    # Control used by the agent and the updater ------------------------------------------------

    @property
    def running_version(self) -> str | None:
        if self.running_path is None:
            return None
        name = self.running_path.name
        return name.removeprefix("viam-server-") if name.startswith("viam-server-") else name

    @property
    def answering(self) -> bool:
        return self._answering

    async def restart_allowed(self) -> bool:
        """Ask the running server (``/restart_status``) whether it may be restarted now (its
        maintenance window); a server that is not running may always be restarted."""
        if not self.enabled or self.pid is None or not self._answering:
            return True
        host, port = self._machine_info().host_port
        try:
            status = await asyncio.to_thread(fetch_restart_status, host, port)
        except OSError as exc:
            LOG.warning("restart status of viam-server unknown (not restarting it now): %s", exc)
            return False
        return bool(status.get("restart_allowed"))

    def set_extra_env(self, env: dict[str, str]) -> bool:
        """Returns True when the variables changed (the server needs a restart to see them)."""
        if env == self.extra_env:
            return False
        LOG.info("viam_server_env changed (%s -> %s); viam-server restarts at the next opportunity",
                 sorted(self.extra_env), sorted(env))
        self.extra_env = dict(env)
        return True

    def request_restart(self, why: str = "") -> None:
        """Restart now (new version, new credentials): no backoff, crash count reset."""
        if not self.enabled:
            return
        LOG.info("viam-server restart requested%s", f" ({why})" if why else "")
        # The crash count starts afresh (a rollback, a new version): the supervisor's loop clears
        # the event before the next run, so the count is reset here, not when the run ends.
        self.quick_exits = 0
        self.last_backoff_s = 0.0
        self._restart.set()
        self._wake.set()

    async def trial(self, trial_s: float, *, starts_before: int) -> tuple[bool, str]:
        """Wait until a run started after ``starts_before`` stays answering for ``trial_s``.

        Fails on a crash loop, or when nothing answers within ``start_timeout_s + trial_s``.
        """
        begin = time.monotonic()
        limit = self.settings.start_timeout_s + trial_s + self.settings.backoff_max_s
        while True:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            fresh = self.starts > starts_before
            if fresh and self.state == ServerState.CRASH_LOOP:
                return False, (f"crash loop ({self.quick_exits} quick exits in a row, "
                               f"last exit code {self.last_exit_code})")
            if fresh and self._answering and self._answered_at is not None and now - self._answered_at >= trial_s:
                return True, f"answering for {now - self._answered_at:.1f}s"
            if now - begin > limit:
                return False, f"never stayed healthy for {trial_s:.1f}s within {limit:.1f}s"
            if self._stopping:
                return False, "agent stopping"

    # Internals ----------------------------------------------------------------------------------

    async def _kill_stale_server(self) -> None:
        """A server left by an agent that died (kill -9, power cut) would hold the port."""
        try:
            pid = int(self.paths.server_pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return
        if proctree.pid_alive(pid) and any(str(self.paths.bin_dir) in part for part in proctree.cmdline(pid)):
            LOG.warning("stopping viam-server (pid %d) left behind by a previous agent", pid)
            await proctree.kill_tree(pid, self.settings.stop_grace_s)
        self.paths.server_pid_file.unlink(missing_ok=True)

    async def _sleep(self, seconds: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _run(self) -> None:
        while not self._stopping:
            self._restart.clear()
            code = await self._run_once()
            if self._stopping:
                break
            if self._restart.is_set():
                self.quick_exits = 0
                continue
            if code is None:  # not installed yet
                self.state = ServerState.NOT_INSTALLED
                await self._sleep(self.settings.backoff_max_s)
                continue
            runtime = time.monotonic() - self._started_at
            self.quick_exits = self.quick_exits + 1 if runtime < self.settings.stable_after_s else 0
            delay = self.settings.backoff_s(self.quick_exits)
            self.last_backoff_s = delay
            if self.quick_exits >= self.settings.crash_loop_limit:
                self.state = ServerState.CRASH_LOOP
                LOG.error("viam-server is crash-looping (%d quick exits in a row, exit code %s); retrying in %.2fs",
                          self.quick_exits, code, delay)
            else:
                self.state = ServerState.BACKOFF
                LOG.warning("viam-server exited with code %s after %.2fs; restarting in %.2fs",
                            code, runtime, delay)
            await self._sleep(delay)

    async def _run_once(self) -> int | None:
        link = self.paths.server_link
        if not link.exists():
            LOG.error("no viam-server installed at %s", link)
            return None
        exe = link.resolve()
        info = self._machine_info()
        host, port = info.host_port
        self.state = ServerState.STARTING
        self._answering = False
        self._answered_at = None
        self._started_at = time.monotonic()
        self.starts += 1
        self.does_not_handle_needs_restart = False
        env = {**os.environ, **self.extra_env, AGENT_HANDLES_NEEDS_RESTART: "true"}
        try:
            proc = await asyncio.create_subprocess_exec(
                str(exe), "-config", str(self.paths.machine_config),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT, start_new_session=True,
                preexec_fn=_set_parent_death_signal, cwd=str(self.paths.tmp_dir), env=env,
            )
        except OSError as exc:
            LOG.error("cannot start %s: %s", exe, exc)
            self.last_exit_code = -1
            return -1
        self.pid = proc.pid
        self.running_path = exe
        self._tree = set()
        atomic_write(self.paths.server_pid_file, f"{proc.pid} {exe}\n".encode())
        LOG.info("started viam-server %s (pid %d), waiting for %s:%d", self.running_version, proc.pid, host, port)
        pump = asyncio.create_task(self._pump(proc))
        probe = asyncio.create_task(self._probe(proc, host, port))
        exited = asyncio.create_task(proc.wait())
        restart = asyncio.create_task(self._restart.wait())
        try:
            await asyncio.wait({exited, restart}, return_when=asyncio.FIRST_COMPLETED)
            if not exited.done():
                self.state = ServerState.STOPPING
                LOG.info("stopping viam-server (pid %d)", proc.pid)
                forced = await proctree.kill_tree(proc.pid, self.settings.stop_grace_s, self._tree)
                if forced:
                    LOG.warning("viam-server did not stop within %.1fs; killed its process tree",
                                self.settings.stop_grace_s)
            code = await exited
        finally:
            for task in (probe, restart):
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(pump, 2.0)
            self._answering = False
        # Nothing the server started may outlive it (modules that escaped into their own group).
        leftovers = [p for p in self._tree if proctree.pid_alive(p)]
        if leftovers:
            LOG.warning("killing %d leftover process(es) of viam-server: %s", len(leftovers), leftovers)
            proctree.signal_pids(leftovers, signal.SIGKILL)
        self.paths.server_pid_file.unlink(missing_ok=True)
        self.pid = None
        self.last_exit_code = code
        return code

    async def _probe(self, proc: asyncio.subprocess.Process, host: str, port: int) -> None:
        deadline = self._started_at + self.settings.start_timeout_s
        while proc.returncode is None:
            self._tree.update(proctree.descendants(proc.pid))
            if await port_answers(host, port):
                break
            if time.monotonic() > deadline:
                LOG.error("viam-server did not answer on %s:%d within %.1fs; restarting it",
                          host, port, self.settings.start_timeout_s)
                self.last_exit_code = None
                proctree.signal_pids([proc.pid], signal.SIGTERM)
                return
            await asyncio.sleep(0.05)
        else:
            return
        self._answering = True
        self._answered_at = self._last_ok = time.monotonic()
        self.state = ServerState.RUNNING
        LOG.info("viam-server %s answering on %s:%d after %.2fs", self.running_version, host, port,
                 self._answered_at - self._started_at)
        try:  # learnt once per start, as the reference does
            status = await asyncio.to_thread(fetch_restart_status, host, port, 5.0)
            self.does_not_handle_needs_restart = bool(status.get("does_not_handle_needs_restart"))
        except OSError as exc:
            LOG.info("viam-server has no /restart_status (%s); it checks NeedsRestart itself", exc)
        if not self.does_not_handle_needs_restart:
            LOG.warning("viam-server may handle NeedsRestart itself; the agent will not check it")
        while proc.returncode is None:
            await asyncio.sleep(self.settings.health_interval_s)
            self._tree.update(proctree.descendants(proc.pid))
            ok = await port_answers(host, port, timeout_s=min(5.0, self.settings.health_interval_s + 1))
            if ok:
                self._last_ok = time.monotonic()
            elif self._answering:
                LOG.warning("viam-server stopped answering on %s:%d", host, port)
            self._answering = ok

    async def _pump(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            LOG.info("[viam-server] %s", line.decode(errors="replace").rstrip())

    def describe(self) -> str:
        if self.state == ServerState.RUNNING:
            return f"viam-server {self.running_version} running (pid {self.pid})"
        return f"viam-server {self.state.value}"
