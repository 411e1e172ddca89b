"""Load and validate machine config JSON.

A file that does not parse, or whose top-level sections have the wrong shape, raises
``ConfigError`` (the caller keeps its last good config). A bad entry inside a section is
recorded in ``MachineConfig.errors`` and left out, so the rest of the machine still starts.
Unknown keys are warned about, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from pathlib import Path
from typing import Any

from viam.config.capture import parse_service_configs
from viam.config.model import (
    DEFAULT_BIND_ADDRESS,
    DEFAULT_HEARTBEAT_WINDOW_S,
    AuthConfig,
    AuthHandler,
    CloudConfig,
    JobConfig,
    LogPattern,
    MachineConfig,
    ModuleConfig,
    NetworkConfig,
    PackageConfig,
    RemoteAuth,
    RemoteConfig,
    ResourceConfig,
)
from viam.config.schedule import ScheduleError, parse_go_duration, parse_schedule
from viam.errors import ConfigError, InvalidArgumentError
from viam.resource.names import API, RESOURCE_TYPE_COMPONENT, RESOURCE_TYPE_SERVICE, Model, ResourceName

LOG = logging.getLogger(__name__)

_NAME = re.compile(r"^[A-Za-z0-9][\w-]*$", re.ASCII)  # the reference's resource/module name rule
MAX_MODULE_NAME = 200  # the reference's limit; the name becomes a socket and a data directory
TOP_LEVEL_KEYS = {
    "components", "services", "modules", "remotes", "packages", "network", "auth", "cloud", "debug",
    "log", "processes", "jobs", "maintenance", "revision", "disable_partial_start", "agent", "tracing",
    "disable_log_deduplication", "enable_web_profile", "fragments", "fragment_mods",
    "overwrite_fragment_status", "global_log_configuration", "$schema",
}
RESOURCE_KEYS = {
    "name", "api", "namespace", "type", "model", "attributes", "depends_on", "frame", "service_configs",
    "log_configuration", "implicit_depends_on", "convert_attributes",
}
MODULE_KEYS = {"name", "executable_path", "type", "module_id", "version", "log_level", "env", "tcp_mode",
               "first_run_timeout", "status", "disabled"}
REMOTE_KEYS = {"name", "address", "prefix", "insecure", "auth", "connection_check_interval",
               "reconnect_interval", "frame", "service_configs", "managed_by", "secret", "sub_part"}
PACKAGE_KEYS = {"name", "package", "version", "type", "url", "sha256", "status"}


def load_config_file(path: str | Path) -> MachineConfig:
    """Read, parse and validate a config file."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror or exc}", source=source) from exc
    return parse_config_bytes(data, source)


MAX_NESTING = 64  # objects/arrays inside each other; deeper configs are rejected, not recursed into


def _check_shape(data: Any, source: str) -> None:
    """Reject configs nested deeper than ``MAX_NESTING`` and numbers no float can hold (as the
    reference's JSON decoding does), naming the path; iterative, so no depth can crash it."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict):
            items = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1023:
                raise ConfigError("number too large (more than a 64-bit float holds)", source=source, path=path)
            continue
        if depth >= MAX_NESTING:
            raise ConfigError(f"nested more than {MAX_NESTING} levels deep", source=source, path=path)
        stack.extend((v, depth + 1, p) for p, v in items)


def parse_config_bytes(data: bytes, source: str = "<config>") -> MachineConfig:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text: {exc}", source=source) from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", source=source
        ) from exc
    except RecursionError:
        raise ConfigError(f"invalid JSON: nested more than {MAX_NESTING} levels deep", source=source) from None
    except ValueError as exc:  # an integer of more than 4300 digits (Python's int parsing limit)
        reason = "a number has more than 4300 digits" if "digits" in str(exc) else str(exc)
        raise ConfigError(f"invalid JSON: {reason}", source=source) from None
    config = parse_config(parsed, source)
    if not config.revision:
        config.revision = hashlib.sha256(data).hexdigest()[:12]
    return config


def parse_config(data: Any, source: str = "<config>") -> MachineConfig:
    """Validate an already-decoded config object."""
    if not isinstance(data, dict):
        raise ConfigError(f"expected a JSON object at the top level, got {_kind(data)}", source=source)
    _check_shape(data, source)
    config = MachineConfig(source=source, raw=data)
    _warn_unknown(config, data, TOP_LEVEL_KEYS, "")
    for key in ("components", "services", "modules", "remotes", "packages", "log", "jobs"):
        if key in data and data[key] is not None and not isinstance(data[key], list):
            raise ConfigError(f"expected a list, got {_kind(data[key])}", source=source, path=key)
    for key in ("network", "auth", "cloud"):
        if key in data and data[key] is not None and not isinstance(data[key], dict):
            raise ConfigError(f"expected an object, got {_kind(data[key])}", source=source, path=key)

    seen: dict[tuple[API, str], str] = {}
    for section, rtype in (("components", RESOURCE_TYPE_COMPONENT), ("services", RESOURCE_TYPE_SERVICE)):
        for index, entry in enumerate(data.get(section) or []):
            path = f"{section}[{index}]"
            try:
                resource = _parse_resource(entry, path, rtype, config)
                key = (resource.api, resource.name)
                if key in seen:
                    raise ConfigError(
                        f"duplicate name {resource.name!r} for {resource.api} (first at {seen[key]})", path=path
                    )
                seen[key] = path
                getattr(config, section).append(resource)
            except ConfigError as exc:
                _record(config, exc, source, _name_of(entry, rtype))

    names: set[str] = set()
    for index, entry in enumerate(data.get("modules") or []):
        path = f"modules[{index}]"
        try:
            module = _parse_module(entry, path, config)
            if module.name in names:
                raise ConfigError(f"duplicate module name {module.name!r}", path=path)
            names.add(module.name)
            config.modules.append(module)
        except ConfigError as exc:
            _record(config, exc, source)

    names = set()
    for index, entry in enumerate(data.get("remotes") or []):
        path = f"remotes[{index}]"
        try:
            remote = _parse_remote(entry, path, config)
            if remote.name in names:
                raise ConfigError(f"duplicate remote name {remote.name!r}", path=path)
            names.add(remote.name)
            config.remotes.append(remote)
        except ConfigError as exc:
            _record(config, exc, source)

    for index, entry in enumerate(data.get("packages") or []):
        path = f"packages[{index}]"
        try:
            config.packages.append(_parse_package(entry, path, config))
        except ConfigError as exc:
            _record(config, exc, source)

    names = set()
    for index, entry in enumerate(data.get("jobs") or []):
        path = f"jobs[{index}]"
        try:
            job = _parse_job(entry, path)
            if job.name in names:
                raise ConfigError(f"duplicate job name {job.name!r}", path=path)
            names.add(job.name)
            config.jobs.append(job)
        except ConfigError as exc:
            _record(config, exc, source)

    try:
        config.network = _parse_network(data.get("network") or {}, config)
        config.auth = _parse_auth(data.get("auth") or {})
        if data.get("cloud"):
            config.cloud = _parse_cloud(data["cloud"])
        debug = data.get("debug", False)
        config.debug = _expect(debug, bool, "debug")
        for index, entry in enumerate(data.get("log") or []):
            path = f"log[{index}]"
            entry = _expect(entry, dict, path)
            config.log.append(LogPattern(_str(entry, "pattern", path, True), _str(entry, "level", path, True)))
    except ConfigError as exc:
        raise ConfigError(exc.reason, source=source, path=exc.path) from exc
    revision = data.get("revision")
    if isinstance(revision, str):
        config.revision = revision
    return config


def parse_duration_s(value: Any, path: str) -> float:
    """Accept seconds as a number or Go duration strings such as ``"10s"``, ``"500ms"``, ``"1m30s"``."""
    if isinstance(value, bool):
        raise ConfigError(f"expected a duration, got {_kind(value)}", path=path)
    if isinstance(value, int | float):
        return _finite_duration(float(value), value, path)
    if isinstance(value, str):
        seconds = parse_go_duration(value)
        if seconds is not None:
            return _finite_duration(seconds, value, path)
    raise ConfigError(f"expected a duration such as \"10s\" or \"500ms\", got {value!r}", path=path)


def _finite_duration(seconds: float, value: Any, path: str) -> float:
    if not math.isfinite(seconds) or seconds < 0:
        raise ConfigError(f"expected a finite, non-negative duration, got {value!r}", path=path)
    return seconds


def _record(config: MachineConfig, exc: ConfigError, source: str, name: ResourceName | None = None) -> None:
    error = ConfigError(exc.reason, source=source, path=exc.path)
    error.resource_name = name
    config.errors.append(error)
    LOG.error("config error: %s", error)


def _name_of(entry: Any, resource_type: str) -> ResourceName | None:
    """Best-effort name of an invalid entry, so its error can be shown against it."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
        return None
    try:
        if isinstance(entry.get("api"), str) and entry["api"]:
            return ResourceName(API.parse(entry["api"]), entry["name"])
        if isinstance(entry.get("type"), str) and entry["type"]:
            namespace = entry.get("namespace") if isinstance(entry.get("namespace"), str) else "rdk"
            return ResourceName(API(namespace or "rdk", resource_type, entry["type"]), entry["name"])
    except InvalidArgumentError:
        return None
    return None


def _kind(value: Any) -> str:
    return {
        dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
        float: "a number", type(None): "null",
    }.get(type(value), type(value).__name__)


def _expect(value: Any, kind: type, path: str) -> Any:
    """Check a JSON value's type (a JSON boolean is not a number, and vice versa)."""
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        expected = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(kind, "a number")
        raise ConfigError(f"expected {expected}, got {_kind(value)}", path=path)
    return value


def _str(entry: dict[str, Any], key: str, path: str, required: bool = False, default: str = "") -> str:
    if key not in entry or entry[key] is None:
        if required:
            raise ConfigError(f"missing required field {key!r}", path=path)
        return default
    value = entry[key]
    if not isinstance(value, str):
        raise ConfigError(f"expected a string, got {_kind(value)}", path=f"{path}.{key}")
    if required and not value:
        raise ConfigError(f"{key!r} must not be empty", path=f"{path}.{key}")
    return value


def _warn_unknown(config: MachineConfig, entry: dict[str, Any], known: set[str], path: str) -> None:
    for key in entry:
        if key not in known:
            where = f"{path}.{key}" if path else key
            message = f"{config.source}: {where}: unknown key (ignored)"
            config.warnings.append(message)
            LOG.warning(message)


# As the reference (resource.Config.AdjustPartialNames): a service entry without a name is named
# "builtin" and one without a model is the builtin model, so `{"api": "rdk:service:data_manager",
# "attributes": {...}}`, as Viam's docs write it, is the builtin data manager.
DEFAULT_SERVICE_NAME = "builtin"
DEFAULT_SERVICE_MODEL = "rdk:builtin:builtin"


def _parse_resource(entry: Any, path: str, resource_type: str, config: MachineConfig) -> ResourceConfig:
    entry = _expect(entry, dict, path)
    service = resource_type == "service"
    name = _str(entry, "name", path, required=not service) or (DEFAULT_SERVICE_NAME if service else "")
    if not _NAME.match(name):
        raise ConfigError(
            f"name {name!r} may hold only letters, digits, '_' and '-', and must start with a letter or digit",
            path=f"{path}.name",
        )
    _warn_unknown(config, entry, RESOURCE_KEYS, path)
    api_text = _str(entry, "api", path)
    try:
        if api_text:
            api = API.parse(api_text)
        else:
            subtype = _str(entry, "type", path)
            if not subtype:
                raise ConfigError("missing 'api' (e.g. \"rdk:component:motor\") or 'type'", path=path)
            namespace = _str(entry, "namespace", path, default="rdk") or "rdk"
            api = API(namespace, resource_type, subtype)
    except InvalidArgumentError as exc:
        raise ConfigError(str(exc), path=f"{path}.api") from exc
    model_text = (_str(entry, "model", path) or DEFAULT_SERVICE_MODEL) if service else _str(entry, "model", path,
                                                                                           required=True)
    try:
        model = Model.parse(model_text)
    except InvalidArgumentError as exc:
        raise ConfigError(str(exc), path=f"{path}.model") from exc
    attributes = entry.get("attributes") or {}
    _expect(attributes, dict, f"{path}.attributes")
    depends_on = entry.get("depends_on") or []
    _expect(depends_on, list, f"{path}.depends_on")
    for i, dep in enumerate(depends_on):
        if not isinstance(dep, str) or not dep:
            raise ConfigError(f"expected a resource name, got {_kind(dep)}", path=f"{path}.depends_on[{i}]")
    frame = entry.get("frame")
    if frame is not None:
        _expect(frame, dict, f"{path}.frame")
    log_level = ""
    log_configuration = entry.get("log_configuration")
    if log_configuration is not None:
        _expect(log_configuration, dict, f"{path}.log_configuration")
        log_level = _str(log_configuration, "level", f"{path}.log_configuration")
    capture_methods = parse_service_configs(entry.get("service_configs"), api, f"{path}.service_configs")
    return ResourceConfig(
        name=name, api=api, model=model, attributes=dict(attributes), depends_on=list(depends_on),
        frame=frame, log_level=log_level, json_path=path, raw=entry, capture_methods=capture_methods,
        source=config.source,
    )


def _parse_job(entry: Any, path: str) -> JobConfig:
    """A ``jobs`` entry, with the reference's required fields; the schedule is checked here too."""
    entry = _expect(entry, dict, path)
    fields = {key: _str(entry, key, path, required=True) for key in ("name", "method", "resource", "schedule")}
    try:
        parse_schedule(fields["schedule"])
    except ScheduleError as exc:
        raise ConfigError(str(exc), path=f"{path}.schedule") from exc
    command = entry.get("command") or {}
    _expect(command, dict, f"{path}.command")
    log_level = ""
    log_configuration = entry.get("log_configuration")
    if log_configuration is not None:
        _expect(log_configuration, dict, f"{path}.log_configuration")
        log_level = _str(log_configuration, "level", f"{path}.log_configuration")
    return JobConfig(**fields, command=command, log_level=log_level, raw=entry)


def _parse_module(entry: Any, path: str, config: MachineConfig) -> ModuleConfig:
    entry = _expect(entry, dict, path)
    _warn_unknown(config, entry, MODULE_KEYS, path)
    module_type = _str(entry, "type", path, default="local") or "local"
    if module_type not in ("local", "registry"):
        raise ConfigError(f"type must be 'local' or 'registry', got {module_type!r}", path=f"{path}.type")
    name = _str(entry, "name", path, required=True)
    if len(name) > MAX_MODULE_NAME:
        raise ConfigError(f"module name {name[:40]!r}... must be {MAX_MODULE_NAME} characters or fewer",
                          path=f"{path}.name")
    if not _NAME.match(name):
        raise ConfigError(f"module name {name!r} must start with a letter or number and hold only letters, numbers, "
                          "dashes and underscores", path=f"{path}.name")
    executable = _str(entry, "executable_path", path, required=module_type == "local")
    env = entry.get("env") or {}
    _expect(env, dict, f"{path}.env")
    for key, value in env.items():
        if not isinstance(value, str):
            raise ConfigError(f"expected a string, got {_kind(value)}", path=f"{path}.env.{key}")
    tcp_mode = _expect(entry.get("tcp_mode", False), bool, f"{path}.tcp_mode")
    first_run = entry.get("first_run_timeout")
    return ModuleConfig(
        name=name, executable_path=executable, type=module_type,
        module_id=_str(entry, "module_id", path, required=module_type == "registry"),
        version=_str(entry, "version", path), log_level=_str(entry, "log_level", path), env=dict(env),
        tcp_mode=tcp_mode,
        first_run_timeout_s=parse_duration_s(first_run, f"{path}.first_run_timeout") if first_run else 0.0,
        json_path=path, raw=entry,
    )


def _parse_remote(entry: Any, path: str, config: MachineConfig) -> RemoteConfig:
    entry = _expect(entry, dict, path)
    _warn_unknown(config, entry, REMOTE_KEYS, path)
    auth = RemoteAuth()
    raw_auth = entry.get("auth")
    if raw_auth:
        _expect(raw_auth, dict, f"{path}.auth")
        creds = raw_auth.get("credentials") or {}
        _expect(creds, dict, f"{path}.auth.credentials")
        auth = RemoteAuth(
            entity=_str(raw_auth, "entity", f"{path}.auth"),
            credential_type=_str(creds, "type", f"{path}.auth.credentials"),
            credential_payload=_str(creds, "payload", f"{path}.auth.credentials"),
        )
    check = entry.get("connection_check_interval")
    reconnect = entry.get("reconnect_interval")
    return RemoteConfig(
        name=_str(entry, "name", path, required=True), address=_str(entry, "address", path, required=True),
        prefix=_str(entry, "prefix", path),
        insecure=_expect(entry.get("insecure", False), bool, f"{path}.insecure"), auth=auth,
        sub_part=_expect(entry.get("sub_part", False), bool, f"{path}.sub_part"),
        connection_check_interval_s=parse_duration_s(check, f"{path}.connection_check_interval") if check else 10.0,
        reconnect_interval_s=parse_duration_s(reconnect, f"{path}.reconnect_interval") if reconnect else 1.0,
        json_path=path, raw=entry,
    )


def _parse_package(entry: Any, path: str, config: MachineConfig) -> PackageConfig:
    entry = _expect(entry, dict, path)
    _warn_unknown(config, entry, PACKAGE_KEYS, path)
    return PackageConfig(
        name=_str(entry, "name", path, required=True), package=_str(entry, "package", path, required=True),
        version=_str(entry, "version", path), type=_str(entry, "type", path, default="ml_model") or "ml_model",
        url=_str(entry, "url", path), sha256=_str(entry, "sha256", path), json_path=path, raw=entry,
    )


def _parse_network(entry: dict[str, Any], config: MachineConfig) -> NetworkConfig:
    network = NetworkConfig(raw=entry)
    network.bind_address = _str(entry, "bind_address", "network", default=DEFAULT_BIND_ADDRESS) or (
        DEFAULT_BIND_ADDRESS
    )
    if ":" not in network.bind_address:
        raise ConfigError(
            f"bind_address {network.bind_address!r} must be host:port (e.g. \"0.0.0.0:8080\")",
            path="network.bind_address",
        )
    web = entry.get("web_bind_address", "")
    if web is False:
        web = "off"
    network.web_bind_address = _expect(web, str, "network.web_bind_address")
    if network.web_bind_address not in ("", "off") and not network.web_bind_address.rpartition(":")[2].isdigit():
        raise ConfigError(f"web_bind_address {web!r} must be host:port or \"off\"", path="network.web_bind_address")
    if not network.bind_address.rpartition(":")[2].isdigit():
        raise ConfigError(f"bind_address {network.bind_address!r} must end in a port number",
                          path="network.bind_address")
    network.tls_cert_file = _str(entry, "tls_cert_file", "network")
    network.tls_key_file = _str(entry, "tls_key_file", "network")
    if bool(network.tls_cert_file) != bool(network.tls_key_file):
        raise ConfigError("tls_cert_file and tls_key_file must be set together", path="network")
    sessions = entry.get("sessions") or {}
    _expect(sessions, dict, "network.sessions")
    window = sessions.get("heartbeat_window")
    network.heartbeat_window_s = (
        parse_duration_s(window, "network.sessions.heartbeat_window") if window else DEFAULT_HEARTBEAT_WINDOW_S
    )
    if not 0.03 <= network.heartbeat_window_s <= 60:
        raise ConfigError("heartbeat_window must be between 30ms and 1m", path="network.sessions.heartbeat_window")
    return network


def _parse_auth(entry: dict[str, Any]) -> AuthConfig:
    """The ``auth`` section, strictly: any doubt is an error that rejects the whole config.

    A typo here must never leave the machine open, so handler types and key forms are exactly
    the reference's: ``type: "api-key"`` with ``"<key id>": "<key>"`` entries and ``keys`` (a list
    of key ids or legacy keys) or ``key`` (one legacy key).
    """
    auth = AuthConfig(raw=entry)
    handlers = entry.get("handlers")
    if handlers is None:
        handlers = []
    _expect(handlers, list, "auth.handlers")
    seen: set[str] = set()
    for index, handler in enumerate(handlers):
        path = f"auth.handlers[{index}]"
        _expect(handler, dict, path)
        kind = handler.get("type")
        if not isinstance(kind, str) or not kind:
            raise ConfigError("handler must have type (\"api-key\")", path=f"{path}.type")
        if kind in seen:
            raise ConfigError(f"duplicate handler type {kind!r}", path=f"{path}.type")
        seen.add(kind)
        if kind == "external":
            raise ConfigError("a machine cannot issue external auth tokens", path=f"{path}.type")
        if kind != "api-key":
            raise ConfigError(f"do not know how to handle auth for {kind!r} (expected \"api-key\")",
                              path=f"{path}.type")
        handler_config = handler.get("config")
        _expect(handler_config, dict, f"{path}.config")
        _check_api_key_config(handler_config, f"{path}.config")
        auth.handlers.append(AuthHandler(type=kind, config=handler_config))
    ttl = entry.get("token_ttl")
    if ttl is not None:
        auth.token_ttl_s = parse_duration_s(ttl, "auth.token_ttl")
        if not 1 <= auth.token_ttl_s <= 366 * 24 * 3600:
            raise ConfigError(f"token_ttl must be between 1s and 366 days, got {ttl!r}", path="auth.token_ttl")
    return auth


def _check_api_key_config(config: dict[str, Any], path: str) -> None:
    if not config:
        raise ConfigError("key or keys is required (an empty api-key handler would leave the machine open)",
                          path=path)
    if "key" not in config and "keys" not in config:
        raise ConfigError("key or keys is required", path=path)
    for name, value in config.items():
        if name == "key_ids" and isinstance(value, list) and all(isinstance(i, str) for i in value):
            continue  # seen in cloud-made configs beside "keys"; names ids, grants nothing by itself
        if name == "keys":
            if not isinstance(value, list) or not value:
                raise ConfigError(f"expected a non-empty list of strings, got {_kind(value)}", path=f"{path}.keys")
            for i, item in enumerate(value):
                if not isinstance(item, str) or not item:
                    raise ConfigError(f"expected a non-empty string (a key id or key), got {_kind(item)}",
                                      path=f"{path}.keys[{i}]")
        elif not isinstance(value, str) or not value:
            raise ConfigError(f"expected a non-empty string (the key), got {_kind(value)}", path=f"{path}.{name}")


def _parse_cloud(entry: dict[str, Any]) -> CloudConfig:
    refresh = entry.get("refresh_interval")
    return CloudConfig(
        id=_str(entry, "id", "cloud"), secret=_str(entry, "secret", "cloud"),
        app_address=_str(entry, "app_address", "cloud"),
        refresh_interval_s=parse_duration_s(refresh, "cloud.refresh_interval") if refresh else 10.0,
        raw=entry,
    )
