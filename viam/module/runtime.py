"""The child side: a ``Module`` runtime for module authors.

A module is a program the server runs as ``<exe> <socket> --log-level=X``. With this runtime it
is a few lines::

    from viam.module import Module
    from my_sensor import MySensor        # a model: API, MODEL, validate_config, new

    if __name__ == "__main__":
        Module.run_with_models(MySensor)

The runtime serves ``viam.module.v1.ModuleService`` and the models' resource APIs on the
socket, dials back to the parent (``Ready.parent_address``) so that dependencies are clients
of the parent's resources (module -> server -> owner, never module -> module), sends its log
records to the parent (``RobotService/Log``), and exits when the parent is gone or on SIGTERM.
Models are the same classes as in-process models (``viam.resource.registry.ModelClass``) with
a ``MODEL`` class attribute; they may add ``async reconfigure(config, dependencies)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

import grpc

from viam import eventloop
from viam.client.robot import DialOptions, RobotClient
from viam.components.catalog import register_builtins
from viam.config.model import ResourceConfig
from viam.gen.app.v1 import robot_pb2 as app_pb2
from viam.gen.common.v1 import common_pb2
from viam.gen.module.v1 import module_pb2
from viam.gen.robot.v1 import robot_pb2
from viam.logging import setup_logging
from viam.resource.base import Resource
from viam.resource.names import API, Model, ResourceName
from viam.resource.registry import ModelClass, Registry
from viam.rpc import server as rpc_server
from viam.rpc.router import LocalTarget, ResourceRouter, status_for
from viam.rpc.stubs import ServiceStub, add_servicer
from viam.utils import struct_to_dict

LOG = logging.getLogger("viam.module.runtime")
PARENT_CHECK_INTERVAL_S = 1.0
MODULE_SERVICE = module_pb2.DESCRIPTOR.services_by_name["ModuleService"]
ROBOT_SERVICE = robot_pb2.DESCRIPTOR.services_by_name["RobotService"]


def _parent_pid() -> int:
    """The server that started us: ``VIAM_MODULE_PARENT_PID`` (set by our server, so a parent
    that died before we got here is noticed too), else our parent process now."""
    try:
        return int(os.environ["VIAM_MODULE_PARENT_PID"])
    except (KeyError, ValueError):
        return os.getppid()


USAGE = "usage: <module> <socket path> [--log-level=LEVEL] [--tcp-mode]"


def parse_argv(argv: Sequence[str]) -> tuple[str, str, bool]:
    """``(socket path, log level, tcp mode)`` from the arguments the server gives a module.

    The command line is ``<socket path> [--log-level=LEVEL | --log-level LEVEL] [--tcp-mode]``
    (``viam.module.managed`` builds it). Other options and extra words are ignored, so a newer
    server's flags do not stop an older module. Parsed by hand: argparse (with gettext) costs every
    module process a few hundred kB for two flags. A missing socket path exits with the usage (2).
    """
    socket_path: str | None = None
    log_level = "info"
    tcp_mode = False
    words = iter(argv)
    for word in words:
        if word == "--tcp-mode":
            tcp_mode = True
        elif word.startswith("--log-level="):
            log_level = word.partition("=")[2]
        elif word == "--log-level":
            log_level = next(words, log_level)
        elif word in ("-h", "--help"):
            print(USAGE)
            sys.exit(0)
        elif not word.startswith("-") and socket_path is None:
            socket_path = word
    if socket_path is None:
        print(f"{USAGE}\nerror: the socket path is missing", file=sys.stderr)
        sys.exit(2)
    return socket_path, log_level, tcp_mode


def config_from_proto(msg: app_pb2.ComponentConfig) -> ResourceConfig:
    """The module protocol's ComponentConfig as the ResourceConfig models are written against."""
    api = API.parse(msg.api) if msg.api else API(msg.namespace or "rdk", "component", msg.type)
    return ResourceConfig(
        name=msg.name, api=api, model=Model.parse(msg.model), attributes=struct_to_dict(msg.attributes),
        depends_on=list(msg.depends_on), log_level=msg.log_configuration.level,
        json_path=f"{api.resource_type}s[{msg.name}]",
    )


class ParentLogHandler(logging.Handler):
    """Queue log records and send them to the parent's ``RobotService/Log`` in batches."""

    def __init__(self, stub: ServiceStub, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._stub = stub
        self._loop = loop
        self._queue: asyncio.Queue[common_pb2.LogEntry] = asyncio.Queue(maxsize=10000)
        self._task = loop.create_task(self._send_loop(), name="module-log-sender")

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("grpc", "asyncio")):
            return
        try:
            entry = common_pb2.LogEntry(level=record.levelname.lower(), logger_name=record.name,
                                        message=self.format(record) if self.formatter else record.getMessage())
            entry.time.FromNanoseconds(int(record.created * 1e9))
            if record.exc_info:
                entry.stack = logging.Formatter().formatException(record.exc_info)
            self._loop.call_soon_threadsafe(self._put, entry)
        except RuntimeError:  # loop closed while shutting down
            pass

    def _put(self, entry: common_pb2.LogEntry) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(entry)

    async def _send_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < 100:
                batch.append(self._queue.get_nowait())
            with contextlib.suppress(grpc.aio.AioRpcError):
                await self._stub.Log(robot_pb2.LogRequest(logs=batch), timeout=5)
            for _ in batch:
                self._queue.task_done()

    async def drain(self, timeout_s: float = 1.0) -> None:
        """Wait (bounded) until every queued record has been sent."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._queue.join(), timeout_s)

    def close(self) -> None:
        self._task.cancel()
        super().close()


class Module:
    """Serve models to a parent viam-server over the module protocol."""

    def __init__(self, address: str, *, log_level: int = logging.INFO, tcp_mode: bool = False,
                 registry: Registry | None = None) -> None:
        self.address = address
        self.tcp_mode = tcp_mode
        self.log_level = log_level
        self.name = os.environ.get("VIAM_MODULE_NAME", "module")
        self.logger = logging.getLogger(self.name)
        self.registry = registry or Registry()
        if registry is None:
            register_builtins(self.registry)
        self.router = ResourceRouter()
        self.models: dict[tuple[API, Model], ModelClass] = {}
        self.resources: dict[ResourceName, Resource] = {}
        self.parent: RobotClient | None = None
        self.ready = True
        self._parent_address = ""
        self._log_handler: ParentLogHandler | None = None
        self._server: grpc.aio.Server | None = None
        self._stop = asyncio.Event()
        self._lock = asyncio.Lock()

    # -- authoring API ------------------------------------------------------------------------
    @classmethod
    def from_args(cls, argv: Sequence[str] | None = None) -> Module:
        """Build from the command line the server uses: ``<socket> [--log-level=X] [--tcp-mode]``."""
        socket_path, log_level, tcp_mode = parse_argv(sys.argv[1:] if argv is None else argv)
        level = logging.getLevelName(log_level.upper())
        return cls(socket_path, log_level=level if isinstance(level, int) else logging.INFO, tcp_mode=tcp_mode)

    def add_model(self, model_class: Any, *, api: API | None = None, model: Model | None = None) -> None:
        """Serve ``model_class`` (its ``API`` and ``MODEL`` unless given) for AddResource."""
        api = api or model_class.API
        model = model or model_class.MODEL
        if isinstance(model, str):
            model = Model.parse(model)
        registration = self.registry.api(api)  # raises with the known APIs if this one is unknown
        self.router.add_service(api, registration.service_descriptor)
        self.models[(api, model)] = model_class

    @classmethod
    def run_with_models(cls, *model_classes: Any, argv: Sequence[str] | None = None) -> None:
        """Entry point: parse argv, add the models, serve until the parent stops us."""
        module = cls.from_args(argv)
        for model_class in model_classes:
            module.add_model(model_class)
        eventloop.run(module.serve())

    # -- serving ------------------------------------------------------------------------------
    async def serve(self) -> None:
        """Serve until SIGTERM/SIGINT or until the parent process is gone."""
        setup_logging(debug=self.log_level <= logging.DEBUG, stream=sys.stdout)  # until the parent takes over
        logging.getLogger().setLevel(self.log_level)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stop.set)
        server = self._server = rpc_server.new_server()
        server.add_generic_rpc_handlers((self.router,))
        add_servicer(server, _ModuleService(self), MODULE_SERVICE)
        if self.tcp_mode:
            server.add_insecure_port(self.address)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.address)
            server.add_insecure_port(f"unix:{self.address}")
        await server.start()
        watcher = asyncio.create_task(self._watch_parent(_parent_pid()), name="module-parent-watch")
        self.logger.debug("module serving", extra={"address": self.address, "models": len(self.models)})
        try:
            await self._stop.wait()
        finally:
            watcher.cancel()
            await self.close()

    async def _watch_parent(self, parent_pid: int) -> None:
        while True:
            if os.getppid() != parent_pid:
                LOG.warning("parent process %d is gone; exiting", parent_pid)
                self._stop.set()
                return
            await asyncio.sleep(PARENT_CHECK_INTERVAL_S)

    async def close(self) -> None:
        for name, resource in list(self.resources.items()):
            with contextlib.suppress(Exception):
                await resource.close()
            self.resources.pop(name, None)
        if self._log_handler is not None:
            await self._log_handler.drain()
            logging.getLogger().removeHandler(self._log_handler)
            self._log_handler.close()
        if self._server is not None:
            await self._server.stop(0.5)
        if self.parent is not None:
            await self.parent.close()

    # -- protocol handlers --------------------------------------------------------------------
    async def on_ready(self, parent_address: str) -> module_pb2.ReadyResponse:
        if self.parent is None and parent_address:
            self._parent_address = parent_address
            target = parent_address if self.tcp_mode or ":" in parent_address else f"unix:{parent_address}"
            self.parent = await RobotClient.at_address(target, DialOptions(refresh_interval_s=0))
            self._log_handler = ParentLogHandler(ServiceStub(self.parent.channel, ROBOT_SERVICE),
                                                 asyncio.get_running_loop())
            logging.getLogger().handlers[:] = [self._log_handler]  # from now on, logs go to the parent
        handlers: dict[API, list[str]] = {}
        for api, model in self.models:
            handlers.setdefault(api, []).append(str(model))
        definitions = []
        for api, models in sorted(handlers.items()):
            subtype = common_pb2.ResourceName(namespace=api.namespace, type=api.resource_type,
                                              subtype=api.resource_subtype)
            rpc_subtype = robot_pb2.ResourceRPCSubtype(subtype=subtype,
                                                       proto_service=self.registry.api(api).service_name)
            definitions.append(module_pb2.HandlerDefinition(subtype=rpc_subtype, models=sorted(models)))
        return module_pb2.ReadyResponse(ready=self.ready, handlermap=module_pb2.HandlerMap(handlers=definitions))

    def _model(self, config: ResourceConfig) -> ModelClass:
        try:
            return self.models[(config.api, config.model)]
        except KeyError:
            known = ", ".join(f"{a}/{m}" for a, m in self.models) or "none"
            raise KeyError(f"this module has no model {config.model} for {config.api} (has: {known})") from None

    async def validate(self, config: ResourceConfig) -> tuple[list[str], list[str]]:
        result = self._model(config).validate_config(config)
        required, optional = (await result) if inspect.isawaitable(result) else result
        return list(required), list(optional)

    async def _dependencies(self, names: Sequence[str]) -> dict[ResourceName, Resource]:
        if not names:
            return {}
        if self.parent is None:
            raise RuntimeError("dependencies requested before the parent called Ready")
        await self.parent.refresh()
        return {ResourceName.parse(n): self.parent.get_resource(ResourceName.parse(n)) for n in names}

    async def add_resource(self, config: ResourceConfig, dependencies: Sequence[str]) -> None:
        async with self._lock:
            model = self._model(config)
            deps = await self._dependencies(dependencies)
            resource = await model.new(config, deps)
            self.resources[config.resource_name] = resource
            self.router.set_target(config.resource_name, LocalTarget(resource, self.registry.api(config.api).servicer))

    async def reconfigure_resource(self, config: ResourceConfig, dependencies: Sequence[str]) -> None:
        resource = self.resources.get(config.resource_name)
        reconfigure = getattr(resource, "reconfigure", None)
        if resource is not None and callable(reconfigure):
            await reconfigure(config, await self._dependencies(dependencies))
            return
        await self.remove_resource(config.resource_name)
        await self.add_resource(config, dependencies)

    async def remove_resource(self, name: ResourceName) -> None:
        async with self._lock:
            self.router.remove_target(name)
            resource = self.resources.pop(name, None)
            if resource is not None:
                await resource.close()


class _ModuleService:
    """``viam.module.v1.ModuleService``: decode, delegate to the Module, map errors."""

    def __init__(self, module: Module) -> None:
        self.module = module

    async def _run(self, context: grpc.aio.ServicerContext, what: str, coro: Any) -> Any:
        try:
            return await coro
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent as a status
            code, message = status_for(exc, what)
            await context.abort(code, message)

    async def Ready(self, request: module_pb2.ReadyRequest, context: grpc.aio.ServicerContext) -> Any:
        return await self._run(context, "Ready", self.module.on_ready(request.parent_address))

    async def ValidateConfig(self, request: module_pb2.ValidateConfigRequest, context: grpc.aio.ServicerContext) -> Any:
        config = config_from_proto(request.config)
        required, optional = await self._run(context, f"validating {config.resource_name}",
                                             self.module.validate(config))
        return module_pb2.ValidateConfigResponse(dependencies=required, optional_dependencies=optional)

    async def AddResource(self, request: module_pb2.AddResourceRequest, context: grpc.aio.ServicerContext) -> Any:
        config = config_from_proto(request.config)
        await self._run(context, f"adding {config.resource_name}",
                        self.module.add_resource(config, list(request.dependencies)))
        return module_pb2.AddResourceResponse()

    async def ReconfigureResource(self, request: module_pb2.ReconfigureResourceRequest,
                                  context: grpc.aio.ServicerContext) -> Any:
        config = config_from_proto(request.config)
        await self._run(context, f"reconfiguring {config.resource_name}",
                        self.module.reconfigure_resource(config, list(request.dependencies)))
        return module_pb2.ReconfigureResourceResponse()

    async def RemoveResource(self, request: module_pb2.RemoveResourceRequest,
                             context: grpc.aio.ServicerContext) -> Any:
        name = ResourceName.parse(request.name)
        await self._run(context, f"removing {name}", self.module.remove_resource(name))
        return module_pb2.RemoveResourceResponse()

