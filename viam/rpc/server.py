"""The gRPC server: h2c on the bind address, TLS when a certificate is configured."""

from __future__ import annotations

import logging
from pathlib import Path

import grpc
from grpc_reflection.v1alpha import reflection

from viam.config.model import NetworkConfig
from viam.errors import ConfigError

LOG = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.so_reuseport", 0),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.min_ping_interval_without_data_ms", 5000),
]


def new_server(interceptors: list[grpc.aio.ServerInterceptor] | None = None) -> grpc.aio.Server:
    return grpc.aio.server(options=SERVER_OPTIONS, interceptors=interceptors or None)


def enable_reflection(server: grpc.aio.Server, service_names: list[str]) -> None:
    reflection.enable_server_reflection([*service_names, reflection.SERVICE_NAME], server)


def bind(server: grpc.aio.Server, network: NetworkConfig) -> int:
    """Listen on ``network.bind_address``; return the port actually bound (useful with port 0)."""
    address = network.bind_address
    try:
        if network.tls_cert_file:
            try:
                cert = Path(network.tls_cert_file).read_bytes()
                key = Path(network.tls_key_file).read_bytes()
            except OSError as exc:
                raise ConfigError(f"cannot read TLS file: {exc}", path="network.tls_cert_file") from exc
            credentials = grpc.ssl_server_credentials([(key, cert)])
            port = server.add_secure_port(address, credentials)
        else:
            port = server.add_insecure_port(address)
    except RuntimeError as exc:
        raise ConfigError(f"cannot listen on {address}: {exc}", path="network.bind_address") from exc
    if port == 0:
        raise ConfigError(f"cannot listen on {address} (address in use?)", path="network.bind_address")
    return port
