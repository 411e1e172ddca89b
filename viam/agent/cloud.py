"""Client for the cloud's ``viam.app.agent.v1.AgentDeviceService/DeviceAgentConfig``.

The machine's ``cloud`` section in ``etc/viam.json`` names the part (``id``), its ``secret`` and
``app_address``. The agent authenticates with ``proto.rpc.v1.AuthService/Authenticate`` (entity =
part id, credentials type ``robot-secret``) and sends the token as ``authorization: Bearer``; a
cloud that does not implement AuthService is called without a token. ``http://`` addresses use
plaintext h2c (labs, tests), anything else TLS.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from viam.agent.hostinfo import host_info
from viam.agent.manifest import UpdateTarget, target_from_dict
from viam.cloud.errors import CloudError

LOG = logging.getLogger(__name__)
_FORMATS = {0: "executable", 1: "executable", 2: "xz-executable", 3: "executable", 4: "xz-executable"}


@dataclass
class CloudAnswer:
    settings: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, UpdateTarget] = field(default_factory=dict)


def _target(agent_pb2: Any, name: str, info: Any) -> UpdateTarget | None:
    if not info.version or not info.url:
        return None
    entry = {"version": info.version, "url": info.url, "sha256": info.sha256.hex(),
             "format": _FORMATS.get(int(info.format), "executable")}
    return target_from_dict(name, entry, "cloud DeviceAgentConfig")


def parse_response(response: Any) -> CloudAnswer:
    """Map a DeviceAgentConfigResponse onto agent settings and update targets."""
    from google.protobuf import json_format

    from viam.gen.app.agent.v1 import agent_pb2

    answer = CloudAnswer()
    for key in ("advanced_settings", "network_configuration", "additional_networks", "system_configuration"):
        if response.HasField(key):
            answer.settings[key] = json_format.MessageToDict(getattr(response, key))
    if response.HasField("check_interval"):
        seconds = response.check_interval.ToTimedelta().total_seconds()
        if seconds > 0:
            answer.settings["update"] = {"check_interval_s": max(5.0, seconds)}
    server = response.viam_server_update_info if response.HasField("viam_server_update_info") else None
    if server is None and "viam-server" in response.subsystem_configs:
        server = response.subsystem_configs["viam-server"].update_info
    if server is not None and (target := _target(agent_pb2, "viam-server", server)):
        answer.targets["viam-server"] = target
    if response.HasField("agent_update_info"):
        if target := _target(agent_pb2, "viam-agent", response.agent_update_info):
            answer.targets["viam-agent"] = target
    return answer


class CloudClient:
    """One DeviceAgentConfig call per check; the channel is kept between calls."""

    def __init__(self, cloud: dict[str, Any], *, agent_version: str) -> None:
        self.part_id = str(cloud.get("id", ""))
        self.secret = str(cloud.get("secret", ""))
        self.cloud = dict(cloud)
        address = str(cloud.get("app_address", ""))
        if not self.part_id or not address:
            raise CloudError("etc/viam.json: cloud.id and cloud.app_address are required for cloud updates")
        parsed = urlparse(address if "://" in address else f"https://{address}")
        self.insecure = parsed.scheme == "http"
        self.target = f"{parsed.hostname}:{parsed.port or (80 if self.insecure else 443)}"
        self.agent_version = agent_version
        self._channel: Any = None
        self._token = ""

    async def fetch(self, versions: dict[str, str | None], timeout_s: float = 20.0) -> CloudAnswer:
        import grpc

        from viam.gen.app.agent.v1 import agent_pb2, agent_pb2_grpc

        self._ensure_channel()
        request = agent_pb2.DeviceAgentConfigRequest(
            id=self.part_id,
            host_info=agent_pb2.HostInfo(**host_info()),
            version_info=agent_pb2.VersionInfo(agent_running=self.agent_version,
                                               viam_server_running=versions.get("viam-server") or ""),
        )
        stub = agent_pb2_grpc.AgentDeviceServiceStub(self._channel)
        try:
            if not self._token and (self.secret or self.cloud.get("api_key")):
                self._token = await self._authenticate(timeout_s)
            metadata = (("authorization", f"Bearer {self._token}"),) if self._token else ()
            response = await stub.DeviceAgentConfig(request, metadata=metadata, timeout=timeout_s)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNAUTHENTICATED:
                self._token = ""
            raise CloudError(f"DeviceAgentConfig at {self.target}: {exc.code().name}: {exc.details()}") from exc
        return parse_response(response)

    async def needs_restart(self, timeout_s: float = 10.0) -> tuple[bool, float]:
        """``viam.app.v1.RobotService/NeedsRestart`` for this part: (must restart, next check in s)."""
        import grpc

        from viam.gen.app.v1 import robot_pb2, robot_pb2_grpc

        self._ensure_channel()
        stub = robot_pb2_grpc.RobotServiceStub(self._channel)
        try:
            if not self._token and (self.secret or self.cloud.get("api_key")):
                self._token = await self._authenticate(timeout_s)
            metadata = (("authorization", f"Bearer {self._token}"),) if self._token else ()
            response = await stub.NeedsRestart(robot_pb2.NeedsRestartRequest(id=self.part_id), metadata=metadata,
                                               timeout=timeout_s)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNAUTHENTICATED:
                self._token = ""
            raise CloudError(f"NeedsRestart at {self.target}: {exc.code().name}: {exc.details()}") from exc
        return response.must_restart, response.restart_check_interval.ToTimedelta().total_seconds()

    async def log(self, host: str, entries: list[Any], timeout_s: float = 10.0) -> None:
        """``viam.app.v1.RobotService/Log``: one batch of ``viam.agent.netlog.Entry``."""
        import grpc
        from google.protobuf import struct_pb2, timestamp_pb2

        from viam.gen.app.v1 import robot_pb2, robot_pb2_grpc
        from viam.gen.common.v1 import common_pb2

        logs = []
        for entry in entries:
            stamp = timestamp_pb2.Timestamp()
            stamp.FromNanoseconds(int(entry.time * 1e9))
            message = common_pb2.LogEntry(host=host, level=entry.level, time=stamp, logger_name=entry.logger_name,
                                          message=entry.message)
            if entry.fields:
                fields = struct_pb2.Struct()
                fields.update(entry.fields)
                message.fields.CopyFrom(fields)
            logs.append(message)
        self._ensure_channel()
        stub = robot_pb2_grpc.RobotServiceStub(self._channel)
        try:
            if not self._token and (self.secret or self.cloud.get("api_key")):
                self._token = await self._authenticate(timeout_s)
            metadata = (("authorization", f"Bearer {self._token}"),) if self._token else ()
            await stub.Log(robot_pb2.LogRequest(id=self.part_id, logs=logs), metadata=metadata, timeout=timeout_s)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNAUTHENTICATED:
                self._token = ""
            raise CloudError(f"Log at {self.target}: {exc.code().name}: {exc.details()}") from exc

    def _ensure_channel(self) -> None:
        import grpc

        if self._channel is None:
            self._channel = (grpc.aio.insecure_channel(self.target) if self.insecure
                             else grpc.aio.secure_channel(self.target, grpc.ssl_channel_credentials()))

    async def _authenticate(self, timeout_s: float) -> str:
        import grpc

        from viam.cloud.client import machine_credentials
        from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc

        stub = auth_pb2_grpc.AuthServiceStub(self._channel)
        try:
            entity, credentials = machine_credentials(self.cloud)
        except CloudError as exc:
            raise CloudError(f"etc/viam.json: {exc}") from None
        request = auth_pb2.AuthenticateRequest(entity=entity, credentials=credentials)
        try:
            return (await stub.Authenticate(request, timeout=timeout_s)).access_token
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                LOG.info("cloud at %s has no AuthService; calling without a token", self.target)
                return ""
            raise

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
