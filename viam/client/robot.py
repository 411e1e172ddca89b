"""RobotClient: talk to a machine (ours or Viam's) over gRPC from scripts and modules."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import grpc

from viam.components.catalog import spec_for
from viam.errors import ResourceNotFoundError, error_from_status
from viam.gen.proto.rpc.v1 import auth_pb2
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.resource.base import Resource
from viam.resource.names import ResourceName
from viam.rpc.stubs import ServiceStub
from viam.utils import dict_to_struct

LOG = logging.getLogger(__name__)
MACHINE_ID_METADATA = "viam-machine-id"
ROBOT_SERVICE = pb.DESCRIPTOR.services_by_name["RobotService"]
AUTH_SERVICE = auth_pb2.DESCRIPTOR.services_by_name["AuthService"]


@dataclass
class DialOptions:
    """How to reach the machine. ``insecure`` means plain h2c; otherwise TLS (``tls_ca`` optional)."""

    insecure: bool = True
    tls_ca: bytes | None = None
    tls_server_name: str = ""
    api_key: str = ""
    api_key_id: str = ""
    connect_timeout_s: float = 10.0
    refresh_interval_s: float = 10.0


class _BearerToken:
    value = ""


class _UnaryUnaryAuth(grpc.aio.UnaryUnaryClientInterceptor):
    """Adds ``authorization: Bearer <token>`` once the client has authenticated."""

    def __init__(self, bearer: _BearerToken) -> None:
        self.bearer = bearer

    async def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return await continuation(_with_auth(client_call_details, self.bearer), request)


class _UnaryStreamAuth(grpc.aio.UnaryStreamClientInterceptor):
    def __init__(self, bearer: _BearerToken) -> None:
        self.bearer = bearer

    async def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return await continuation(_with_auth(client_call_details, self.bearer), request)


def _with_auth(details: grpc.aio.ClientCallDetails, bearer: _BearerToken) -> grpc.aio.ClientCallDetails:
    if not bearer.value:
        return details
    metadata = grpc.aio.Metadata(*(details.metadata or ()))
    metadata.add("authorization", bearer.value)
    return grpc.aio.ClientCallDetails(details.method, details.timeout, metadata, details.credentials,
                                      details.wait_for_ready)


class RobotClient:
    """A connection to a machine, its resource list, and clients for its resources."""

    DialOptions = DialOptions

    def __init__(self, address: str, channel: grpc.aio.Channel, options: DialOptions,
                 bearer: _BearerToken | None = None) -> None:
        self.address = address
        self.channel = channel
        self.options = options
        self._bearer = bearer or _BearerToken()
        self._stub = ServiceStub(channel, ROBOT_SERVICE)
        self._names: list[ResourceName] = []
        self._clients: dict[ResourceName, Resource] = {}
        self._refresh_task: asyncio.Task[None] | None = None
        self.peer_machine_id = ""

    @classmethod
    def create(cls, address: str, options: DialOptions | None = None,
               channel_options: list[tuple[str, Any]] | None = None) -> RobotClient:
        """Build a client without any I/O (the channel connects lazily); see ``connect``."""
        options = options or DialOptions()
        all_options = [("grpc.max_receive_message_length", 64 * 1024 * 1024), *(channel_options or [])]
        if options.tls_server_name:
            all_options.append(("grpc.ssl_target_name_override", options.tls_server_name))
        bearer = _BearerToken()
        interceptors = [_UnaryUnaryAuth(bearer), _UnaryStreamAuth(bearer)] if options.api_key else None
        if options.insecure:
            channel = grpc.aio.insecure_channel(address, options=all_options, interceptors=interceptors)
        else:
            credentials = grpc.ssl_channel_credentials(root_certificates=options.tls_ca)
            channel = grpc.aio.secure_channel(address, credentials, options=all_options, interceptors=interceptors)
        return cls(address, channel, options, bearer)

    async def connect(self, timeout_s: float | None = None) -> None:
        """Wait for the channel, authenticate when an API key is set, and fetch the resource list."""
        timeout_s = self.options.connect_timeout_s if timeout_s is None else timeout_s
        await asyncio.wait_for(self.channel.channel_ready(), timeout_s)
        await self.authenticate(timeout_s)
        await self.refresh()

    async def authenticate(self, timeout_s: float | None = None) -> None:
        if not self.options.api_key:
            return
        request = auth_pb2.AuthenticateRequest(
            entity=self.options.api_key_id,
            credentials=auth_pb2.Credentials(type="api-key", payload=self.options.api_key),
        )
        try:
            response = await ServiceStub(self.channel, AUTH_SERVICE).Authenticate(request, timeout=timeout_s)
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None
        self._bearer.value = f"Bearer {response.access_token}"

    @property
    def auth_metadata(self) -> tuple[tuple[str, str], ...]:
        """Metadata to attach to raw calls made on ``channel`` outside the stubs' interceptors."""
        return (("authorization", self._bearer.value),) if self._bearer.value else ()

    @classmethod
    async def at_address(cls, address: str, options: DialOptions | None = None) -> RobotClient:
        """Connect, fetch the resource list, and keep it fresh every ``refresh_interval_s``."""
        client = cls.create(address, options)
        try:
            await client.connect()
        except BaseException:
            await client.channel.close()
            raise
        if client.options.refresh_interval_s > 0:
            client._refresh_task = asyncio.create_task(client._refresh_loop(), name="robot-client-refresh")
        return client

    async def __aenter__(self) -> RobotClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._refresh_task is not None:
            self._refresh_task.cancel()
            try:
                await self._refresh_task
            except asyncio.CancelledError:
                pass
            self._refresh_task = None
        await self.channel.close()

    async def _call(self, method: str, request: Any, timeout: float | None = None) -> Any:
        try:
            return await getattr(self._stub, method)(request, timeout=timeout)
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None

    async def _refresh_loop(self) -> None:
        while True:
            await asyncio.sleep(self.options.refresh_interval_s)
            try:
                await self.refresh()
            except Exception as exc:  # noqa: BLE001 - keep trying; the machine may be restarting
                LOG.debug("resource refresh failed: %s", exc)

    async def refresh(self, metadata: tuple[tuple[str, str], ...] = (), timeout: float | None = None) -> None:
        """Re-read the machine's resource list (``metadata`` goes with the request)."""
        try:
            call = self._stub.ResourceNames(pb.ResourceNamesRequest(), metadata=metadata or None, timeout=timeout)
            response = await call
            for key, value in await call.initial_metadata() or ():
                if key == MACHINE_ID_METADATA:
                    self.peer_machine_id = value
        except grpc.aio.AioRpcError as exc:
            raise error_from_status(exc.code(), exc.details() or "") from None
        self._names = [ResourceName.from_proto(n) for n in response.resources]
        for name in [n for n in self._clients if n not in self._names]:
            del self._clients[name]

    @property
    def resource_names(self) -> list[ResourceName]:
        return list(self._names)

    def get_resource(self, name: ResourceName) -> Resource:
        """A client for ``name``; raises ResourceNotFoundError if the machine does not list it."""
        client = self._clients.get(name)
        if client is not None:
            return client
        if name not in self._names:
            available = ", ".join(str(n) for n in self._names if n.api == name.api) or "none"
            raise ResourceNotFoundError(f"no {name.api.resource_subtype} named {name.name!r} (available: {available})")
        spec = spec_for(name.api)
        if spec is None:
            raise ResourceNotFoundError(f"this client has no API class for {name.api}")
        client = spec.client_class(name.name, self.channel)  # type: ignore[call-arg]
        self._clients[name] = client
        return client

    # -- machine-level calls ----------------------------------------------------------------------
    async def get_machine_status(self) -> pb.GetMachineStatusResponse:
        return await self._call("GetMachineStatus", pb.GetMachineStatusRequest())

    async def get_version(self) -> pb.GetVersionResponse:
        return await self._call("GetVersion", pb.GetVersionRequest())

    async def stop_all(self, extra: Mapping[ResourceName, Mapping[str, Any]] | None = None) -> None:
        params = [pb.StopExtraParameters(name=n.to_proto(), params=dict_to_struct(p)) for n, p in (extra or {}).items()]
        await self._call("StopAll", pb.StopAllRequest(extra=params))

    async def get_operations(self) -> list[pb.Operation]:
        return list((await self._call("GetOperations", pb.GetOperationsRequest())).operations)

    async def resource_rpc_subtypes(self) -> list[pb.ResourceRPCSubtype]:
        return list((await self._call("ResourceRPCSubtypes", pb.ResourceRPCSubtypesRequest())).resource_rpc_subtypes)
