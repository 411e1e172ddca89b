"""The resource graph of a running machine: build, rebuild on change, retry, close.

Resources are built level by level (everything a resource depends on is READY before it is
built; independent resources build concurrently, up to ``max_concurrent`` at a time, each with a
timeout). A resource that fails is UNHEALTHY with its error and is retried; its dependents wait
with "dependency not ready". Applying a new config touches only what changed: a changed resource
is closed and rebuilt along with its dependents; removed ones close dependents-first.
"""

from __future__ import annotations

import asyncio
import difflib
import enum
import importlib.util
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from viam.config.model import MachineConfig, ResourceConfig
from viam.errors import ConfigError, ResourceNotFoundError, ViamError
from viam.logging import resource_logger
from viam.resource.base import Resource
from viam.resource.graph import build_levels, dependents_of
from viam.resource.names import API, Model, ResourceName
from viam.resource.registry import Registry
from viam.rpc.router import LocalTarget, ResourceRouter, Target

LOG = logging.getLogger(__name__)

DEFAULT_BUILD_TIMEOUT_S = 60.0
DEFAULT_CLOSE_TIMEOUT_S = 20.0
DEFAULT_MAX_CONCURRENT = 10


WAIT_REMINDER_EVERY = 60  # retries (5 s each: every 5 minutes) between "still waiting" warnings


class NodeState(enum.IntEnum):
    """Values match ``robot.v1.ResourceStatus.State``."""

    UNCONFIGURED = 1
    CONFIGURING = 2
    READY = 3
    REMOVING = 4
    UNHEALTHY = 5


@dataclass
class Node:
    name: ResourceName
    config: ResourceConfig | None
    state: NodeState = NodeState.UNCONFIGURED
    error: str = ""
    resource: Resource | None = None
    deps: set[ResourceName] = field(default_factory=set)
    optional_deps: set[ResourceName] = field(default_factory=set)
    optional_names: list[str] = field(default_factory=list)  # as validation gave them, found or not
    last_updated: float = field(default_factory=time.time)
    revision: str = ""
    permanent_error: bool = False  # retrying cannot help until the config changes
    reported: str = ""  # the unservable error already logged since the last config apply
    waits: int = 0  # retries in a row that found the same dependency not ready

    def set_state(self, state: NodeState, error: str = "") -> None:
        self.state, self.error, self.last_updated = state, error, time.time()


def _wants_any(optional_names: Iterable[str], names: Iterable[ResourceName]) -> bool:
    """Whether an optional dependency (short or full name) names one of ``names``."""
    wanted = set(optional_names)
    return bool(wanted) and any(n.name in wanted or str(n) in wanted for n in names)


def _same_config(a: ResourceConfig | None, b: ResourceConfig | None) -> bool:
    """Whether a resource's config is unchanged (compares the JSON it came from: plain data, fast)."""
    if a is None or b is None:
        return a is b
    if a.raw or b.raw:  # capture configs (service_configs) are the data manager's: no rebuild for them
        return ({k: v for k, v in a.raw.items() if k != "service_configs"}
                == {k: v for k, v in b.raw.items() if k != "service_configs"})
    return (a.api, a.model, a.attributes, a.depends_on, a.frame, a.log_level) == (
        b.api, b.model, b.attributes, b.depends_on, b.frame, b.log_level
    )


class ResourceManager:
    def __init__(
        self,
        registry: Registry,
        router: ResourceRouter,
        *,
        build_timeout_s: float = DEFAULT_BUILD_TIMEOUT_S,
        close_timeout_s: float = DEFAULT_CLOSE_TIMEOUT_S,
        max_concurrent: int = DEFAULT_MAX_CONCURRENT,
    ) -> None:
        self.registry = registry
        self.router = router
        self.build_timeout_s = build_timeout_s
        self.close_timeout_s = close_timeout_s
        self.nodes: dict[ResourceName, Node] = {}
        # (API, model) pairs served elsewhere (built-in modules), for "did you mean" hints.
        self.other_models: Callable[[], Iterable[tuple[API, Model]]] = lambda: ()
        # Modules that are not serving, with their last error ("'acme': exited with code 1 ..."):
        # a resource whose model they would bring names them rather than only "unknown model".
        self.down_modules: Callable[[], Iterable[str]] = lambda: ()
        self._semaphore = asyncio.Semaphore(max_concurrent)
        self._lock = asyncio.Lock()
        self._revision = ""

    # -- queries ------------------------------------------------------------------------------
    def resource(self, name: ResourceName) -> Resource:
        node = self.nodes.get(name)
        if node is None or node.resource is None:
            raise ResourceNotFoundError(f"no ready resource {name}")
        return node.resource

    def ready_names(self) -> list[ResourceName]:
        return sorted(n for n, node in self.nodes.items() if node.state == NodeState.READY)

    # -- config application ---------------------------------------------------------------------
    async def apply(self, config: MachineConfig) -> None:
        """Make the graph match ``config``, touching only what changed."""
        async with self._lock:
            self._revision = config.revision
            for node in self.nodes.values():
                node.reported = ""  # an unservable resource is reported once per apply
            wanted = {rc.resource_name: rc for rc in config.resources}
            old_deps = {name: node.deps | node.optional_deps for name, node in self.nodes.items()}

            removed = {n for n in self.nodes if n not in wanted}
            changed = {n for n, rc in wanted.items() if n in self.nodes and not _same_config(self.nodes[n].config, rc)}
            added = {n for n in wanted if n not in self.nodes}

            # Built resources whose optional dependency has just appeared are rebuilt to get it (as the
            # reference reconfigures them); dependents of those, and of changed or removed resources,
            # are rebuilt too (they hold stale objects).
            appeared = {n for n, node in self.nodes.items()
                        if n not in removed | changed and _wants_any(node.optional_names, added)}
            affected = (dependents_of(changed | removed | appeared, old_deps) | appeared) - removed
            to_close = [n for n in removed | changed | affected if self.nodes[n].resource is not None]
            await self._close_in_order(to_close, old_deps)
            for name in removed:
                self.nodes.pop(name, None)

            for name in changed | added:
                self.nodes[name] = Node(name=name, config=wanted[name], revision=config.revision)
            for name in affected:
                self.nodes[name].set_state(NodeState.UNCONFIGURED)
            self._add_config_error_nodes(config.errors)

            await self._resolve_dependencies()
            await self._build_pending()

    def _add_config_error_nodes(self, errors: Iterable[ConfigError]) -> None:
        """Invalid entries whose name is known show up as UNHEALTHY with the config error."""
        for name in [n for n, node in self.nodes.items() if node.config is None]:
            del self.nodes[name]
        for error in errors:
            name = getattr(error, "resource_name", None)
            if name is not None and name not in self.nodes:
                node = Node(name=name, config=None, permanent_error=True)
                node.set_state(NodeState.UNHEALTHY, str(error))
                self.nodes[name] = node

    async def _resolve_dependencies(self) -> None:
        """Compute each node's dependencies from depends_on and the model's validation."""
        by_short: dict[str, list[ResourceName]] = {}
        for name in self.nodes:
            by_short.setdefault(name.name, []).append(name)
        for node in self.nodes.values():
            if node.config is None or node.state not in (NodeState.UNCONFIGURED, NodeState.UNHEALTHY):
                continue
            node.permanent_error = False
            try:
                required, optional = await self._validate(node.config)
                node.deps = {self._lookup(d, by_short, node.config) for d in [*node.config.depends_on, *required]}
                node.optional_deps = set()
                node.optional_names = list(optional)
                for dep in optional:
                    try:
                        node.optional_deps.add(self._lookup(dep, by_short, node.config))
                    except ConfigError:
                        pass
                node.deps.discard(node.name)
                if node.state == NodeState.UNHEALTHY and any(
                        k in node.error for k in ("dependency cycle", "missing dependency")):
                    node.set_state(NodeState.UNCONFIGURED)
            except ConfigError as exc:
                node.permanent_error = "unknown model" not in exc.reason
                node.set_state(NodeState.UNHEALTHY, str(exc))
                node.deps = set()
                if node.permanent_error and node.reported != str(exc):  # an unknown model is told at build
                    resource_logger(LOG, node.name).error("config error: %s", exc)
                    node.reported = str(exc)

        # Only resources waiting to be built can sit on a cycle (a built one had all its deps built).
        graph = {n: node.deps for n, node in self.nodes.items()
                 if not node.permanent_error and node.state != NodeState.READY}
        _, blocked = build_levels(graph)
        for name, cycle in blocked.items():
            node = self.nodes[name]
            path = " -> ".join(c.name for c in cycle)
            node.permanent_error = True
            message = f"dependency cycle: {path}" if name in cycle[1:] else f"depends on a dependency cycle: {path}"
            if node.config is not None and node.config.json_path:
                message = str(ConfigError(message, source=node.config.source,
                                          path=f"{node.config.json_path}.depends_on"))
            node.set_state(NodeState.UNHEALTHY, message)
            if node.reported != message:  # once per config apply, not at every retry
                resource_logger(LOG, name).error("config error: %s", message)
                node.reported = message

    async def _validate(self, config: ResourceConfig) -> tuple[list[str], list[str]]:
        """Run the model's validation (sync, or async for modular models) for implicit dependencies."""
        if not self.registry.has_model(config.api, config.model):
            try:
                self.registry.model(config.api, config.model)
            except ResourceNotFoundError as exc:
                raise ConfigError(exc.message, source=config.source, path=config.json_path) from None
        model = self.registry.model(config.api, config.model)
        try:
            result = model.validate_config(config)
            required, optional = (await result) if inspect.isawaitable(result) else result
        except ConfigError as exc:
            raise ConfigError(exc.reason, source=exc.source or config.source,
                              path=exc.path or config.json_path) from None
        except Exception as exc:  # noqa: BLE001 - a model's validation bug is that resource's problem
            raise ConfigError(f"invalid attributes: {exc}", source=config.source,
                              path=f"{config.json_path}.attributes") from None
        return list(required), list(optional)

    def _lookup(self, text: str, by_short: dict[str, list[ResourceName]], config: ResourceConfig) -> ResourceName:
        if "/" in text:
            try:
                name = ResourceName.parse(text)
            except ValueError as exc:
                raise ConfigError(str(exc), source=config.source, path=f"{config.json_path}.depends_on") from None
            if name in self.nodes:
                return name
            candidates = by_short.get(name.name, [])
        else:
            candidates = by_short.get(text, [])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ConfigError(f"missing dependency {text!r}: no resource by that name", source=config.source,
                              path=config.json_path)
        listed = ", ".join(str(c) for c in candidates)
        raise ConfigError(f"dependency {text!r} is ambiguous ({listed}); use the full name", source=config.source,
                          path=config.json_path)

    # -- building -----------------------------------------------------------------------------
    async def _build_pending(self) -> None:
        pending = {
            n: node.deps
            for n, node in self.nodes.items()
            if node.config is not None
            and not node.permanent_error
            and node.state in (NodeState.UNCONFIGURED, NodeState.UNHEALTHY)
        }
        # Optional dependencies being built in the same pass come first, so the dependent gets them
        # (as the reference passes optional dependencies that exist); never let them block a build.
        with_optional = {n: deps | {d for d in self.nodes[n].optional_deps if d in pending}
                         for n, deps in pending.items()}
        levels, blocked = build_levels(with_optional)
        if blocked:
            levels, _ = build_levels(pending)
        for level in levels:
            await asyncio.gather(*(self._build(self.nodes[name]) for name in level))

    async def _build(self, node: Node) -> None:
        assert node.config is not None
        log = resource_logger(LOG, node.name)
        not_ready = [d for d in sorted(node.deps) if d not in self.nodes or self.nodes[d].state != NodeState.READY]
        if not_ready:
            reasons = "; ".join(f"{d.name}: {self.nodes[d].error or self.nodes[d].state.name}" for d in not_ready
                                if d in self.nodes)
            error = f"dependency not ready: {reasons}"
            # Warn when the reason is new; the retries of the same wait stay at debug, with a
            # reminder carrying the count every WAIT_REMINDER_EVERY retries.
            node.waits = node.waits + 1 if node.error == error else 0
            if node.waits == 0:
                log.warning("waiting for dependencies: %s", reasons)
            elif node.waits % WAIT_REMINDER_EVERY == 0:
                log.warning("still waiting for dependencies after %d retries: %s", node.waits, reasons)
            else:
                log.debug("waiting for dependencies: %s", reasons)
            node.set_state(NodeState.UNHEALTHY, error)
            return
        dependencies = {d: self.nodes[d].resource for d in node.deps | node.optional_deps
                        if self.nodes.get(d) is not None and self.nodes[d].resource is not None}
        node.set_state(NodeState.CONFIGURING)
        log.debug("building", extra={"model": str(node.config.model), "dependencies": len(dependencies)})
        try:
            registration = self.registry.api(node.config.api)
            model = self.registry.model(node.config.api, node.config.model)
        except ResourceNotFoundError as exc:
            self._unservable(node, exc, log)
            return
        try:
            async with self._semaphore:
                resource = await asyncio.wait_for(model.new(node.config, dependencies), self.build_timeout_s)
        except TimeoutError:
            node.set_state(NodeState.UNHEALTHY, f"timed out after {self.build_timeout_s:g}s while building")
            log.error("build timed out")
            return
        except Exception as exc:  # noqa: BLE001 - any failure makes only this resource unhealthy
            node.set_state(NodeState.UNHEALTHY, f"failed to build: {exc}")
            log.error("failed to build: %s", exc, exc_info=not isinstance(exc, ViamError))  # ours carry a message
            return
        node.resource = resource
        node.revision = self._revision
        self.router.set_target(node.name, self._target_for(resource, registration.servicer))
        node.set_state(NodeState.READY)
        log.info("ready", extra={"model": str(node.config.model)})

    def _unservable(self, node: Node, exc: ResourceNotFoundError, log: logging.LoggerAdapter[Any]) -> None:
        """No API or model serves this resource: say why and what would, once per config apply.

        It stays UNHEALTHY with that error and is retried quietly (a module may bring the model)."""
        assert node.config is not None
        where = ": ".join(p for p in (node.config.source, f"{node.config.json_path}.model" if node.config.json_path
                                      else "") if p)
        message = f"cannot build: {exc.message}; {unservable_hint(node.config, self.registry, self.other_models())}"
        message = f"{where}: {message}" if where else message
        down = list(self.down_modules())
        if down:
            message += f"; modules not running: {'; '.join(down)}"
        node.set_state(NodeState.UNHEALTHY, message)
        if node.reported != message:
            log.error("%s", message)
            node.reported = message
        else:
            log.debug("%s", message)

    @staticmethod
    def _target_for(resource: Resource, servicer: object) -> Target:
        custom = getattr(resource, "rpc_target", None)
        return custom() if callable(custom) else LocalTarget(resource, servicer)

    async def retry_unhealthy(self) -> None:
        """Rebuild resources that failed for reasons that may have gone away."""
        async with self._lock:
            if any(not n.permanent_error and n.state == NodeState.UNHEALTHY for n in self.nodes.values()):
                await self._resolve_dependencies()
                await self._build_pending()

    def mark_unhealthy(self, names: Iterable[ResourceName], error: str) -> None:
        """Flag READY resources whose backing went away (a module crashed); ``retry_unhealthy``
        rebuilds them. Their objects and routes stay, so calls fail with the backing's own error."""
        for name in names:
            node = self.nodes.get(name)
            if node is not None and node.state in (NodeState.READY, NodeState.CONFIGURING):
                node.set_state(NodeState.UNHEALTHY, error)
                resource_logger(LOG, name).warning("unhealthy: %s", error)

    # -- closing ------------------------------------------------------------------------------
    async def _close_in_order(self, names: Iterable[ResourceName], deps: dict[ResourceName, set[ResourceName]],
                              after_level: Callable[[], Awaitable[object]] | None = None) -> None:
        subset = set(names)
        levels, blocked = build_levels({n: deps.get(n, set()) & subset for n in subset})
        for level in [list(blocked), *reversed(levels)]:
            await asyncio.gather(*(self._close(self.nodes[n]) for n in level if n in self.nodes))
            if after_level is not None:
                await after_level()

    async def _close(self, node: Node) -> None:
        self.router.remove_target(node.name)
        resource, node.resource = node.resource, None
        if resource is None:
            return
        node.set_state(NodeState.REMOVING)
        try:
            await asyncio.wait_for(resource.close(), self.close_timeout_s)
        except Exception as exc:  # noqa: BLE001 - closing must go on for the others
            resource_logger(LOG, node.name).error("error while closing: %s", exc)
        else:
            resource_logger(LOG, node.name).debug("closed")
        node.set_state(NodeState.UNCONFIGURED)

    async def close(self, after_level: Callable[[], Awaitable[object]] | None = None) -> None:
        """Close every resource, dependents first; ``after_level`` runs after each level (the
        module manager sends the level's RemoveResource calls while the next level still runs)."""
        async with self._lock:
            await self._close_in_order(list(self.nodes), {n: node.deps for n, node in self.nodes.items()},
                                       after_level)


def unservable_hint(config: ResourceConfig, registry: Registry, other_models: Iterable[tuple[API, Model]]) -> str:
    """What would serve ``config``: a close match (a typo), a module, or the hardware extra."""
    known = {*registry.models, *other_models}
    apis = {api for api, _ in known} | {r.api for r in registry.apis}
    if config.api not in apis:
        close = difflib.get_close_matches(str(config.api), sorted(str(a) for a in apis), n=1, cutoff=0.75)
        typo = f"did you mean {close[0]}? " if close else ""
        return f"{typo}add a module that provides the API {config.api} (modules: [...] in the config)"
    models = sorted(str(m) for a, m in known if a == config.api)
    close = difflib.get_close_matches(str(config.model), models, n=1, cutoff=0.75)
    if close:
        return f"did you mean {close[0]}? (models for {config.api}: {', '.join(models)})"
    hint = f"add a module that provides {config.model} (modules: [...] in the config, or from the registry)"
    if config.model.namespace in ("rdk", "viam") and importlib.util.find_spec("gpiozero") is None:
        hint += "; hardware models need the hardware extra: pip install 'viam-pi[hardware]'"
    return hint
