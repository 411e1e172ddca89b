"""One remote machine: dial it, watch it, reconnect, and keep its resource list fresh."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import ssl
from collections.abc import Callable

import grpc
from google.protobuf.descriptor import ServiceDescriptor

from viam.client.robot import DialOptions, RobotClient
from viam.components.catalog import spec_for
from viam.config.model import RemoteConfig
from viam.errors import ViamError
from viam.module.reflection import ReflectionError, fetch_service, list_services
from viam.resource.names import API, ResourceName

LOG = logging.getLogger(__name__)
REMOTE_CHAIN_METADATA = "viam-remote-chain"


def _speaks_tls(address: str, timeout_s: float) -> bool:
    """Probe whether ``host:port`` answers a TLS handshake (False for plain h2c servers)."""
    host, _, port = address.rpartition(":")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s) as sock:
        try:
            with context.wrap_socket(sock, server_hostname=host) as tls:
                tls.version()
                return True
        except (ssl.SSLError, ConnectionResetError):
            return False


def _describe(exc: BaseException) -> str:
    """A reason a user can act on (a TLS verification failure says so)."""
    text = str(exc) or type(exc).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text.lower():
        return ("the remote's TLS certificate is not trusted (it is checked against the system CAs, as the "
                "reference does; set \"insecure\": true for h2c, or add its CA to GRPC_DEFAULT_SSL_ROOTS_FILE_PATH): "
                + text)
    return text


class RemoteConnection:
    """Keeps a connection to one remote; ``on_change`` runs when its reachability or names change."""

    def __init__(self, config: RemoteConfig, machine_id: str, on_change: Callable[[], None]) -> None:
        self.config = config
        self.machine_id = machine_id
        self.on_change = on_change
        self.client: RobotClient | None = None
        self.connected = False
        self.last_error = "not connected yet"
        self.names: list[ResourceName] = []
        # APIs this server ships no protos for, learnt from the remote over gRPC reflection; kept
        # for the life of one connection and learnt afresh after a reconnect.
        self.services: dict[API, ServiceDescriptor] = {}
        self._unlearnable: set[API] = set()  # tried on this connection and failed: not retried until a reconnect
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._watch_task: asyncio.Task[None] | None = None

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def down_message(self) -> str:
        return f"not connected to remote robot at {self.config.address}"

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"remote-{self.name}")

    async def close(self) -> None:
        for task in (self._task, self._watch_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if self.client is not None:
            await self.client.channel.close()
        self.connected = False

    def mark_unavailable(self) -> None:
        """A forwarded call found the remote gone: fail fast from now on and reconnect."""
        if self.connected:
            self._set_down("connection lost")
        self._wake.set()

    def _set_down(self, reason: str) -> None:
        was_connected, self.connected = self.connected, False
        self.services, self._unlearnable = {}, set()
        self.last_error = f"{self.down_message}: {reason}"
        if was_connected:
            LOG.warning("remote disconnected", extra={"remote": self.name, "reason": reason})
            self.on_change()

    async def _build_client(self) -> RobotClient:
        config = self.config
        insecure = config.insecure or not await asyncio.to_thread(_speaks_tls, config.address, 2.0)
        backoff_ms = str(max(100, int(config.reconnect_interval_s * 1000)))
        options = DialOptions(
            insecure=insecure,
            api_key=config.auth.credential_payload if config.auth.credential_type == "api-key" else "",
            api_key_id=config.auth.entity,
            refresh_interval_s=0,
            connect_timeout_s=max(1.0, config.connection_check_interval_s),
        )
        channel_options = [
            ("grpc.initial_reconnect_backoff_ms", int(backoff_ms)),
            ("grpc.min_reconnect_backoff_ms", int(backoff_ms)),
            ("grpc.max_reconnect_backoff_ms", int(backoff_ms)),
        ]
        if not insecure:
            options.tls_server_name = config.address.rpartition(":")[0]
        return RobotClient.create(config.address, options, channel_options)

    async def _check(self) -> None:
        if self.client is None:
            self.client = await self._build_client()
            await self.client.authenticate(timeout_s=max(1.0, self.config.connection_check_interval_s))
            self._watch_task = asyncio.create_task(self._watch_channel(), name=f"remote-watch-{self.name}")
        try:
            await self.client.refresh(metadata=((REMOTE_CHAIN_METADATA, self.machine_id),),
                                      timeout=max(1.0, min(5.0, self.config.connection_check_interval_s)))
        except ViamError as exc:
            if exc.grpc_code == grpc.StatusCode.UNAUTHENTICATED and self.config.auth.credential_payload:
                await self.client.authenticate(timeout_s=5.0)  # the remote restarted: new token
                await self.client.refresh(metadata=((REMOTE_CHAIN_METADATA, self.machine_id),), timeout=5.0)
            else:
                raise

    async def _service_name(self, api: API, listed: list[str]) -> str:
        """The remote's service for ``api``: from ResourceRPCSubtypes, else by the API's proto package."""
        assert self.client is not None
        try:
            for subtype in await self.client.resource_rpc_subtypes():
                s = subtype.subtype
                if (s.namespace, s.type, s.subtype) == (api.namespace, api.resource_type, api.resource_subtype):
                    return subtype.proto_service
        except Exception:  # noqa: BLE001 - an official-SDK server does not answer it: use the package
            pass
        package = f"viam.{api.resource_type}.{api.resource_subtype.replace('_', '')}.v1."
        return next((name for name in listed if name.startswith(package) and name.endswith("Service")), "")

    async def _learn_services(self, names: list[ResourceName]) -> None:
        """Learn over gRPC reflection the APIs of ``names`` that this server has no protos for."""
        unknown = {n.api for n in names
                   if spec_for(n.api) is None and n.api not in self.services and n.api not in self._unlearnable}
        if not unknown or self.client is None:
            return
        self._unlearnable |= unknown  # each is tried once per connection; a success is kept in services
        metadata = self.client.auth_metadata
        try:
            listed = await list_services(self.client.channel, timeout_s=5.0, metadata=metadata)
        except ReflectionError as exc:
            LOG.warning("cannot learn the remote's APIs over gRPC reflection: %s", exc, extra={"remote": self.name})
            return
        for api in sorted(unknown, key=str):
            service_name = await self._service_name(api, listed)
            if not service_name:
                LOG.warning("the remote serves no service for an API of its resources", extra={
                    "remote": self.name, "api": str(api)})
                continue
            try:
                self.services[api] = await fetch_service(self.client.channel, service_name, 5.0, metadata)
                LOG.info("learnt a remote's API over gRPC reflection", extra={
                    "remote": self.name, "api": str(api), "service": service_name})
            except ReflectionError as exc:
                LOG.warning("cannot learn the remote's API over gRPC reflection: %s", exc, extra={
                    "remote": self.name, "api": str(api), "service": service_name})

    async def _run(self) -> None:
        while True:
            try:
                await self._check()
                names = self.client.resource_names if self.client is not None else []
                await self._learn_services(names)
                changed = names != self.names or not self.connected
                if not self.connected:
                    LOG.info("remote connected", extra={"remote": self.name, "address": self.config.address,
                                                        "resources": len(names)})
                self.names, self.connected, self.last_error = names, True, ""
                if changed:
                    self.on_change()
                wait = self.config.connection_check_interval_s
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure means "down, retry soon"
                if self.client is None or self.connected or self.last_error == "not connected yet":
                    LOG.warning("remote unreachable", extra={"remote": self.name, "error": str(exc)})
                self._set_down(_describe(exc))
                await self._drop_client()  # the next attempt decides TLS or plaintext afresh
                wait = self.config.reconnect_interval_s
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _drop_client(self) -> None:
        """Forget the channel: a remote that restarted with or without TLS (or a new certificate)
        is dialled afresh, with the TLS choice made again, at the next attempt."""
        client, self.client = self.client, None
        watch, self._watch_task = self._watch_task, None
        if watch is not None and watch is not asyncio.current_task():
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await watch
        if client is not None:
            with contextlib.suppress(Exception):
                await client.channel.close()

    async def _watch_channel(self) -> None:
        """Wake the monitor as soon as the channel leaves READY (e.g. the remote process died)."""
        assert self.client is not None
        channel = self.client.channel
        state = channel.get_state(try_to_connect=False)
        while True:
            await channel.wait_for_state_change(state)
            previous, state = state, channel.get_state(try_to_connect=False)
            if previous == grpc.ChannelConnectivity.READY and state != grpc.ChannelConnectivity.READY:
                self.mark_unavailable()
