"""A running machine: config, resource graph, sessions and the gRPC server, wired together."""

from __future__ import annotations

import asyncio
import importlib
import logging
import shutil
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Iterable
from pathlib import Path
from typing import Any, Protocol

import grpc
from google.protobuf.descriptor import ServiceDescriptor

from viam.components.catalog import register_builtins
from viam.config.model import MachineConfig, NetworkConfig
from viam.errors import ConfigError
from viam.gen.proto.rpc.v1 import auth_pb2_grpc
from viam.gen.proto.rpc.webrtc.v1 import signaling_pb2_grpc
from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc
from viam.module.manager import ModuleManager
from viam.module.parent import ParentServer
from viam.module.settings import ModuleSettings
from viam.remote.manager import RemoteManager
from viam.resource.base import Actuator, Resource
from viam.resource.names import API, Model, ResourceName
from viam.resource.registry import Registry
from viam.robot import maintenance, private_dir
from viam.robot.jobs import JobManager
from viam.robot.manager import Node, ResourceManager
from viam.robot.motion_builtin import register_motion
from viam.robot.service import ModuleRobotService, RobotService
from viam.robot.status import STOP_ALL_TIMEOUT_S, actuators, machine_status, stop_all
from viam.rpc import reflection
from viam.rpc import server as rpc_server
from viam.rpc.auth import Authenticator, AuthInterceptor, AuthService
from viam.rpc.front import Front
from viam.rpc.inprocess import InProcessCalls
from viam.rpc.operations import OperationTracker
from viam.rpc.router import ResourceRouter
from viam.rpc.sessions import SessionManager
from viam.rpc.signaling import SignalingService
from viam.services.data_manager.register import register_data_manager
from viam.web.logtail import LogTail

LOG = logging.getLogger(__name__)

RETRY_INTERVAL_S = 5.0
STARTUP_NAMES_WAIT_S = 2.0  # see RobotService: how long ResourceNames waits for the first build
LISTENER_GRACE_S = 0.5  # calls in flight when shutdown starts get this long, then are cancelled
STOP_TIMEOUT_S = 1.0  # every actuator's Stop, all at once, at shutdown
STATE_INITIALIZING = robot_pb2.GetMachineStatusResponse.STATE_INITIALIZING
STATE_RUNNING = robot_pb2.GetMachineStatusResponse.STATE_RUNNING


NO_CONFIG_YET = "the machine has no valid config yet; nothing is served until its config file is fixed"


def _listen_key(network: NetworkConfig) -> tuple[str, str, str]:
    return network.bind_address, network.tls_cert_file, network.tls_key_file


class ConfigSource(Protocol):
    """Where configs come from once the machine runs (``viam.robot.reconfigure.Reconfigurer``)."""

    async def apply_initial(self) -> None: ...
    async def close(self) -> None: ...
    def add_status(self, response: robot_pb2.GetMachineStatusResponse) -> None: ...


class Machine:
    """Owns everything a viam-server process runs. ``start`` serves first, then builds.

    The machine builds every part (sessions, router, resource graph, modules, remotes, the gRPC
    and web servers) and is the only object that knows them all; each part is handed, as its
    constructor's argument, either a lower-layer part or the machine seen through a Protocol
    naming what that part uses (``RobotHost``, ``ModuleHost``, ``WebHost``, ``CaptureHost``,
    ``ConfigTarget``). docs/architecture.md draws the layers.
    """

    def __init__(self, config: MachineConfig, *, registry: Registry | None = None,
                 retry_interval_s: float = RETRY_INTERVAL_S, module_settings: ModuleSettings | None = None) -> None:
        self.config = config
        self.config_applied_at = time.time()
        self.registry = registry or Registry()
        if registry is None:
            register_builtins(self.registry)
            register_data_manager(self.registry, self)
            register_motion(self.registry, self)
        self.sessions = SessionManager(config.network.heartbeat_window_s, stop_resource=self.stop_resource)
        self.router = ResourceRouter(observer=self.sessions)
        for registration in self.registry.apis:
            self.router.add_service(registration.api, registration.service_descriptor)
        self.manager = ResourceManager(self.registry, self.router)
        self.modules = ModuleManager(self, module_settings)
        self.manager.other_models = self.modules.builtins.models
        self.manager.down_modules = self.modules.down_summaries
        self.machine_id = str(uuid.uuid4())
        self.remotes = RemoteManager(self.router, self.machine_id, lambda: self.manager.nodes.keys())
        self.jobs = JobManager(self.router, self.resource_names, lambda: self.parent_socket)
        self.state = STATE_INITIALIZING
        self.port = 0
        self.private_dir: Path | None = None
        self.web: Any = None  # the HTTP side (viam.web.server.WebServer), loaded on the first HTTP request
        self.web_front: Front | None = None  # the web port's listener
        self._web_loading: asyncio.Task[None] | None = None
        self.parent_socket: Path | None = None
        self.grpc_socket: Path | None = None
        self.front: Front | None = None
        self.retry_interval_s = retry_interval_s
        # Fail closed: a boot config that did not parse may have had keys, so nothing is served
        # (on any listener) until a good config says what the auth is.
        self.authenticator = Authenticator(config.auth, locked=NO_CONFIG_YET if config.unparsed else "")
        self._bound_network = config.network
        self._server = self._new_main_server()
        self._parent_server = rpc_server.new_server()
        self._tasks: list[asyncio.Task[Any]] = []
        self._shutdown = asyncio.Event()
        self._built = asyncio.Event()
        self.web_address = ""  # host:port of the HTTP page once it serves
        self.reconfiguring = False  # a config is being applied: no restart now (/restart_status)
        self.log_tail = LogTail()  # recent log lines for the page's log panel (/api/logs)
        self._closing: asyncio.Future[None] | None = None
        self.config_source: ConfigSource | None = None  # set by use_config_source: feeds and prepares configs

    # -- lifecycle ----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Listen (answering with state INITIALIZING), then build resources in the background."""
        self.log_tail.install()
        self._add_services(self._parent_server, startup_wait_s=0.0)
        # Modules dial back to this UNIX socket: same services, no API-key check (0700 directory).
        private_dir.remove_stale()
        self.private_dir = private_dir.create()
        self.parent_socket = self.private_dir / "parent.sock"
        self.grpc_socket = self.private_dir / "grpc.sock"  # the main server, behind the front
        rpc_server.bind_private(self._server, self.grpc_socket)
        self._parent_server.add_insecure_port(f"unix:{self.parent_socket}")
        await self._server.start()
        await self._parent_server.start()
        try:
            self.front = await rpc_server.start_front(self.config.network, self.grpc_socket)
        except Exception:
            await asyncio.gather(self._server.stop(0), self._parent_server.stop(0))
            shutil.rmtree(self.private_dir, ignore_errors=True)
            raise
        self.port = self.front.port
        LOG.debug("gRPC backend behind the front", extra={"socket": str(self.grpc_socket)})
        host = self.config.network.bind_address.rsplit(":", 1)[0]
        LOG.info("serving", extra={"address": f"{host}:{self.port}", "tls": rpc_server.tls_enabled(self.config.network),
                                   "auth": self.authenticator.enabled})
        self.sessions.start()
        self._tasks.append(asyncio.create_task(self._build_then_retry(), name="machine-build"))
        await self._start_web()  # after the build has started: the page is the least urgent part

    def _add_services(self, server: grpc.aio.Server, startup_wait_s: float) -> None:
        services = [robot_pb2.DESCRIPTOR.services_by_name["RobotService"].full_name, *self.router.service_names()]
        server.add_generic_rpc_handlers((self.router,))
        robot_pb2_grpc.add_RobotServiceServicer_to_server(RobotService(self, startup_wait_s=startup_wait_s), server)
        reflection.enable(server, services, self._learnt_services)

    def _learnt_services(self) -> list[ServiceDescriptor]:
        """Services learnt from modules and remotes: answered over reflection for the next machine."""
        return [*self.modules.learnt_services(), *self.remotes.learnt_services()]

    def _new_main_server(self) -> grpc.aio.Server:
        """The main port's server; its interceptor asks the authenticator's current keys per call."""
        self.in_process = InProcessCalls([])
        server = rpc_server.new_server([AuthInterceptor(self.authenticator)], in_process=self.in_process)
        self._add_services(server, startup_wait_s=STARTUP_NAMES_WAIT_S)
        auth_pb2_grpc.add_AuthServiceServicer_to_server(AuthService(self.authenticator), server)
        signaling_pb2_grpc.add_SignalingServiceServicer_to_server(SignalingService(), server)
        return server

    async def _rebind(self, network: NetworkConfig) -> None:
        """Move the main port (and the page) to ``network``: the first good config after a broken boot."""
        assert self.grpc_socket is not None
        try:
            front = await rpc_server.start_front(network, self.grpc_socket)
        except ConfigError as exc:
            LOG.error("cannot move to the configured address; still serving on the old one: %s", exc)
            return
        old, self.front, self.port = self.front, front, front.port
        self._bound_network = network
        await self._close_web()
        self.web = None
        if old is not None:
            await old.close()
        host = network.bind_address.rsplit(":", 1)[0]
        LOG.info("serving", extra={"address": f"{host}:{self.port}", "tls": rpc_server.tls_enabled(network),
                                   "auth": self.authenticator.enabled})
        await self._start_web()

    async def _start_web(self) -> None:
        """The HTTP side: gRPC-web/Connect and the page on the main port, and the page on the web port.

        Both ports listen now, but the HTTP side (aiohttp and the app, about 10 MB) is loaded on
        the first HTTP/1.1 connection: a machine nobody browses never holds it. Failing to listen
        or to load is logged, not fatal: plain gRPC keeps working.
        """
        self._web_loading = None
        if self.front is not None:
            self.front.on_http_wanted = self._want_web
        where = self.config.network.web_address(self.port)
        if where is None:
            return
        address = f"{where[0]}:{where[1]}"
        assert self.grpc_socket is not None
        try:
            self.web_front = await rpc_server.start_front(self.config.network, self.grpc_socket, address=address,
                                                          web_port=True)
        except ConfigError as exc:
            LOG.error("web page not served", extra={"address": address, "error": str(exc)})
            return
        self.web_front.on_http_wanted = self._want_web
        self.web_address = f"{where[0]}:{self.web_front.port}"
        LOG.info("web serving", extra={"address": self.web_address})

    @property
    def web_port(self) -> int:
        """The web port bound (0 when it is off or not listening)."""
        return self.web_front.port if self.web_front is not None else 0

    async def load_web(self) -> Any:
        """The HTTP side (``WebServer``), loading it now if no request has yet (None if it failed to load)."""
        self._want_web()
        assert self._web_loading is not None
        await asyncio.shield(self._web_loading)
        return self.web

    def _want_web(self) -> None:
        if self._web_loading is None:
            self._web_loading = asyncio.create_task(self._load_web(), name="web-load")
            self._tasks.append(self._web_loading)

    async def _load_web(self) -> None:
        """Import aiohttp and build the app, then hand both ports' HTTP/1.1 connections to it."""
        factory = None
        try:
            # In a thread: on a slow board this import takes seconds the event loop must not wait for.
            # (Only aiohttp: it shares no modules with a build's imports, so no import-lock deadlock.)
            await asyncio.to_thread(importlib.import_module, "aiohttp.web")
            from viam.web.server import WebServer

            self.web = WebServer(self)
            if self.web_front is not None:
                self.web.listening_on(self.web_address.rsplit(":", 1)[0], self.web_front.port)
            factory = await self.web.setup()
        except Exception as exc:  # noqa: BLE001 - the page is optional; the machine serves without it
            LOG.error("web page not served", extra={"address": self.web_address or "main port", "error": str(exc)})
            if self.web is not None:
                await self.web.close()
            self.web = None
        for front in (self.front, self.web_front):
            if front is not None:
                front.set_http(factory)

    async def _build_then_retry(self) -> None:
        if self.config_source is not None:  # package step, cloud config, cleanup (viam.robot.reconfigure)
            await self.config_source.apply_initial()
        else:
            await self.apply_config(self.config)
        self.state = STATE_RUNNING
        self._built.set()
        ready = len(self.manager.ready_names())
        LOG.info("machine running", extra={"resources_ready": ready, "resources": len(self.manager.nodes)})
        while True:
            await asyncio.sleep(self.retry_interval_s)
            await self.manager.retry_unhealthy()

    def is_running(self) -> bool:
        return self._built.is_set()

    async def wait_running(self, timeout_s: float | None = None) -> None:
        await asyncio.wait_for(self._built.wait(), timeout_s)

    async def apply_config(self, config: MachineConfig) -> None:
        if not config.unparsed:
            if self.config.unparsed and _listen_key(config.network) != _listen_key(self._bound_network):
                self.config = config
                await self._rebind(config.network)  # the new port answers locked until the update below
            self.authenticator.update(config.auth)  # before any rebuild: a removed key stops working now
        self.config = config
        self.config_applied_at = time.time()
        await self.modules.prepare(config)  # modular models are registered before the graph needs them
        await self.manager.apply(config)
        await self.modules.finish(config)
        await self.remotes.apply(config.remotes)
        self.jobs.apply(config.jobs)

    def request_shutdown(self) -> None:
        self._shutdown.set()

    async def wait_for_shutdown_request(self) -> None:
        await self._shutdown.wait()

    async def close(self, grace_s: float = LISTENER_GRACE_S) -> None:
        """Stop first, then tear down in order (docs/safety.md); bounded, and one failing step
        never skips the next: errors are collected and logged.

        1. stop accepting calls (gRPC and web listeners; calls in flight get ``grace_s``, open
           streams end at once) and cancel config jobs, while every actuator, local, modular or
           remote, is told to stop (``STOP_TIMEOUT_S``);
        2. stop the config source and background tasks, then sessions;
        3. close resources in reverse dependency order, a module's ones by RemoveResource while
           their dependencies still run; then stop the modules (SIGTERM, SIGKILL after 30 s each);
           both within ``TEARDOWN_BUDGET_S`` (the modules' 90 s), then anything left is killed;
        4. close remotes, then the modules' parent socket, then remove the private directory.
        """
        if self._closing is not None:
            await asyncio.shield(self._closing)
            return
        self._closing = asyncio.get_running_loop().create_future()
        try:
            await self._close(grace_s)
        finally:
            self.log_tail.uninstall()
            self._closing.set_result(None)

    async def _close(self, grace_s: float) -> None:
        started = time.monotonic()
        errors: list[str] = []

        async def step(name: str, action: Callable[[], Awaitable[object]], timeout_s: float) -> None:
            try:
                await asyncio.wait_for(action(), max(0.0, timeout_s))
            except TimeoutError:
                errors.append(f"{name}: not done within {timeout_s:.1f}s")
                LOG.error("shutdown step timed out", extra={"step": name, "timeout_s": round(timeout_s, 1)})
            except Exception as exc:  # noqa: BLE001 - every step runs whatever the others did
                errors.append(f"{name}: {exc}")
                LOG.error("shutdown step failed: %s", exc, extra={"step": name})

        # 1. No new calls, and every actuator stopped, at once and together.
        listeners = asyncio.gather(
            step("web listener", self._close_web, grace_s + 0.5),
            step("gRPC listener", self._close_grpc_listener(grace_s), grace_s + 0.5))
        count = len(actuators(self))
        await step("jobs", self.jobs.close, 1.0)  # no scheduled call may command an actuator after the stop
        await step("stop actuators", self._stop_actuators, STOP_TIMEOUT_S)
        LOG.info("actuators stopped", extra={"actuators": count, "seconds": round(time.monotonic() - started, 3)})
        await listeners
        # 2. Nothing else may start or rebuild from here on.
        if self.config_source is not None:
            await step("config source", self.config_source.close, 2.0)
        await step("background tasks", self._cancel_tasks, 2.0)
        await step("sessions", self.sessions.close, 1.0)
        # 3. Resources (dependents first), then modules, within one budget.
        deadline = time.monotonic() + self.modules.settings.shutdown_timeout_s
        await step("resources", lambda: self.manager.close(after_level=self.modules.flush_removals),
                   deadline - time.monotonic())
        await step("modules", lambda: self.modules.close(deadline - time.monotonic()),
                   deadline - time.monotonic() + 1.0)
        self.modules.kill()  # anything a timed-out step left running
        # 4. What the modules talked to.
        await step("remotes", self.remotes.close, 2.0)
        await step("parent socket", lambda: self._parent_server.stop(0), 1.0)
        if self.private_dir is not None:
            shutil.rmtree(self.private_dir, ignore_errors=True)
        seconds = round(time.monotonic() - started, 3)
        if errors:
            LOG.error("machine closed with errors: %s", "; ".join(errors), extra={"seconds": seconds})
        else:
            LOG.info("machine closed", extra={"seconds": seconds})

    def _close_grpc_listener(self, grace_s: float) -> Callable[[], Awaitable[object]]:
        async def close() -> None:
            if self.front is not None:  # no new connections; open ones end with grpcio's stop
                await self.front.close()
            await self._server.stop(grace_s)
        return close

    async def _close_web(self) -> None:
        if self.web_front is not None:
            await self.web_front.close()
            self.web_front = None
        if self._web_loading is not None and not self._web_loading.done():
            self._web_loading.cancel()
        if self.web is not None:
            await self.web.close()

    async def _stop_actuators(self) -> None:
        errors = await self.stop_all(timeout_s=STOP_TIMEOUT_S)
        if errors:
            raise RuntimeError("; ".join(errors))

    async def _cancel_tasks(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def kill(self) -> None:
        """Last resort (the shutdown deadline passed): SIGKILL every module's process group now."""
        self.modules.kill()

    def use_config_source(self, source: ConfigSource) -> None:
        """Build the first config through ``source`` and report and close it with the machine."""
        self.config_source = source

    # -- what the parts see (RobotHost, ModuleHost, WebHost, CaptureHost, ConfigTarget) ------------
    @property
    def operations(self) -> OperationTracker:
        return self.router.operations

    def nodes(self) -> Iterable[Node]:
        return self.manager.nodes.values()

    def status(self) -> robot_pb2.GetMachineStatusResponse:
        return machine_status(self)

    def add_config_status(self, response: robot_pb2.GetMachineStatusResponse) -> None:
        if self.config_source is not None:
            self.config_source.add_status(response)
        self.jobs.add_status(response)

    async def stop_all(self, extras: dict[ResourceName, dict] | None = None,
                       timeout_s: float = STOP_ALL_TIMEOUT_S) -> list[str]:
        return await stop_all(self, extras, timeout_s)

    def parent_server(self, module_name: str) -> ParentServer:
        """One module's parent socket server: the router and a RobotService tagging its logs."""
        service = ModuleRobotService(self, module_name, lambda: self.modules.log_level_of(module_name))
        return ParentServer(self.router, service)

    async def retry_unhealthy(self) -> None:
        await self.manager.retry_unhealthy()

    def mark_models_down(self, models: Collection[tuple[API, Model]], reason: str) -> None:
        """Mark every resource built from one of ``models`` UNHEALTHY (its module went down)."""
        names = [name for name, node in self.manager.nodes.items()
                 if node.config is not None and (node.config.api, node.config.model) in models]
        self.manager.mark_unhealthy(names, reason)

    async def restart_allowed(self) -> bool:
        """``/restart_status``: not while reconfiguring, nor while the maintenance sensor says no."""
        return await maintenance.restart_allowed(self)

    def running_modules(self) -> Collection[str]:
        return self.modules.modules.keys()

    def stop_waiting_for_modules(self) -> None:
        """A newer config is coming: the apply in progress waits no longer for starting modules."""
        self.modules.stop_waiting()

    def resource_names(self, exclude_origins: Collection[str] = ()) -> list[ResourceName]:
        """Local READY resources, then remote ones (minus those from machines in ``exclude_origins``)."""
        return [*self.manager.ready_names(), *self.remotes.names(exclude_origins)]

    def resource(self, name: ResourceName) -> Resource:
        if name in self.manager.nodes:
            return self.manager.resource(name)
        return self.remotes.resource(name)

    def served_apis(self) -> list[tuple[API, str]]:
        apis = {name.api for name in self.resource_names()}
        return [(r.api, r.service_name) for r in self.registry.apis if r.api in apis]

    def extra_resource_statuses(self) -> list[robot_pb2.ResourceStatus]:
        """Statuses of resources not in the local graph: the remotes'."""
        return self.remotes.statuses()

    def module_statuses(self) -> list[robot_pb2.ModuleStatus]:
        return self.modules.statuses()

    def module_models(self) -> list[robot_pb2.ModuleModel]:
        return self.modules.models()

    async def restart_module(self, key: str) -> None:
        await self.modules.restart(key)

    async def stop_resource(self, name: ResourceName) -> None:
        """Stop one actuator (used when the session that last commanded it expires)."""
        try:
            resource = self.resource(name)
        except KeyError:
            return
        if isinstance(resource, Actuator):
            LOG.info("stopping resource", extra={"resource": str(name)})
            await resource.stop()
