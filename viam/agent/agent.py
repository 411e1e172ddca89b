"""The agent: lock, settings, subsystems, update checks, the systemd watchdog loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from viam.agent.config import ConfigStore, load_machine_info, number
from viam.agent.errors import AgentConfigError, AgentError
from viam.agent.manifest import UpdateTarget, read_manifest
from viam.agent.notify import Notifier, watchdog_interval_s
from viam.agent.paths import AgentPaths
from viam.agent.subsystem import Subsystem
from viam.agent.supervisor import ServerState, ServerSupervisor, SupervisorSettings
from viam.agent.updater import Updater
from viam.agent.versions import VersionStore
from viam.cloud.errors import CloudError
from viam.files import atomic_write_json

LOG = logging.getLogger(__name__)
STOP_BUDGET_S = 10.0  # per subsystem other than viam-server (which has stop_grace_s)
NEEDS_RESTART_MIN_S = 1.0  # the reference agent's minimal NeedsRestart interval (and first wait)


def server_env(settings: dict[str, Any]) -> dict[str, str]:
    """``advanced_settings.viam_server_env``: extra variables for viam-server (strings only)."""
    env = settings.get("advanced_settings", {}).get("viam_server_env") or {}
    if not isinstance(env, dict):
        LOG.warning("advanced_settings.viam_server_env must be an object of NAME: value; ignoring %r", env)
        return {}
    return {str(k): v if isinstance(v, str) else json_value(v) for k, v in env.items()}


def json_value(value: Any) -> str:
    import json

    return json.dumps(value)


def flag(settings: dict[str, Any], key: str) -> bool:
    return bool(settings.get("advanced_settings", {}).get(key, False))


AGENT_TRIAL_ENV = "VIAM_AGENT_TRIAL"  # set by the agent that re-executes into a new version


def agent_version() -> str:
    """The installed file's version (``bin/viam-agent-<v>``, through the link), else the package's."""
    import sys
    from pathlib import Path

    with contextlib.suppress(OSError, IndexError):
        name = Path(sys.argv[0]).resolve().name
        if name.startswith("viam-agent-"):
            return name.removeprefix("viam-agent-")
    with contextlib.suppress(Exception):
        from importlib.metadata import version

        return version("viam-pi")
    return "0.0.0+unknown"


NetworkingFactory = Callable[[Path, dict[str, Any], Callable[[], Awaitable[None]]], Subsystem]


def networking_subsystem(root: Path, defaults: dict[str, Any],
                         on_credentials: Callable[[], Awaitable[None]]) -> Subsystem:
    """The provisioning subsystem (NetworkManager, hotspot, portal). Imported on use: only an agent
    run with ``--enable-networking`` loads the D-Bus wrappers."""
    from provisioning.subsystem import NetworkingSubsystem

    return NetworkingSubsystem(root, defaults, on_credentials)


def load_networking(factory: NetworkingFactory, paths: AgentPaths, defaults: dict[str, Any],
                    on_credentials: Callable[[], Awaitable[None]]) -> Subsystem | None:
    """Build the networking subsystem; if that fails the agent runs on, without networking."""
    try:
        return factory(paths.root, defaults, on_credentials)
    except Exception as exc:  # an optional part must never stop the agent
        LOG.error("networking subsystem unavailable, continuing without it: %s: %s", type(exc).__name__, exc)
        return None


class Agent:
    """Runs until ``stop()``; see ``run``."""

    def __init__(self, paths: AgentPaths, *, enable_networking: bool = False, enable_syscfg: bool = False,
                 notifier: Notifier | None = None, networking: NetworkingFactory = networking_subsystem) -> None:
        self.paths = paths
        self.enable_networking = enable_networking
        self.networking = networking
        self.enable_syscfg = enable_syscfg
        self.notifier = notifier or Notifier()
        self._last_unhealthy: list[str] = []
        self.config = ConfigStore(paths)
        self.store = VersionStore(paths)
        self.settings: dict[str, Any] = {}
        self.subsystems: list[Subsystem] = []
        self.supervisor: ServerSupervisor | None = None
        self.updater: Updater | None = None
        self.started_at = time.time()
        self._stop = asyncio.Event()
        self._check_now = asyncio.Event()
        self._tasks: list[asyncio.Task[Any]] = []
        self.last_check_error = ""
        self._server_restart_pending = False
        self._restart_gated_logged = False
        self._log_handler: logging.Handler | None = None
        self.exec_into: tuple[str, Any] | None = None  # (version, path) to re-execute as after stopping
        self._agent_trial: dict[str, Any] | None = None
        self._log_tasks: list[asyncio.Future[Any]] = []
        self._log_stop = asyncio.Event()
        self.log_uploader: Any = None
        self.journal: Any = None

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        self.paths.ensure()
        self.config.load_cached_cloud()
        self.settings = self.config.effective()
        self._start_log_upload()  # first: start-up lines reach the app too
        advanced = self.settings.get("advanced_settings", {})
        pending = self.store.repair("viam-server")
        self._check_agent_trial()
        if self._agent_trial is None and self.store.installed("viam-agent"):
            self.store.repair("viam-agent")
        sup = ServerSupervisor(self.paths, SupervisorSettings.from_settings(self.settings),
                               enabled=not advanced.get("disable_viam_server", False),
                               extra_env=server_env(self.settings))
        self.supervisor = sup
        self.updater = Updater(self.paths, self.store, sup,
                               trial_s=number(self.settings, "update", "trial_s"),
                               retry_s=number(self.settings, "update", "retry_s"),
                               restart_into=self._restart_into)
        self.updater.running_agent = agent_version()
        if self.enable_syscfg and not advanced.get("disable_system_configuration", False):
            self.subsystems.append(self._make_syscfg())
        if self.enable_networking and not advanced.get("disable_network_configuration", False):
            networking = load_networking(self.networking, self.paths, self.settings, self._on_credentials)
            if networking is not None:
                self.subsystems.append(networking)
        self.subsystems.append(sup)
        try:
            for subsystem in list(self.subsystems):
                self.notifier.status(f"starting {subsystem.name}")
                try:
                    await subsystem.start()
                except Exception as exc:
                    if subsystem is sup:
                        raise
                    # Optional subsystems must never keep viam-server from running.
                    LOG.exception("%s failed to start; continuing without it: %s", subsystem.name, exc)
                    self.subsystems.remove(subsystem)
            self.notifier.ready(self.describe())
            LOG.info("viam-agent %s ready under %s (%s)", agent_version(), self.paths.root,
                     ", ".join(s.name for s in self.subsystems))
            if pending is not None and sup.enabled:
                self._spawn(self.updater.finish_trial(pending["version"], pending.get("previous"),
                                                      restart=False, starts_before=0))
            self._spawn(self._update_loop())
            self._spawn(self._needs_restart_loop())
            if self._agent_trial is not None:
                self._spawn(self._finish_agent_trial(self._agent_trial))
            await self._main_loop()
        finally:
            await self._shutdown()

    def _spawn(self, coro: Awaitable[Any]) -> None:
        self._tasks.append(asyncio.ensure_future(coro))

    async def _on_credentials(self) -> None:
        """Called by networking after it wrote machine credentials to etc/viam.json."""
        LOG.info("machine credentials changed; restarting viam-server and checking for updates")
        if self.supervisor is not None:
            self.supervisor.request_restart()
        self._check_now.set()

    def healthy(self) -> dict[str, bool]:
        return {s.name: bool(s.healthy()) for s in self.subsystems}

    def describe(self) -> str:
        parts = [self.supervisor.describe()] if self.supervisor else []
        parts += [f"{name} unhealthy" for name, ok in self.healthy().items() if not ok]
        return "; ".join(parts) or "running"

    async def _main_loop(self) -> None:
        interval = watchdog_interval_s(float(self.settings.get("watchdog_interval_s") or 0))
        tick = min(1.0, interval) if interval else 1.0
        last_ping = 0.0
        last_status = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            health = self.healthy()
            if interval and now - last_ping >= interval:
                # The watchdog vouches for the agent's own loop, not for what it supervises: a
                # crash-looping viam-server must not make systemd restart the agent (and with it
                # the hotspot a user may need to fix the machine). Health goes to STATUS instead.
                self.notifier.watchdog()
                last_ping = now
                unhealthy = [n for n, ok in health.items() if not ok]
                if unhealthy and unhealthy != self._last_unhealthy:
                    LOG.warning("unhealthy: %s", ", ".join(unhealthy))
                self._last_unhealthy = unhealthy
            self.notifier.status(self.describe())
            if now - last_status >= 1.0:
                last_status = now
                self.write_status()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), tick)

    async def _update_loop(self) -> None:
        assert self.updater is not None
        client = None
        try:
            while not self._stop.is_set():
                targets: dict[str, UpdateTarget] = {}
                manifest = self.paths.under_root(str(self.settings.get("update", {}).get("manifest") or ""))
                if self.settings.get("update", {}).get("manifest") and manifest.is_file():
                    try:
                        targets.update(read_manifest(manifest))
                    except AgentConfigError as exc:
                        LOG.error("ignoring update manifest: %s", exc)
                cloud = load_machine_info(self.paths.machine_config).cloud
                if cloud.get("app_address"):
                    try:
                        if client is None:
                            from viam.agent.cloud import CloudClient

                            client = CloudClient(cloud, agent_version=agent_version())
                        answer = await client.fetch({"viam-server": self.store.linked_version("viam-server")})
                        if self.config.store_cloud(answer.settings):
                            LOG.info("cloud agent config changed; cached in %s", self.paths.cloud_cache)
                            previous, self.settings = self.settings, self.config.effective()
                            await self.apply_live(previous, self.settings)
                        targets.update(answer.targets)
                        self.last_check_error = ""
                    except (AgentError, CloudError) as exc:
                        self.last_check_error = str(exc)
                        LOG.warning("cloud check failed (using cached config): %s", exc)
                await self._restart_if_pending()
                for target in targets.values():
                    if target.name == "viam-server" and not self.supervisor.enabled:  # type: ignore[union-attr]
                        continue
                    await self.updater.apply(target)
                self._check_now.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._check_now.wait(), number(self.settings, "update", "check_interval_s"))
        finally:
            if client is not None:
                await client.close()

    def _restart_into(self, version: str) -> None:
        """Stop everything, then (in the CLI, lock released) exec ``bin/viam-agent-<version>``."""
        self.exec_into = (version, self.store.installed_path("viam-agent", version))
        self.stop()

    def _check_agent_trial(self) -> None:
        """A pending agent trial at start: ours to finish if we are that version, else it failed."""
        entry = self.store.entry("viam-agent")
        pending = entry.get("pending")
        trial = os.environ.pop(AGENT_TRIAL_ENV, "")
        if not isinstance(pending, dict) or not pending.get("agent_trial"):
            return
        if trial and trial == pending.get("version"):
            self._agent_trial = pending
            return
        reason = ("the new agent exited or the machine lost power before its trial ended; "
                  f"{agent_version()} started instead")
        LOG.error("viam-agent %s did not complete its trial; rolling back: %s", pending.get("version"), reason)
        entry["bad"][str(pending.get("version"))] = reason
        entry["pending"] = None
        self.store.save_entry("viam-agent", entry)

    async def _finish_agent_trial(self, pending: dict[str, Any]) -> None:
        version, previous = str(pending["version"]), pending.get("previous")
        trial_s = number(self.settings, "update", "trial_s")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), trial_s)
        if self._stop.is_set():
            return  # stopped during the trial: the next start (through the link) decides
        self.store.swap("viam-agent", version)
        self.store.commit("viam-agent", version, previous)
        self.store.cleanup("viam-agent", {version, previous})
        LOG.info("viam-agent %s ran %.0fs; update committed", version, trial_s)

    def _start_log_upload(self) -> None:
        """Agent logs, and journald entries when ``forward_system_logs`` is set, to the app."""
        from viam.agent.journal import JournalForwarder
        from viam.agent.netlog import LogQueue, LogUploader, QueueHandler

        queue = LogQueue(int(number(self.settings, "log_upload", "max_queue")))
        root = logging.getLogger()
        self._log_handler = QueueHandler(queue, level=root.getEffectiveLevel())
        root.addHandler(self._log_handler)
        self.log_uploader = LogUploader(queue, lambda: load_machine_info(self.paths.machine_config).cloud,
                                        batch=int(number(self.settings, "log_upload", "batch")),
                                        retry_s=number(self.settings, "log_upload", "retry_s"))
        self.journal = JournalForwarder(queue, self._forward_spec)
        self._log_stop = asyncio.Event()
        self._log_tasks = [asyncio.ensure_future(self.log_uploader.run(self._log_stop)),
                           asyncio.ensure_future(self.journal.run(self._stop))]

    def _forward_spec(self) -> str:
        if not self.enable_syscfg or flag(self.settings, "disable_system_configuration"):
            return ""
        value = self.settings.get("system_configuration", {}).get("forward_system_logs") or ""
        if not isinstance(value, str):
            LOG.warning("system_configuration.forward_system_logs must be a string like 'all,-NetworkManager'; "
                        "got %r, not forwarding", value)
            return ""
        return value

    async def apply_live(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Settings the reference applies without an agent restart: the disable_* switches and
        viam-server's environment (its restart waits for the maintenance window)."""
        sup = self.supervisor
        assert sup is not None
        if flag(new, "disable_viam_server") != flag(old, "disable_viam_server"):
            if flag(new, "disable_viam_server"):
                LOG.info("advanced_settings.disable_viam_server set: stopping viam-server")
                await sup.stop()
                sup.enabled = False
                sup.state = ServerState.DISABLED
            else:
                LOG.info("advanced_settings.disable_viam_server cleared: starting viam-server")
                sup.enabled = True
                await sup.start()
        if sup.set_extra_env(server_env(new)):
            self._server_restart_pending, self._restart_gated_logged = True, False
        await self._toggle(new, "disable_system_configuration", "syscfg", self.enable_syscfg, self._make_syscfg)
        await self._toggle(new, "disable_network_configuration", "networking", self.enable_networking,
                           lambda: load_networking(self.paths, self.settings, self._on_credentials))

    async def _server_restart_allowed(self) -> bool:
        return True if self.supervisor is None else await self.supervisor.restart_allowed()

    def _make_syscfg(self) -> Subsystem:
        from viam.agent.syscfg import SyscfgSubsystem

        return SyscfgSubsystem(self.paths, lambda: self.settings, restart_allowed=self._server_restart_allowed)

    async def _toggle(self, settings: dict[str, Any], key: str, name: str, enabled_by_cli: bool,
                      make: Callable[[], Subsystem | None]) -> None:
        """Start or stop an optional subsystem when its disable_* switch changes."""
        if not enabled_by_cli:
            return
        running = next((s for s in self.subsystems if s.name == name), None)
        if flag(settings, key) and running is not None:
            LOG.info("advanced_settings.%s set: stopping %s", key, name)
            self.subsystems.remove(running)
            try:
                await asyncio.wait_for(running.stop(), STOP_BUDGET_S)
            except Exception as exc:
                LOG.error("stopping %s failed: %s", name, exc)
        elif not flag(settings, key) and running is None:
            subsystem = make()
            if subsystem is None:
                return
            LOG.info("advanced_settings.%s cleared: starting %s", key, name)
            try:
                await subsystem.start()
            except Exception as exc:
                LOG.exception("%s failed to start; continuing without it: %s", name, exc)
                return
            self.subsystems.insert(0 if name == "syscfg" else len(self.subsystems) - 1, subsystem)

    async def _restart_if_pending(self) -> None:
        """A restart for new settings happens when viam-server allows it (its maintenance window)."""
        sup = self.supervisor
        if not self._server_restart_pending or sup is None or not sup.enabled:
            return
        if await sup.restart_allowed():
            self._server_restart_pending = False
            sup.request_restart("new viam_server_env")
        elif not self._restart_gated_logged:
            LOG.warning("viam-server has NOT allowed a restart; will NOT restart it yet")
            self._restart_gated_logged = True

    async def _needs_restart_loop(self) -> None:
        """The app's Restart button, checked by the agent for a server that leaves it to us
        (``does_not_handle_needs_restart`` in its /restart_status). The restart is forced: the
        maintenance window is not asked, as the reference does (the server may be stuck)."""
        client = None
        interval = NEEDS_RESTART_MIN_S
        try:
            while not self._stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), interval)
                if self._stop.is_set():
                    return
                interval = NEEDS_RESTART_MIN_S
                sup = self.supervisor
                cloud = load_machine_info(self.paths.machine_config).cloud
                if sup is None or not sup.enabled or not sup.does_not_handle_needs_restart or not cloud.get("id"):
                    continue
                try:
                    if client is None or client.cloud != cloud:
                        from viam.agent.cloud import CloudClient

                        if client is not None:
                            await client.close()
                        client = CloudClient(cloud, agent_version=agent_version())
                    must, interval = await client.needs_restart()
                except (AgentError, CloudError) as exc:
                    LOG.warning("checking if a restart is needed: %s", exc)
                    interval = NEEDS_RESTART_MIN_S
                    continue
                interval = max(NEEDS_RESTART_MIN_S, interval)
                if must:
                    LOG.info("a restart of viam-server was requested from the app")
                    sup.request_restart("requested from the app")
        finally:
            if client is not None:
                await client.close()

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "version": agent_version(),
            "root": str(self.paths.root),
            "started_at": self.started_at,
            "updated_at": time.time(),
            "healthy": all(self.healthy().values()),
            "subsystems": {s.name: s.status() for s in self.subsystems},
            "updates": self.updater.status() if self.updater else {},
            "log_upload": {"queued": len(self.log_uploader.queue), "sent": self.log_uploader.sent,
                           "last_error": self.log_uploader.last_error,
                           "journal_forwarded": self.journal.forwarded} if self.log_uploader else {},
            "installed": {name: self.store.entry(name) for name in ("viam-server", "viam-agent")},
            "config_errors": self.config.errors,
            "last_check_error": self.last_check_error,
        }

    def write_status(self) -> None:
        with contextlib.suppress(OSError):
            atomic_write_json(self.paths.status_file, self.status())

    async def _shutdown(self) -> None:
        self.notifier.stopping(f"stopping: {self.describe()}")
        LOG.info("viam-agent stopping")
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for subsystem in reversed(self.subsystems):
            budget = STOP_BUDGET_S
            if subsystem is self.supervisor:
                budget = self.supervisor.settings.stop_grace_s + 10.0
            try:
                await asyncio.wait_for(subsystem.stop(), budget)
            except Exception as exc:
                LOG.error("stopping %s failed: %s", subsystem.name, exc)
        self.write_status()
        await self._stop_log_upload()
        self.notifier.close()

    async def _stop_log_upload(self) -> None:
        """Last: the shutdown's own lines are sent too (briefly: an unreachable app must not hold us)."""
        if self._log_handler is None:
            return
        self._log_stop.set()
        for task in self._log_tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, 5.0)
        logging.getLogger().removeHandler(self._log_handler)
        self._log_handler = None
