"""The module manager: which modules run, their models in the registry, and the graph hooks.

``prepare(config)`` runs before the resource graph is built (start new and changed modules,
then the built-in modules the config needs); ``finish(config)`` runs after it (send the
RemoveResource calls the graph's closes deferred, stop modules no longer wanted). A module's
models are registered from its handler map the first time it is ready; its resources are
marked UNHEALTHY while it is down and rebuilt (in dependency order, by the graph) once it is
ready again.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import pkgutil
from collections.abc import Collection
from pathlib import Path
from typing import Protocol

from google.protobuf import descriptor_pool
from google.protobuf.descriptor import ServiceDescriptor

from viam.config.model import MachineConfig, ModuleConfig, ResourceConfig
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.module.builtin import BuiltinCatalog
from viam.module.errors import ModuleConfigError, ModuleUnavailableError, UnknownModuleError
from viam.module.forward import ModularResource, modular_resource
from viam.module.managed import Hooks, ManagedModule, ModuleSpec, ModuleState
from viam.module.parent import ParentServer
from viam.module.reflection import ReflectionError, fetch_service
from viam.module.settings import ModuleSettings
from viam.resource.names import API, Model
from viam.resource.registry import APIRegistration, Dependencies, Registry
from viam.rpc.router import ResourceRouter

LOG = logging.getLogger("viam.module")


class ModularModel:
    """Registry entry for a model served by a module: validation and construction are RPCs."""

    def __init__(self, module: ManagedModule, api: API, model: Model, service: ServiceDescriptor) -> None:
        self.module = module
        self.api = api
        self.model = model
        self.service = service

    def validate_config(self, config: ResourceConfig) -> object:
        return self.module.validate(config)

    async def new(self, config: ResourceConfig, dependencies: Dependencies) -> ModularResource:
        await self.module.add_resource(config, list(dependencies))
        return modular_resource(config.resource_name, self.module, self.service)


def _load_generated_services() -> None:
    """Import every generated ``*_pb2`` so their services are in the default descriptor pool."""
    import viam.gen as gen

    for info in pkgutil.walk_packages(gen.__path__, "viam.gen."):
        if info.name.endswith("_pb2"):
            with contextlib.suppress(ImportError):
                importlib.import_module(info.name)


def _spec_from_config(config: ModuleConfig, machine_log_level: str) -> ModuleSpec:
    if not config.executable_path:
        raise ModuleConfigError(f"{config.json_path}: module {config.name!r} has no executable_path "
                                "(registry modules need the package cache to resolve one)")
    exe = os.path.abspath(os.path.expanduser(config.executable_path))
    return ModuleSpec(
        name=config.name, argv=(exe,), root=os.path.dirname(exe), module_id=config.module_id,
        version=config.version, env=tuple(sorted(config.env.items())),
        log_level=(config.log_level or machine_log_level).lower(), tcp_mode=config.tcp_mode,
    )


class ModuleHost(Protocol):
    """The machine as its module manager sees it (``viam.robot.machine.Machine`` is the one in use)."""

    registry: Registry  # a ready module's models are added here, a stopped one's removed
    router: ResourceRouter  # a module's APIs are routed here
    private_dir: Path | None  # the 0700 directory for module sockets (set once the machine serves)
    config: MachineConfig  # the running config (cloud part id, debug)

    def parent_server(self, module_name: str) -> ParentServer: ...
    async def retry_unhealthy(self) -> None: ...
    def mark_models_down(self, models: Collection[tuple[API, Model]], reason: str) -> None: ...


class ModuleManager:
    def __init__(self, machine: ModuleHost, settings: ModuleSettings | None = None,
                 builtins: BuiltinCatalog | None = None) -> None:
        self.machine = machine
        self.settings = settings or ModuleSettings.from_env()
        self.builtins = builtins if builtins is not None else BuiltinCatalog()
        self.modules: dict[str, ManagedModule] = {}
        self.config_errors: dict[str, str] = {}
        self._models: dict[tuple[API, Model], ManagedModule] = {}
        self._hooks = Hooks(on_ready=self._on_ready, on_down=self._on_down)
        self._where: dict[str, tuple[str, str]] = {}  # configured module -> (file, JSON path)
        self._stop_waiting = asyncio.Event()  # set: the apply in progress waits no longer for modules
        self._services_loaded = False
        self._reflected: dict[str, ServiceDescriptor] = {}  # services learnt from modules over reflection

    # -- paths -------------------------------------------------------------------------------
    @property
    def directory(self) -> Path:
        assert self.machine.private_dir is not None, "the machine must be started before its modules"
        return self.machine.private_dir

    @staticmethod
    def viam_home() -> Path:
        return Path(os.environ.get("VIAM_HOME") or os.path.expanduser("~/.viam"))

    def _part_id(self) -> str:
        cloud = self.machine.config.cloud
        return cloud.id if cloud is not None else ""

    def log_level_of(self, module_name: str) -> str:
        """The log level a running module was started with ("info" for one not running)."""
        module = self.modules.get(module_name)
        return module.spec.log_level if module is not None else "info"

    def _log_level(self) -> str:
        return "debug" if self.machine.config.debug else "info"

    # -- config application ------------------------------------------------------------------
    def _wanted_specs(self, config: MachineConfig, *, report: bool = False) -> dict[str, ModuleSpec]:
        specs: dict[str, ModuleSpec] = {}
        errors: dict[str, str] = {}
        if report:
            self._where = {m.name: (config.source, m.json_path) for m in config.modules}
        for module_config in config.modules:
            try:
                specs[module_config.name] = _spec_from_config(module_config, self._log_level())
            except ModuleConfigError as exc:
                errors[module_config.name] = f"{config.source}: {exc}" if config.source else str(exc)
                if report:
                    LOG.error("%s", exc)
        self.config_errors = errors
        return specs

    def _wanted_builtins(self, config: MachineConfig, configured: dict[str, ModuleSpec]) -> dict[str, ModuleSpec]:
        specs: dict[str, ModuleSpec] = {}
        registry = self.machine.registry
        for resource in config.resources:
            key = (resource.api, resource.model)
            owner = self._models.get(key)
            if owner is not None and not owner.spec.builtin:
                continue
            if owner is None and registry.has_model(*key):
                continue  # an in-process model wins
            builtin = self.builtins.provider(*key)
            if builtin is not None and builtin.name not in configured:
                specs[builtin.name] = builtin.spec(self._log_level())
        return specs

    async def prepare(self, config: MachineConfig) -> None:
        """Start new modules and restart changed ones (configured first, then built-ins needed)."""
        self._stop_waiting.clear()
        configured = self._wanted_specs(config, report=True)
        await self._start_or_update(configured)
        await self._start_or_update(self._wanted_builtins(config, configured))

    async def _start_or_update(self, specs: dict[str, ModuleSpec]) -> None:
        starting: list[ManagedModule] = []
        changed: list[tuple[ManagedModule, ModuleSpec]] = []
        for name, spec in specs.items():
            module = self.modules.get(name)
            if module is None:
                module = ManagedModule(spec, settings=self.settings, directory=self.directory,
                                       viam_home=self.viam_home(), parent_factory=self.machine.parent_server,
                                       hooks=self._hooks, part_id=self._part_id())
                self.modules[name] = module
                module.start()
                starting.append(module)
            elif module.spec != spec:
                LOG.info("module config changed; restarting it", extra={"module_name": name})
                changed.append((module, spec))
        # Modules (re)start concurrently. The apply waits for them at most ``first_start_wait_s``:
        # a module slow to start (or that never will) must not hold up the rest of this config or
        # the next one; its resources are built once it is ready (see ``_on_ready``).
        # A newer config arriving (``stop_waiting``) ends the wait at once.
        if not starting and not changed:
            return
        attempts = asyncio.gather(*(m.wait_first_attempt() for m in starting),
                                  *(m.restart(spec) for m, spec in changed))
        attempts.add_done_callback(lambda f: f.cancelled() or f.exception())  # logged by the modules
        hurry = asyncio.ensure_future(self._stop_waiting.wait())
        try:
            await asyncio.wait({attempts, hurry}, timeout=self.settings.first_start_wait_s,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            hurry.cancel()
        if attempts.done():
            attempts.result()  # a failed restart fails the apply, as before
            return
        slow = [m for m in starting if m.state != ModuleState.READY] + [m for m, _ in changed]
        for module in slow:
            module.late = True
        LOG.warning("modules still starting; applying the rest of the config, their resources follow "
                    "once they are ready", extra={"modules": ",".join(sorted(m.name for m in slow)),
                                                  "waited_s": self.settings.first_start_wait_s,
                                                  "newer_config": self._stop_waiting.is_set()})

    def stop_waiting(self) -> None:
        """End the wait of the apply in progress for modules still starting (a newer config came)."""
        self._stop_waiting.set()

    async def finish(self, config: MachineConfig) -> None:
        """After the graph applied ``config``: deferred removals, then stop unwanted modules."""
        for module in list(self.modules.values()):
            await module.flush_removals()
        configured = self._wanted_specs(config)
        wanted = set(configured) | set(self._wanted_builtins(config, configured))
        unwanted = [m for name, m in self.modules.items() if name not in wanted]
        await asyncio.gather(*(self._remove(m, "module removed from the config") for m in unwanted))

    async def _remove(self, module: ManagedModule, reason: str) -> None:
        LOG.info("stopping module: %s", reason, extra={"module_name": module.name})
        self.modules.pop(module.name, None)
        self._on_down(module, f"{reason}: {module.name!r}")
        await module.stop()
        for key in [k for k, owner in self._models.items() if owner is module]:
            del self._models[key]
            self.machine.registry.unregister_model(*key)

    # -- hooks from managed modules ---------------------------------------------------------
    async def _on_ready(self, module: ManagedModule, restarted: bool) -> None:
        await self._reflect_unknown_services(module)
        self._register_models(module)
        if restarted or module.late:
            module.late = False
            LOG.info("module (re)started; building its resources", extra={"module_name": module.name})
            await self.machine.retry_unhealthy()

    def _on_down(self, module: ManagedModule, reason: str) -> None:
        """Mark every READY resource built from this module's models UNHEALTHY with ``reason``."""
        self.machine.mark_models_down({key for key, owner in self._models.items() if owner is module}, reason)

    def _service_for(self, api: API, service_name: str) -> ServiceDescriptor | None:
        registry = self.machine.registry
        if registry.has_api(api):
            return registry.api(api).service_descriptor
        if not self._services_loaded:
            _load_generated_services()
            self._services_loaded = True
        try:
            return descriptor_pool.Default().FindServiceByName(service_name)
        except KeyError:
            return self._reflected.get(service_name)

    def learnt_services(self) -> list[ServiceDescriptor]:
        """Services learnt from modules over reflection (this server answers reflection for them too)."""
        return list(self._reflected.values())

    async def _reflect_unknown_services(self, module: ManagedModule) -> None:
        """Ask the module (gRPC reflection) for services we have no protos for (base, arm, vision, ...)."""
        for handler in module.handlers:
            if self._service_for(handler.api, handler.service_name) is not None:
                continue
            try:
                self._reflected[handler.service_name] = await fetch_service(module.channel_or_raise(),
                                                                            handler.service_name)
                LOG.info("learnt a module's API over gRPC reflection", extra={
                    "module_name": module.name, "api": str(handler.api), "service": handler.service_name})
            except (ReflectionError, ModuleUnavailableError) as exc:
                LOG.error("cannot learn the module's API over gRPC reflection: %s", exc, extra={
                    "module_name": module.name, "api": str(handler.api), "service": handler.service_name})

    def _register_models(self, module: ManagedModule) -> None:
        registry = self.machine.registry
        for handler in module.handlers:
            service = self._service_for(handler.api, handler.service_name)
            if service is None:
                LOG.error("module serves an API this server does not know; its models are skipped",
                          extra={"module_name": module.name, "api": str(handler.api), "service": handler.service_name})
                continue
            if not registry.has_api(handler.api):
                # An API with no in-process contract: served by forwarding only.
                registry.register_api(APIRegistration(api=handler.api, resource_class=ModularResource,
                                                      service_descriptor=service, servicer=None,
                                                      client_class=ModularResource))
            self.machine.router.add_service(handler.api, service)
            for model in handler.models:
                key = (handler.api, model)
                owner = self._models.get(key)
                if owner is module:
                    continue
                if owner is not None or registry.has_model(*key):
                    LOG.warning("model is already provided elsewhere; ignoring this module's",
                                extra={"module_name": module.name, "model": str(model), "api": str(handler.api)})
                    continue
                registry.register_model(handler.api, model, ModularModel(module, handler.api, model, service))
                self._models[key] = module

    # -- queries and RPCs --------------------------------------------------------------------
    def find(self, key: str) -> ManagedModule:
        for module in self.modules.values():
            if key in (module.name, module.spec.module_id):
                return module
        known = ", ".join(repr(n) for n in sorted(self.modules)) or "none"
        raise UnknownModuleError(f"no module {key!r} is configured (modules: {known})")

    async def restart(self, key: str) -> None:
        module = self.find(key)
        LOG.info("restarting module on request", extra={"module_name": module.name})
        await module.restart()

    def statuses(self) -> list[pb.ModuleStatus]:
        result = []
        for module in sorted(self.modules.values(), key=lambda m: m.name):
            status = pb.ModuleStatus(module_name=module.name, state=int(module.state),
                                     error=self._located(module, module.error),
                                     consecutive_failures=module.consecutive_failures)
            status.last_updated.FromNanoseconds(int(module.last_updated * 1e9))
            result.append(status)
        for name, error in sorted(self.config_errors.items()):
            result.append(pb.ModuleStatus(module_name=name, state=int(ModuleState.UNHEALTHY), error=error))
        return result

    def _located(self, module: ManagedModule, error: str) -> str:
        """A configured module's error prefixed with its file and JSON path (the field when known)."""
        where = self._where.get(module.name)
        if not error or where is None or module.spec.builtin:
            return error
        source, path = where
        if "cannot run" in error:
            path += ".executable_path"
        prefix = ": ".join(p for p in (source, path) if p)
        return error if not prefix or error.startswith(prefix) else f"{prefix}: {error}"

    def down_summaries(self) -> list[str]:
        """``'name': last error`` of each configured module that is not serving (for build errors).

        A crash-looping module spends part of each cycle restarting: its last failure is named
        then too, so the resource's error says why whenever it is rebuilt."""
        down = [f"{m.name!r}: {self._down_reason(m)}" for m in sorted(self.modules.values(), key=lambda m: m.name)
                if m.state != ModuleState.READY and not m.spec.builtin]
        return down + [f"{name!r}: {error}" for name, error in sorted(self.config_errors.items())]

    @staticmethod
    def _down_reason(module: ManagedModule) -> str:
        if module.error:
            return module.error
        state = module.state.name.lower()
        return f"{state} after: {module.last_failure}" if module.last_failure else state

    def models(self) -> list[pb.ModuleModel]:
        return [pb.ModuleModel(module_name=owner.name, model=str(model), api=str(api),
                               from_local_module=not owner.spec.builtin and not owner.spec.module_id)
                for (api, model), owner in sorted(self._models.items())]

    async def flush_removals(self) -> None:
        """Send every module's deferred RemoveResource calls (at shutdown: after each graph level)."""
        await asyncio.gather(*(m.flush_removals() for m in list(self.modules.values())), return_exceptions=True)

    async def close(self, timeout_s: float | None = None) -> None:
        """Stop every module in parallel; any still alive after ``timeout_s`` (default: the
        shutdown timeout, 90 s) is killed."""
        budget_s = self.settings.shutdown_timeout_s if timeout_s is None else max(0.0, timeout_s)
        modules = list(self.modules.values())
        try:
            await asyncio.wait_for(asyncio.gather(*(self._remove(m, "server shutting down") for m in modules),
                                                  return_exceptions=True), budget_s)
        except TimeoutError:
            LOG.error("modules still running after the shutdown timeout; killing them",
                      extra={"timeout_s": round(budget_s, 1)})
        finally:
            for module in modules:
                module.kill()

    def kill(self) -> None:
        """SIGKILL every module's process group now (last resort)."""
        for module in list(self.modules.values()):
            module.kill()
