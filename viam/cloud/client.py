"""A client for the app's machine-facing API: auth, config, package locations.

Authenticates with ``proto.rpc.v1.AuthService/Authenticate`` — the part id and its secret
(credentials type ``robot-secret``) or an API key (``api-key``, entity = key id) — and sends the
token as ``authorization: Bearer`` on ``viam.app.v1.RobotService/Config`` and
``viam.app.packages.v1.PackageService/GetPackage``. ``http://`` app addresses are plaintext h2c
(labs, tests); anything else uses TLS (system roots, or ``cloud.tls_ca_file``).
"""

from __future__ import annotations

import logging
import platform
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import grpc

from viam import __version__
from viam.cloud.errors import CloudAuthError, CloudError, CloudUnavailableError
from viam.config.model import CloudConfig
from viam.gen.app.packages.v1 import packages_pb2, packages_pb2_grpc
from viam.gen.app.v1 import robot_pb2 as app_pb2
from viam.gen.app.v1 import robot_pb2_grpc as app_grpc
from viam.gen.proto.rpc.v1 import auth_pb2, auth_pb2_grpc
from viam.packages.manager import PACKAGE_TYPES, ResolvedPackage

LOG = logging.getLogger(__name__)
_UNREACHABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED}


def channel_target(app_address: str) -> tuple[str, bool]:
    """``(host:port, use_tls)`` from an app address such as ``https://app.example:443``."""
    text = app_address.strip()
    if "://" not in text:
        text = "https://" + text
    parsed = urlparse(text)
    tls = parsed.scheme != "http"
    port = parsed.port or (443 if tls else 80)
    if not parsed.hostname:
        raise CloudError(f"cloud.app_address {app_address!r} has no host")
    return f"{parsed.hostname}:{port}", tls


class AppClient:
    """One authenticated channel to the app for one machine part."""

    def __init__(self, cloud: CloudConfig, *, timeout_s: float = 10.0) -> None:
        if not cloud.id:
            raise CloudError("cloud.id (the machine part id) is required")
        if not cloud.app_address:
            raise CloudError("cloud.app_address is required")
        self.cloud = cloud
        self.timeout_s = timeout_s
        target, tls = channel_target(cloud.app_address)
        self.target = target
        if tls:
            ca_file = cloud.raw.get("tls_ca_file") or ""
            roots = Path(ca_file).read_bytes() if ca_file else None
            self.channel = grpc.aio.secure_channel(target, grpc.ssl_channel_credentials(roots))
        else:
            self.channel = grpc.aio.insecure_channel(target)
        self._token = ""

    async def close(self) -> None:
        await self.channel.close()

    async def _authenticate(self) -> None:
        entity, credentials = machine_credentials(self.cloud.raw)
        stub = auth_pb2_grpc.AuthServiceStub(self.channel)
        try:
            response = await stub.Authenticate(
                auth_pb2.AuthenticateRequest(entity=entity, credentials=credentials), timeout=self.timeout_s
            )
        except grpc.aio.AioRpcError as exc:
            raise self._error("authenticate", exc) from None
        self._token = response.access_token

    async def auth_metadata(self, *, renew: bool = False) -> tuple[tuple[str, str], ...]:
        """The ``authorization`` metadata for a call made on ``self.channel`` (streams, other services)."""
        if renew or not self._token:
            await self._authenticate()
        return (("authorization", f"Bearer {self._token}"),)

    async def _call(self, what: str, method: object, request: object) -> object:
        for attempt in range(2):
            if not self._token:
                await self._authenticate()
            try:
                return await method(request, timeout=self.timeout_s,  # type: ignore[operator]
                                    metadata=(("authorization", f"Bearer {self._token}"),))
            except grpc.aio.AioRpcError as exc:
                if exc.code() == grpc.StatusCode.UNAUTHENTICATED and attempt == 0:
                    self._token = ""  # expired token: authenticate once more
                    continue
                raise self._error(what, exc) from None
        raise CloudAuthError(f"{what}: not authenticated")

    def _error(self, what: str, exc: grpc.aio.AioRpcError) -> CloudError:
        code, details = exc.code(), exc.details()
        message = f"app {self.target}: {what} failed: {code.name}: {details}"
        if code in _UNREACHABLE:
            return CloudUnavailableError(message)
        if code in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED):
            return CloudAuthError(message)
        return CloudError(message)

    async def config(self) -> app_pb2.RobotConfig:
        """``RobotService/Config`` for this part."""
        request = app_pb2.ConfigRequest(id=self.cloud.id, agent_info=app_pb2.AgentInfo(
            host=socket.gethostname(), os=platform.system().lower(), version=__version__,
            platform=f"{platform.system().lower()}/{platform.machine()}"))
        stub = app_grpc.RobotServiceStub(self.channel)
        response = await self._call("Config", stub.Config, request)
        return response.config  # type: ignore[attr-defined,no-any-return]

    async def needs_restart(self) -> tuple[bool, float]:
        """``RobotService/NeedsRestart``: (must restart, seconds until the next check)."""
        stub = app_grpc.RobotServiceStub(self.channel)
        response = await self._call("NeedsRestart", stub.NeedsRestart, app_pb2.NeedsRestartRequest(id=self.cloud.id))
        interval = response.restart_check_interval.ToTimedelta().total_seconds()  # type: ignore[attr-defined]
        return bool(response.must_restart), interval  # type: ignore[attr-defined]

    async def get_package(self, package_id: str, version: str, package_type: str) -> ResolvedPackage:
        """``PackageService/GetPackage``: the download URL and checksum of one version."""
        request = packages_pb2.GetPackageRequest(id=package_id, version=version or "latest", include_url=True,
                                                 type=PACKAGE_TYPES.get(package_type, 0),
                                                 platform=f"{platform.system().lower()}/{_arch()}")
        stub = packages_pb2_grpc.PackageServiceStub(self.channel)
        response = await self._call(f"GetPackage {package_id}@{version or 'latest'}", stub.GetPackage, request)
        package = response.package  # type: ignore[attr-defined]
        if not package.url:
            raise CloudError(f"app {self.target}: GetPackage {package_id} returned no url")
        return ResolvedPackage(version=package.info.version or version, url=package.url, checksum=package.checksum)


def _arch() -> str:
    machine = platform.machine().lower()
    return {"x86_64": "amd64", "aarch64": "arm64", "armv7l": "arm32v7"}.get(machine, machine)


def machine_credentials(cloud: Mapping[str, Any]) -> tuple[str, auth_pb2.Credentials]:
    """The entity and credentials a machine authenticates with, from its ``cloud`` section.

    An ``api_key: {id, key}`` (entity = the key's id) wins over the part's ``secret``.
    """
    api_key = cloud.get("api_key")
    if isinstance(api_key, Mapping) and api_key.get("id") and api_key.get("key"):
        return str(api_key["id"]), auth_pb2.Credentials(type="api-key", payload=str(api_key["key"]))
    if not cloud.get("secret"):
        raise CloudAuthError("cloud section needs 'secret' or 'api_key': {id, key}")
    return str(cloud.get("id", "")), auth_pb2.Credentials(type="robot-secret", payload=str(cloud["secret"]))
