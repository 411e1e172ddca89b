"""The gRPC server: grpcio on a private socket behind the main port's front (h2c, TLS when configured)."""

from __future__ import annotations

import logging
import socket
import ssl
from pathlib import Path
from typing import TYPE_CHECKING

import grpc

from viam.config.model import NetworkConfig
from viam.errors import ConfigError
from viam.rpc.guard import MAX_STREAMS_PER_CONNECTION, CallGuard, Gate, ReceiveLimits

if TYPE_CHECKING:  # a module process makes servers too, and has no front nor in-process calls
    from viam.rpc.front import Front
    from viam.rpc.inprocess import InProcessCalls

LOG = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # responses (camera images, point clouds) may be this big
RECEIVE_WINDOW_BYTES = 1 << 20
SERVER_OPTIONS = [
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_concurrent_streams", MAX_STREAMS_PER_CONNECTION),
    ("grpc.so_reuseport", 0),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_ping_interval_without_data_ms", 5000),
    # A fixed 1 MiB receive window per stream instead of BDP-grown ones: a caller can have at most
    # that much in flight before the server reads it, however late a refusal gets scheduled
    # (tests/security/test_oversized_requests.py); 1 MiB per round trip still fills any Pi link.
    ("grpc.http2.bdp_probe", 0),
    ("grpc.http2.lookahead_bytes", RECEIVE_WINDOW_BYTES),
]


_tls_disabled_by = ""


def disable_tls(reason: str) -> None:
    """Serve plaintext even when the config names a certificate (``viam-server -no-tls``)."""
    global _tls_disabled_by
    _tls_disabled_by = reason


def new_server(interceptors: list[grpc.aio.ServerInterceptor] | None = None, *, gate: Gate | None = None,
               limits: ReceiveLimits | None = None, in_process: InProcessCalls | None = None) -> grpc.aio.Server:
    """A server whose calls pass ``interceptors`` (auth), then the CallGuard (gate, size, decoding).

    grpcio refuses anything over the largest per-method limit before allocating it; the guard
    holds every other method to the lower default (viam.rpc.guard).
    """
    limits = limits or ReceiveLimits.from_env()
    options = [("grpc.max_receive_message_length", limits.large), *SERVER_OPTIONS]
    chain = [*(interceptors or ()), CallGuard(limits, gate)]
    server = grpc.aio.server(options=options, interceptors=chain)
    if in_process is not None:  # the same chain and handlers, callable without a channel (gRPC-web)
        in_process.interceptors = chain
        in_process.record(server)
    return server


def bind_private(server: grpc.aio.Server, socket_path: Path) -> None:
    """Listen on a UNIX socket only the front (``viam.rpc.front``) connects to."""
    if server.add_insecure_port(f"unix:{socket_path}") == 0:
        raise ConfigError(f"cannot listen on {socket_path}", path="network.bind_address")


async def start_front(network: NetworkConfig, grpc_socket: Path, *, address: str = "",
                      web_port: bool = False) -> Front:
    """Listen on ``network.bind_address`` (or ``address``) for gRPC, gRPC-web, Connect and HTTP (see ``Front``).

    ``web_port``: the page's own port; its TLS offers only http/1.1 so browsers never get h2 there.
    """
    from viam.rpc.front import Front, tls_context  # the main port's: only the server loads it

    address = address or network.bind_address
    context = None
    if network.tls_cert_file and _tls_disabled_by:
        LOG.warning("serving without TLS although a certificate is configured",
                    extra={"reason": _tls_disabled_by, "address": address})
    if network.tls_cert_file and not _tls_disabled_by:
        try:
            context = tls_context(network.tls_cert_file, network.tls_key_file, http_only=web_port)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"cannot read TLS file: {exc}", path="network.tls_cert_file") from exc
    host, _, port = address.rpartition(":")
    front = Front(grpc_socket, context)
    try:
        await front.start(host, int(port))
    except ValueError as exc:
        raise ConfigError(f"cannot listen on {address}: bad address: {exc}", path="network.bind_address") from exc
    except OSError as exc:
        raise ConfigError(f"cannot listen on {address}: {(exc.strerror or str(exc)).lower()}",
                          path="network.bind_address") from exc
    return front


def tls_enabled(network: NetworkConfig) -> bool:
    return bool(network.tls_cert_file) and not _tls_disabled_by


def bind_failure_cause(address: str) -> str:
    """Why ``address`` cannot be bound, in the OS's words ("[Errno 98] Address already in use").

    grpcio only says that binding failed; a plain socket bind tells the user the cause.
    """
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "0.0.0.0"
    try:
        infos = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, ValueError) as exc:
        return f"bad address: {exc}"
    for family, kind, proto, _, sockaddr in infos:
        with socket.socket(family, kind, proto) as probe:
            try:
                probe.bind(sockaddr)
            except OSError as exc:
                return (exc.strerror or str(exc)).lower()
    return ""
