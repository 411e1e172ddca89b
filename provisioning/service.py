"""gRPC ``viam.provisioning.v1.ProvisioningService``: the mobile app's way to provision.

Proto <-> Python only; the logic lives in ``Provisioner``. Errors carrying a gRPC code (our
``InvalidInputError`` is INVALID_ARGUMENT) are mapped in one place.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import grpc

from provisioning.credentials import DEFAULT_APP_ADDRESS, MachineCredentials
from viam.errors import ViamError
from viam.gen.provisioning.v1 import provisioning_pb2 as pb
from viam.gen.provisioning.v1 import provisioning_pb2_grpc as pb_grpc

if TYPE_CHECKING:
    from provisioning.manager import Provisioner
    from provisioning.networks import NetworkInfo

log = logging.getLogger(__name__)

T = TypeVar("T")


def _rpc(fn: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """Record user activity and map our errors to statuses; never leak tracebacks to clients."""

    @functools.wraps(fn)
    async def wrapper(self: ProvisioningService, request: Any, context: grpc.aio.ServicerContext) -> T:
        self._prov.touch()
        try:
            return await fn(self, request, context)
        except ViamError as exc:
            await context.abort(exc.grpc_code, str(exc))
        except Exception:
            log.exception("provisioning RPC %s failed", fn.__name__)
            await context.abort(grpc.StatusCode.INTERNAL, f"{fn.__name__} failed; see the agent log")
        raise AssertionError("unreachable")

    return wrapper


def _network_pb(n: NetworkInfo) -> pb.NetworkInfo:
    return pb.NetworkInfo(
        type=n.type, ssid=n.ssid, security=n.security, signal=n.signal, connected=n.connected, last_error=n.last_error
    )


class ProvisioningService(pb_grpc.ProvisioningServiceServicer):
    def __init__(self, prov: Provisioner) -> None:
        self._prov = prov

    @_rpc
    async def GetSmartMachineStatus(self, request: pb.GetSmartMachineStatusRequest, context: Any) -> Any:
        s = self._prov.settings
        resp = pb.GetSmartMachineStatusResponse(
            provisioning_info=pb.ProvisioningInfo(
                fragment_id=s.fragment_id, model=s.model, manufacturer=s.manufacturer
            ),
            has_smart_machine_credentials=self._prov.is_provisioned(),
            is_online=self._prov.is_online,
            errors=self._prov.take_errors(),  # each shown once, as the reference
            agent_version=self._prov.agent_version,
        )
        if self._prov.last_attempt is not None:
            resp.latest_connection_attempt.CopyFrom(_network_pb(self._prov.last_attempt))
        return resp

    @_rpc
    async def GetNetworkList(self, request: pb.GetNetworkListRequest, context: Any) -> Any:
        return pb.GetNetworkListResponse(networks=[_network_pb(n) for n in self._prov.networks()])

    @_rpc
    async def SetNetworkCredentials(self, request: pb.SetNetworkCredentialsRequest, context: Any) -> Any:
        await self._prov.set_network_credentials(request.ssid, request.psk, kind=request.type)
        return pb.SetNetworkCredentialsResponse()

    @_rpc
    async def SetSmartMachineCredentials(self, request: pb.SetSmartMachineCredentialsRequest, context: Any) -> Any:
        c = request.cloud
        creds = MachineCredentials(
            id=c.id,
            secret=c.secret,
            app_address=c.app_address or DEFAULT_APP_ADDRESS,
            api_key_id=c.api_key.id,
            api_key=c.api_key.key,
        )
        await self._prov.set_machine_credentials(creds)
        return pb.SetSmartMachineCredentialsResponse()

    @_rpc
    async def ExitProvisioning(self, request: pb.ExitProvisioningRequest, context: Any) -> Any:
        await self._prov.exit_provisioning()
        return pb.ExitProvisioningResponse()


class ProvisioningServer:
    """grpc.aio server for the service; ``port=0`` picks a free port (read back from ``port``)."""

    def __init__(self, prov: Provisioner, host: str, port: int) -> None:
        self._prov = prov
        self._host = host
        self._port = port
        self._server: grpc.aio.Server | None = None
        self.port = 0

    def __repr__(self) -> str:
        return f"ProvisioningServer({self._host}:{self.port or self._port}, running={self._server is not None})"

    async def start(self) -> None:
        if self._server is not None:
            return
        server = grpc.aio.server()
        pb_grpc.add_ProvisioningServiceServicer_to_server(ProvisioningService(self._prov), server)
        try:
            port = server.add_insecure_port(f"{self._host}:{self._port}")
        except RuntimeError as exc:
            raise OSError(f"cannot bind the provisioning API to {self._host}:{self._port}: {exc}") from exc
        if port == 0:
            raise OSError(f"cannot bind the provisioning API to {self._host}:{self._port}")
        await server.start()
        self._server, self.port = server, port
        log.info("provisioning gRPC API on %s:%d", self._host, port)

    async def close(self) -> None:
        server, self._server = self._server, None
        self.port = 0
        if server is not None:
            await server.stop(grace=0.2)
            log.info("provisioning gRPC API stopped")
