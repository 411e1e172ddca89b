"""The machine config as typed objects.

Every section keeps the JSON it came from (``raw``) so that diffing a new config against the
running one is a plain equality check per entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from google.protobuf import json_format, struct_pb2

from viam.config.capture import CaptureMethod
from viam.errors import ConfigError
from viam.gen.app.v1 import robot_pb2 as app_pb2
from viam.resource.names import API, Model, ResourceName

DEFAULT_BIND_ADDRESS = "localhost:8080"
DEFAULT_HEARTBEAT_WINDOW_S = 2.0


@dataclass
class ResourceConfig:
    """One entry of ``components`` or ``services``."""

    name: str
    api: API
    model: Model
    attributes: dict[str, Any] = field(default_factory=dict)
    depends_on: list[str] = field(default_factory=list)
    frame: dict[str, Any] | None = None
    log_level: str = ""
    json_path: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # the file (or cloud config) it came from: every error about it names both
    # data manager capture methods from ``service_configs`` (viam.config.capture)
    capture_methods: list[CaptureMethod] = field(default_factory=list)

    @cached_property
    def resource_name(self) -> ResourceName:
        return ResourceName(self.api, self.name)

    def to_proto(self) -> app_pb2.ComponentConfig:
        """The module protocol's form: ``api`` (field 9) set alongside the legacy fields."""
        attributes = struct_pb2.Struct()
        attributes.update(self.attributes)
        msg = app_pb2.ComponentConfig(
            name=self.name,
            namespace=self.api.namespace,
            type=self.api.resource_subtype,
            model=str(self.model),
            depends_on=self.depends_on,
            api=str(self.api),
        )
        msg.attributes.CopyFrom(attributes)
        if self.frame:
            try:
                json_format.ParseDict(self.frame, msg.frame, ignore_unknown_fields=True)
            except json_format.ParseError:
                pass
        if self.log_level:
            msg.log_configuration.level = self.log_level
        return msg

    def error(self, message: str, key: str = "") -> ConfigError:
        path = f"{self.json_path}.{key}" if key else self.json_path
        return ConfigError(message, source=self.source, path=path)


@dataclass
class ModuleConfig:
    name: str
    executable_path: str = ""
    type: str = "local"
    module_id: str = ""
    version: str = ""
    log_level: str = ""
    env: dict[str, str] = field(default_factory=dict)
    tcp_mode: bool = False
    first_run_timeout_s: float = 0.0
    json_path: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class RemoteAuth:
    entity: str = ""
    credential_type: str = ""
    credential_payload: str = ""


@dataclass
class RemoteConfig:
    name: str
    address: str
    prefix: str = ""
    sub_part: bool = False  # a part of this same machine (its resources count as ours in status)
    insecure: bool = False
    auth: RemoteAuth = field(default_factory=RemoteAuth)
    connection_check_interval_s: float = 10.0
    reconnect_interval_s: float = 1.0
    json_path: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class PackageConfig:
    name: str
    package: str
    version: str = ""
    type: str = "ml_model"
    url: str = ""
    sha256: str = ""
    json_path: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class NetworkConfig:
    bind_address: str = DEFAULT_BIND_ADDRESS
    tls_cert_file: str = ""
    tls_key_file: str = ""
    heartbeat_window_s: float = DEFAULT_HEARTBEAT_WINDOW_S
    # HTTP status page + JSON API: "" = same host, gRPC port + 1 (0 when the gRPC port is 0); "off" = none.
    web_bind_address: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    def web_address(self, grpc_port: int) -> tuple[str, int] | None:
        """Where to serve HTTP, or None when it is off."""
        if self.web_bind_address == "off":
            return None
        host, _, port = (self.web_bind_address or self.bind_address).rpartition(":")
        if self.web_bind_address:
            return host, int(port)
        configured = int(port)
        return host, (configured + 1 if configured else 0)


@dataclass
class AuthHandler:
    type: str
    config: dict[str, Any] = field(default_factory=dict)


@dataclass
class AuthConfig:
    handlers: list[AuthHandler] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    token_ttl_s: float = 24 * 3600.0

    def api_keys(self) -> tuple[dict[str, str], set[str]]:
        """API keys of the ``api-key`` handler: ({key id: secret}, {legacy secrets valid for any id}).

        The forms the reference accepts (the loader has already refused anything else):
        ``"<key id>": "<secret>"`` entries, with ``keys: ["<key id>", ...]`` naming them; a
        ``keys`` entry or ``key`` that names no id is a legacy secret, valid for any entity.
        """
        by_id: dict[str, str] = {}
        anonymous: set[str] = set()
        for handler in self.handlers:
            if handler.type != "api-key":
                continue
            listed: list[str] = []
            for field_name, value in handler.config.items():
                if field_name == "keys" and isinstance(value, list):
                    listed += [entry for entry in value if isinstance(entry, str) and entry]
                elif field_name == "key" and isinstance(value, str) and value:
                    listed.append(value)
                elif isinstance(value, str) and value:
                    by_id[field_name] = value
            anonymous.update(entry for entry in listed if entry not in by_id)
        return by_id, anonymous


@dataclass
class CloudConfig:
    id: str = ""
    secret: str = ""
    app_address: str = ""
    refresh_interval_s: float = 10.0
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class JobConfig:
    """One entry of ``jobs``: call ``method`` of ``resource`` on ``schedule`` (viam.robot.jobs)."""

    name: str
    schedule: str  # a Go-style duration ("5s", "1m30s"), a cron expression, or "continuous"
    resource: str
    method: str
    command: dict[str, Any] = field(default_factory=dict)  # DoCommand's argument
    log_level: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class LogPattern:
    pattern: str
    level: str


@dataclass
class MachineConfig:
    """A validated machine config. Per-entry problems are in ``errors``; the rest is usable."""

    source: str = ""
    components: list[ResourceConfig] = field(default_factory=list)
    services: list[ResourceConfig] = field(default_factory=list)
    modules: list[ModuleConfig] = field(default_factory=list)
    remotes: list[RemoteConfig] = field(default_factory=list)
    packages: list[PackageConfig] = field(default_factory=list)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    auth: AuthConfig = field(default_factory=AuthConfig)
    cloud: CloudConfig | None = None
    debug: bool = False
    log: list[LogPattern] = field(default_factory=list)
    jobs: list[JobConfig] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    revision: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def unparsed(self) -> bool:
        """A stand-in for a file that did not parse at boot: its auth (and all else) is unknown."""
        return bool(self.errors) and not self.raw

    @property
    def resources(self) -> list[ResourceConfig]:
        return [*self.components, *self.services]
