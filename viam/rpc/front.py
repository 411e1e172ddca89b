"""The main port's front: one listener for gRPC (h2c or TLS+h2) and HTTP/1.1 (gRPC-web, Connect, pages).

grpcio cannot share its port with an HTTP/1.1 server, so grpcio listens on a private UNIX socket and
this front owns the TCP port. Each connection is classified by its first bytes: the HTTP/2 client
preface is spliced byte for byte to grpcio (no parsing, so plain gRPC keeps its semantics and pays
one extra socket hop), anything else is handed to an HTTP/1.1 protocol (aiohttp) that translates
gRPC-web and Connect into gRPC calls on the same grpcio server. TLS, when configured, ends here
(ALPN offers h2 and http/1.1). A spliced connection is closed as a whole when either side ends it
(no TCP half-close; see ``_Pipe.eof_received``).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
from collections.abc import Callable
from pathlib import Path

LOG = logging.getLogger(__name__)

H2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
HTTP_WAIT_S = 30.0  # how long an HTTP/1.1 connection waits for the HTTP side to come up
HIGH_WATER = 1 << 20

ProtocolFactory = Callable[[], asyncio.Protocol]


class _Pipe(asyncio.Protocol):
    """One direction's sink: writes what it receives to ``peer`` with back-pressure both ways."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.peer: _Pipe | None = None
        self._pending: list[bytes] = []
        self._closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.transport.set_write_buffer_limits(HIGH_WATER)  # type: ignore[union-attr]

    def send(self, data: bytes) -> None:
        if self.transport is None:
            self._pending.append(data)
        elif not self._closed:
            self.transport.write(data)

    def flush_pending(self) -> None:
        if self.transport is not None and self._pending:
            self.transport.write(b"".join(self._pending))
            self._pending.clear()

    def data_received(self, data: bytes) -> None:
        if self.peer is not None:
            self.peer.send(data)

    def eof_received(self) -> bool:
        # One side's EOF closes both (connection_lost closes the peer once its buffered bytes are out),
        # never a half-close: HTTP/2 ends its streams in frames, not with a TCP half-close, and
        # uvloop's half-close (uv_shutdown) of a spliced socket while a child process is being spawned
        # corrupts the heap (SIGABRT "double free or corruption") and closes unrelated connections.
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.close()

    # The peer's write buffer filled up: stop reading from our side until it drains.
    def pause_writing(self) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.resume_reading()


class _Sniffer(asyncio.Protocol):
    """Reads a new connection's first bytes and hands the connection to gRPC or HTTP/1.1."""

    def __init__(self, front: Front) -> None:
        self.front = front
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.decided = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        alpn = transport.get_extra_info("ssl_object")
        if alpn is not None and alpn.selected_alpn_protocol() == "h2":
            self._to_grpc()

    def data_received(self, data: bytes) -> None:
        if self.decided:  # grpc chosen by ALPN, upstream still connecting
            self._client_pipe.data_received(data)
            return
        self.buffer += data
        n = min(len(self.buffer), len(H2_PREFACE))
        if self.buffer[:n] != H2_PREFACE[:n]:
            self._to_http()
        elif n == len(H2_PREFACE):
            self._to_grpc()

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if self.decided and hasattr(self, "_client_pipe"):
            self._client_pipe.connection_lost(exc)

    # -- gRPC: splice to grpcio's socket --------------------------------------------------------------
    def _to_grpc(self) -> None:
        assert self.transport is not None
        self.decided = True
        client, upstream = _Pipe(), _Pipe()
        client.peer, upstream.peer = upstream, client
        client.connection_made(self.transport)
        self._client_pipe = client
        self.transport.set_protocol(client)
        if self.buffer:
            upstream.send(self.buffer)
            self.buffer = b""
        self.transport.pause_reading()

        async def connect() -> None:
            loop = asyncio.get_running_loop()
            try:
                await loop.create_unix_connection(lambda: upstream, str(self.front.grpc_socket))
            except OSError as exc:
                LOG.warning("gRPC backend not reachable", extra={"error": str(exc)})
                client.transport.close()  # type: ignore[union-attr]
                return
            upstream.flush_pending()
            if client.transport is not None and not client.transport.is_closing():
                client.transport.resume_reading()
            else:
                upstream.transport.close()  # type: ignore[union-attr]

        self.front.spawn(connect())

    # -- HTTP/1.1: hand to the HTTP protocol ---------------------------------------------------------
    def _to_http(self) -> None:
        assert self.transport is not None
        self.decided = True
        factory = self.front.http_factory
        if factory is not None:
            self._attach(factory)
            return
        if self.front.http_ready.is_set():  # the HTTP side failed to start: plain gRPC only
            self.transport.close()
            return
        if self.front.on_http_wanted is not None:  # the HTTP side loads on its first connection
            self.front.on_http_wanted()
        self.transport.pause_reading()

        async def wait_then_attach() -> None:
            try:
                await asyncio.wait_for(self.front.http_ready.wait(), HTTP_WAIT_S)
            except TimeoutError:
                self.transport.close()  # type: ignore[union-attr]
                return
            if self.front.http_factory is None:
                self.transport.close()  # type: ignore[union-attr]
            elif not self.transport.is_closing():  # type: ignore[union-attr]
                self._attach(self.front.http_factory)
                self.transport.resume_reading()  # type: ignore[union-attr]

        self.front.spawn(wait_then_attach())

    def _attach(self, factory: ProtocolFactory) -> None:
        assert self.transport is not None
        protocol = factory()
        self.transport.set_protocol(protocol)
        protocol.connection_made(self.transport)
        if self.buffer:
            protocol.data_received(self.buffer)
            self.buffer = b""


class Front:
    """Listens on the main TCP port and demultiplexes each connection (see the module docstring)."""

    def __init__(self, grpc_socket: Path, ssl_context: ssl.SSLContext | None = None) -> None:
        self.grpc_socket = grpc_socket
        self.ssl_context = ssl_context
        self.http_factory: ProtocolFactory | None = None
        self.http_ready = asyncio.Event()
        # Called when an HTTP/1.1 connection comes before ``set_http``: the HTTP side is loaded on demand.
        self.on_http_wanted: Callable[[], None] | None = None
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, coro: object) -> None:
        task = asyncio.get_running_loop().create_task(coro)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def set_http(self, factory: ProtocolFactory | None) -> None:
        """Serve HTTP/1.1 connections with ``factory``'s protocols (None: close them)."""
        self.http_factory = factory
        self.http_ready.set()

    async def start(self, host: str, port: int) -> int:
        """Listen; return the port bound. Raises OSError with the OS's cause (address in use...)."""
        loop = asyncio.get_running_loop()
        host = host.strip("[]") or None
        if port == 0 and host is not None:  # one address only, or each would get its own port
            infos = await loop.getaddrinfo(host, 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
            host = infos[0][4][0]
        self._server = await loop.create_server(lambda: _Sniffer(self), host, port,
                                                ssl=self.ssl_context, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for task in list(self._tasks):
            task.cancel()


def tls_context(cert_file: str, key_file: str, *, http_only: bool = False) -> ssl.SSLContext:
    """A server TLS context offering h2 (gRPC) and http/1.1 (gRPC-web, pages) by ALPN (``http_only``:
    http/1.1 alone, for the web port, where a browser offered h2 must not be spliced to gRPC)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    context.set_alpn_protocols(["http/1.1"] if http_only else ["h2", "http/1.1"])
    return context
