"""One configured module on the parent side: its process, handshake, resources and restarts.

A supervisor task per module runs the loop start -> serve -> (crash) -> back off -> start
again until the module is stopped. States follow ``robot.v1.ModuleStatus.State``; every
transition goes through ``_set_state`` (one transition table); once a module is stopping,
its supervisor stops acting on process exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from viam.config.model import ResourceConfig
from viam.gen.module.v1 import module_pb2, module_pb2_grpc
from viam.module.errors import ModuleError, ModuleStartError, ModuleStartTimeoutError, ModuleUnavailableError
from viam.module.parent import ParentServer
from viam.module.process import ModuleProcess, describe_exit, socket_path
from viam.module.settings import ModuleSettings
from viam.packages.manager import module_data_dir
from viam.resource.names import API, Model, ResourceName
from viam.rpc.lost import unless_channel_closed

LOG = logging.getLogger("viam.module")
CHANNEL_CLOSE_GRACE_S = 1.0


class ModuleState(enum.IntEnum):
    """Values match ``robot.v1.ModuleStatus.State``."""

    PENDING = 1
    STARTING = 2
    READY = 3
    UNHEALTHY = 4
    CLOSING = 5


_TRANSITIONS: dict[ModuleState, set[ModuleState]] = {
    ModuleState.PENDING: {ModuleState.STARTING, ModuleState.CLOSING},
    ModuleState.STARTING: {ModuleState.READY, ModuleState.UNHEALTHY, ModuleState.CLOSING},
    ModuleState.READY: {ModuleState.UNHEALTHY, ModuleState.STARTING, ModuleState.CLOSING},
    ModuleState.UNHEALTHY: {ModuleState.STARTING, ModuleState.CLOSING},
    ModuleState.CLOSING: set(),
}


@dataclass(frozen=True)
class ModuleSpec:
    """What to run. Two specs that compare equal need no restart."""

    name: str
    argv: tuple[str, ...]          # executable (and its own leading args); socket and level follow
    root: str                      # VIAM_MODULE_ROOT and the working directory
    module_id: str = ""
    version: str = ""
    env: tuple[tuple[str, str], ...] = ()
    log_level: str = "info"
    tcp_mode: bool = False
    builtin: bool = False


@dataclass(frozen=True)
class Handler:
    """One entry of the module's handler map: an API (with its gRPC service) and its models."""

    api: API
    service_name: str
    models: tuple[Model, ...]


@dataclass
class Hooks:
    """What the module manager does when a module's handler map or health changes."""

    on_ready: Callable[[ManagedModule, bool], Awaitable[None]]       # (module, restarted)
    on_down: Callable[[ManagedModule, str], None]                     # resources unusable now


@dataclass
class _Added:
    config: ResourceConfig
    dependencies: list[str] = field(default_factory=list)


class ManagedModule:
    """A module process under supervision (implements ``forward.ModuleHandle``)."""

    def __init__(self, spec: ModuleSpec, *, settings: ModuleSettings, directory: Path, viam_home: Path,
                 parent_factory: Callable[[str], ParentServer], hooks: Hooks, part_id: str = "") -> None:
        self.spec = spec
        self.name = spec.name
        self.settings = settings
        self.directory = directory
        self.viam_home = viam_home
        self.part_id = part_id  # scopes the data dir: module-data/<part id or "local">/<name>
        self._parent_factory = parent_factory
        self.hooks = hooks
        self.state = ModuleState.PENDING
        self.error = ""
        self.last_failure = ""  # why the last run failed, kept while it restarts; cleared once ready
        self.consecutive_failures = 0
        self._crash_output: set[str] = set()  # stderr lines of the last failed run (see ModuleProcess)
        self.last_updated = time.time()
        self.handlers: list[Handler] = []
        self.process: ModuleProcess | None = None
        self.parent: ParentServer | None = None
        self.address = ""
        self._channel: grpc.aio.Channel | None = None
        self._stub: module_pb2_grpc.ModuleServiceStub | None = None
        self.added: dict[ResourceName, _Added] = {}
        self.pending_removal: set[ResourceName] = set()
        self.implicit_deps: dict[ResourceName, tuple[list[str], list[str]]] = {}
        self._task: asyncio.Task[None] | None = None
        self._first_attempt = asyncio.Event()
        self._attempt_waiters: list[asyncio.Future[None]] = []
        self._wake = asyncio.Event()
        self._restart_requested = False
        self._stopping = False
        self._ever_ready = False
        self.late = False  # the config apply stopped waiting for this start: build resources once ready

    def __repr__(self) -> str:
        return f"<ManagedModule {self.name!r} {self.state.name} failures={self.consecutive_failures}>"

    # -- state --------------------------------------------------------------------------------
    def _set_state(self, state: ModuleState, error: str = "") -> None:
        if state != self.state and state not in _TRANSITIONS[self.state]:
            LOG.debug("ignoring module state change %s -> %s", self.state.name, state.name,
                      extra={"module_name": self.name})
            return
        self.state, self.error, self.last_updated = state, error, time.time()
        if state in (ModuleState.UNHEALTHY, ModuleState.READY):
            self.last_failure = error

    def channel_or_raise(self) -> grpc.aio.Channel:
        if self.state != ModuleState.READY or self._channel is None:
            detail = f": {self.error}" if self.error else ""
            raise ModuleUnavailableError(f"module {self.name!r} is {self.state.name.lower()}{detail}")
        return self._channel

    def _went_down(self, call: str) -> str:
        return f"module {self.name!r} went down during {call}"

    def _stub_or_raise(self) -> module_pb2_grpc.ModuleServiceStub:
        self.channel_or_raise()
        assert self._stub is not None
        return self._stub

    # -- supervision --------------------------------------------------------------------------
    def start(self) -> None:
        """Start supervising; ``wait_first_attempt`` returns once the first start succeeded or failed."""
        if self._task is None:
            self._task = asyncio.create_task(self._supervise(), name=f"module-{self.name}")

    async def wait_first_attempt(self) -> None:
        await self._first_attempt.wait()

    def _next_attempt(self) -> asyncio.Future[None]:
        """A future resolved when the next start attempt has succeeded or failed."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._attempt_waiters.append(waiter)
        return waiter

    def _attempt_finished(self) -> None:
        self._first_attempt.set()
        waiters, self._attempt_waiters = self._attempt_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _supervise(self) -> None:
        while not self._stopping:
            self._wake.clear()  # a restart request from here on skips the coming back-off
            started_at = time.monotonic()
            restarted = self._ever_ready
            try:
                await self._start_once()
            except Exception as exc:  # noqa: BLE001 - any failure to start is this module's problem only
                if isinstance(exc, grpc.aio.AioRpcError):
                    message = f"module {self.name!r}: {exc.code().name}: {exc.details()}"
                elif isinstance(exc, ModuleError):
                    message = str(exc)
                else:
                    message = f"module {self.name!r} failed to start: {type(exc).__name__}: {exc}"
                    LOG.error("unexpected error starting module", exc_info=exc, extra={"module_name": self.name})
                if self.process is not None:
                    self._crash_output = set(self.process.stderr_lines)
                await self._teardown_process(kill=True)
                if self._stopping:
                    break
                self.consecutive_failures += 1
                self._set_state(ModuleState.UNHEALTHY, message)
                LOG.error("module failed to start: %s", message,
                          extra={"module_name": self.name, "consecutive_failures": self.consecutive_failures})
                self._attempt_finished()
                await self._sleep(self.settings.restart_delay_s(self.consecutive_failures))
                continue
            self._ever_ready = True
            self._set_state(ModuleState.READY)
            LOG.info("module ready", extra={"module_name": self.name, "models": self.model_count(),
                                             "startup_s": round(time.monotonic() - started_at, 3)})
            try:
                await self.hooks.on_ready(self, restarted)
            except Exception:  # noqa: BLE001 - keep supervising; the resources report their own errors
                LOG.exception("error after module became ready", extra={"module_name": self.name})
            self._attempt_finished()

            assert self.process is not None
            code = await self.process.wait()
            if self._stopping:
                break
            uptime = time.monotonic() - started_at
            if self._restart_requested:
                self._restart_requested = False
                message = f"module {self.name!r} is restarting"
                self.hooks.on_down(self, message)
                await self._teardown_process(kill=True)
                self._set_state(ModuleState.STARTING, message)
                continue
            self.consecutive_failures = 1 if uptime >= self.settings.stable_after_s else self.consecutive_failures + 1
            self._crash_output = set(self.process.stderr_lines)
            tail = self.process.failure_tail()
            message = f"module {self.name!r} {describe_exit(code)} unexpectedly{tail}"
            self._set_state(ModuleState.UNHEALTHY, message)
            LOG.error("module crashed; restarting", extra={
                "module_name": self.name, "consecutive_failures": self.consecutive_failures,
                "restart_in_s": self.settings.restart_delay_s(self.consecutive_failures)})
            self.hooks.on_down(self, message)
            await self._teardown_process(kill=True)
            await self._sleep(self.settings.restart_delay_s(self.consecutive_failures))
        self._attempt_finished()

    async def _sleep(self, delay_s: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay_s)

    def _launch_env(self) -> dict[str, str]:
        data = module_data_dir(self.viam_home, self.name, self.part_id)
        data.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update({
            "VIAM_HOME": str(self.viam_home),
            "VIAM_MODULE_DATA": str(data),
            "VIAM_MODULE_NAME": self.name,
            "VIAM_MODULE_ROOT": self.spec.root,
            "VIAM_MODULE_ID": self.spec.module_id,
            "VIAM_MODULE_PARENT_PID": str(os.getpid()),
            "VIAM_PYTHON": sys.executable,  # for wrappers of modules written with this project (docs/modules.md)
        })
        if self.spec.version:
            env["VIAM_MODULE_VERSION"] = self.spec.version
        env.update(dict(self.spec.env))
        return env

    async def _start_once(self) -> None:
        """Launch, wait for the socket, Ready until ready, read the handler map."""
        self._set_state(ModuleState.STARTING)
        deadline = time.monotonic() + self.settings.startup_timeout_s
        if self.parent is None:
            self.parent = self._parent_factory(self.name)
            if self.spec.tcp_mode:
                await self.parent.start_tcp()
            else:
                await self.parent.start_unix(socket_path(self.directory, f"parent-{self.name}"))
        if self.spec.tcp_mode:
            self.address = f"127.0.0.1:{_free_port()}"
            argv = [*self.spec.argv, self.address, f"--log-level={self.spec.log_level}", "--tcp-mode"]
            target = self.address
        else:
            sock = socket_path(self.directory, self.name)
            sock.unlink(missing_ok=True)
            self.address = str(sock)
            argv = [*self.spec.argv, self.address, f"--log-level={self.spec.log_level}"]
            target = f"unix:{sock}"
        repeat = frozenset(self._crash_output) if self.consecutive_failures else frozenset()
        self.process = await ModuleProcess.launch(self.name, argv, env=self._launch_env(), cwd=self.spec.root or None,
                                                  seen_before=repeat)
        await self._wait_listening(deadline)
        self._channel = grpc.aio.insecure_channel(target, options=[
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.max_send_message_length", 64 * 1024 * 1024),
        ])
        self._stub = module_pb2_grpc.ModuleServiceStub(self._channel)
        await self._ready(deadline)

    async def _wait_listening(self, deadline: float) -> None:
        assert self.process is not None
        timeout = self.settings.startup_timeout_s
        while True:
            if not self.process.alive():
                await self.process.wait()
                tail = self.process.failure_tail()
                raise ModuleStartError(f"module {self.name!r} {describe_exit(self.process.returncode)} "
                                       f"before serving{tail}")
            if self.spec.tcp_mode or os.path.exists(self.address):  # noqa: ASYNC240 - a stat, no I/O wait
                return
            if time.monotonic() > deadline:
                raise ModuleStartTimeoutError(
                    f"module {self.name!r} did not create its socket {self.address} within {timeout:g}s "
                    f"(startup timeout; set VIAM_MODULE_STARTUP_TIMEOUT to change it)")
            await asyncio.sleep(0.01)

    async def _ready(self, deadline: float) -> None:
        assert self._stub is not None and self.parent is not None and self.process is not None
        request = module_pb2.ReadyRequest(parent_address=self.parent.address)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ModuleStartTimeoutError(
                    f"module {self.name!r} did not report ready within {self.settings.startup_timeout_s:g}s "
                    f"(startup timeout; set VIAM_MODULE_STARTUP_TIMEOUT to change it)")
            if not self.process.alive():
                raise ModuleStartError(f"module {self.name!r} {describe_exit(self.process.returncode)} during Ready")
            try:
                response = await self._stub.Ready(request, timeout=min(remaining, 5.0), wait_for_ready=True)
            except grpc.aio.AioRpcError as exc:
                if exc.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                    raise ModuleStartError(f"module {self.name!r} failed Ready: {exc.code().name}: "
                                           f"{exc.details()}") from None
                await asyncio.sleep(self.settings.ready_retry_s)
                continue
            if response.ready:
                self.handlers = [_handler(h) for h in response.handlermap.handlers]
                return
            await asyncio.sleep(self.settings.ready_retry_s)

    def model_count(self) -> int:
        return sum(len(h.models) for h in self.handlers)

    async def _teardown_process(self, *, kill: bool) -> None:
        channel, self._channel, self._stub = self._channel, None, None
        if self.process is not None:
            if kill:
                self.process.kill()
            await self.process.wait()
        if channel is not None:
            # The process is gone, so calls still in flight fail UNAVAILABLE on their own; the
            # grace lets them, rather than cancelling them (see viam.rpc.lost).
            await channel.close(grace=CHANNEL_CLOSE_GRACE_S)
        self.added.clear()
        self.pending_removal.clear()

    # -- resources ----------------------------------------------------------------------------
    async def validate(self, config: ResourceConfig) -> tuple[list[str], list[str]]:
        """Implicit dependencies from the module (UNIMPLEMENTED means none)."""
        name = config.resource_name
        if self.state != ModuleState.READY:
            return self.implicit_deps.get(name, ([], []))  # the build then fails with "module is down"
        try:
            response = await unless_channel_closed(self._stub_or_raise().ValidateConfig(
                module_pb2.ValidateConfigRequest(config=config.to_proto()), timeout=self.settings.call_timeout_s),
                self._went_down("ValidateConfig"))
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                return [], []
            if exc.code() == grpc.StatusCode.UNAVAILABLE:
                return self.implicit_deps.get(name, ([], []))
            key, reason = _rejected_field(config, exc.details() or "")
            said = f"{key}: {reason}" if key != "attributes" else reason
            raise config.error(f"module {self.name!r} rejected the config: {said}", key) from None
        deps = (list(response.dependencies), list(response.optional_dependencies))
        self.implicit_deps[name] = deps
        return deps

    async def add_resource(self, config: ResourceConfig, dependencies: Sequence[ResourceName]) -> None:
        """AddResource, or ReconfigureResource when the module still holds it from before a rebuild."""
        name = config.resource_name
        stub = self._stub_or_raise()
        deps = [str(d) for d in sorted(dependencies)]
        try:
            if name in self.pending_removal:
                self.pending_removal.discard(name)
                await unless_channel_closed(stub.ReconfigureResource(
                    module_pb2.ReconfigureResourceRequest(config=config.to_proto(), dependencies=deps),
                    timeout=self.settings.call_timeout_s), self._went_down("ReconfigureResource"))
            else:
                await unless_channel_closed(stub.AddResource(
                    module_pb2.AddResourceRequest(config=config.to_proto(), dependencies=deps),
                    timeout=self.settings.call_timeout_s), self._went_down("AddResource"))
        except grpc.aio.AioRpcError as exc:
            self.added.pop(name, None)
            raise ModuleError(f"module {self.name!r} could not build {name}: {exc.code().name}: "
                              f"{exc.details()}") from None
        self.added[name] = _Added(config, deps)

    async def remove_resource(self, name: ResourceName) -> None:
        """Called when the graph closes the resource: removal is deferred to ``flush_removals``
        so that a resource closed only to be rebuilt gets ReconfigureResource instead."""
        if name in self.added:
            self.pending_removal.add(name)

    async def flush_removals(self, budget_s: float | None = None) -> None:
        """RemoveResource for every resource closed and not rebuilt, within a shared budget."""
        names, self.pending_removal = sorted(self.pending_removal), set()
        if not names or self._stub is None:
            return
        deadline = time.monotonic() + (self.settings.remove_budget_s if budget_s is None else budget_s)
        for name in names:
            self.added.pop(name, None)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                LOG.warning("no time left to remove resource", extra={"module_name": self.name, "resource": str(name)})
                continue
            if self._stub is None:  # the module went down meanwhile: nothing left to remove from
                break
            try:
                await unless_channel_closed(
                    self._stub.RemoveResource(module_pb2.RemoveResourceRequest(name=str(name)), timeout=remaining),
                    self._went_down("RemoveResource"))
            except grpc.aio.AioRpcError as exc:
                LOG.warning("RemoveResource failed: %s", exc.details(),
                            extra={"module_name": self.name, "resource": str(name)})

    # -- stopping and restarting ------------------------------------------------------------
    async def restart(self, spec: ModuleSpec | None = None) -> None:
        """Stop the process gracefully, start it again (with ``spec`` if given) and return once
        that start has succeeded (resources rebuilt) or failed."""
        if spec is not None:
            self.spec = spec
        self.consecutive_failures = 0
        attempt = self._next_attempt()
        if self.state == ModuleState.READY and self.process is not None and self.process.alive():
            self._restart_requested = True
            self.pending_removal |= set(self.added)
            await self.flush_removals()
            self._set_state(ModuleState.STARTING, f"module {self.name!r} is restarting")
            await self.process.stop(self.settings.stop_grace_s)
        else:
            self._wake.set()  # skip the back-off: try now
        await attempt

    async def stop(self) -> None:
        """RemoveResource for everything (shared budget), SIGTERM, then SIGKILL after the grace period."""
        if self._stopping:
            return
        self._stopping = True
        self._set_state(ModuleState.CLOSING)
        self._wake.set()
        if self._stub is not None:
            self.pending_removal |= set(self.added)
            await self.flush_removals()
        if self.process is not None:
            code = await self.process.stop(self.settings.stop_grace_s)
            LOG.info("module stopped", extra={"module_name": self.name, "exit": describe_exit(code)})
        await self._teardown_process(kill=True)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self.parent is not None:
            await self.parent.stop()
            self.parent = None

    def kill(self) -> None:
        """Last resort at server shutdown."""
        if self.process is not None:
            self.process.kill()


def _handler(definition: module_pb2.HandlerDefinition) -> Handler:
    subtype = definition.subtype.subtype
    return Handler(
        api=API(subtype.namespace, subtype.type, subtype.subtype),
        service_name=definition.subtype.proto_service,
        models=tuple(Model.parse(m) for m in definition.models),
    )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rejected_field(config: ResourceConfig, details: str) -> tuple[str, str]:
    """The field a module's rejection names, as a key under this entry's JSON path, and the rest.

    A module on our runtime says ``components[<name>].attributes.max_rpm: ...`` (it sees no
    file); that becomes ``attributes.max_rpm`` under ``components[<index>]``. Anything else is
    about the entry's ``attributes``."""
    prefix = f"{config.api.resource_type}s[{config.name}]."
    if details.startswith(prefix):
        field, sep, reason = details[len(prefix):].partition(": ")
        if sep and field and " " not in field:
            return field, reason
    return "attributes", details
