"""Who is calling a tcp_mode module parent port: the local user owning the caller's socket.

The reference serves tcp_mode parents on 127.0.0.1 without any check, so every local user can
drive the machine through them. Official-SDK modules send no credentials to their parent, so a
token cannot be asked of them; but the caller's end of a loopback TCP connection is a socket on
this machine, and the kernel lists its owner (``/proc/net/tcp``'s uid column). Only the
server's own user and root (who can read the config and its keys anyway) are let in: the same
users the UNIX parent socket's 0700 directory admits.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import grpc

PROC_NET_TCP = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))


def _words(packed: bytes) -> str:
    """An address as /proc/net/tcp{,6} prints it: 32-bit words in host byte order, hex."""
    return "".join(f"{int.from_bytes(packed[i:i + 4], sys.byteorder):08X}" for i in range(0, len(packed), 4))


def _proc_forms(host: str, port: int) -> set[str]:
    """How the caller's socket ``host:port`` can appear: IPv4, or IPv6 (v4-mapped: grpc's dual-stack sockets)."""
    suffix = f":{port:04X}"
    if ":" in host:
        return {_words(socket.inet_pton(socket.AF_INET6, host)) + suffix}
    v4 = socket.inet_aton(host)
    return {_words(v4) + suffix, _words(b"\0" * 10 + b"\xff\xff" + v4) + suffix}


def loopback_peer_uid(peer: str, server_port: int, tables: tuple[Path, ...] = PROC_NET_TCP) -> int | None:
    """The uid owning the client socket of the connection ``peer`` (grpc's ``ipv4:host:port``)."""
    kind, _, rest = peer.partition(":")
    if kind not in ("ipv4", "ipv6"):
        return None
    host, _, port = rest.rpartition(":")
    try:
        wanted = _proc_forms(host.strip("[]"), int(port))
    except (OSError, ValueError):
        return None
    remote_suffix = f":{server_port:04X}"
    for table in tables:
        try:
            lines = table.read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 7 and fields[1] in wanted and fields[2].endswith(remote_suffix):
                return int(fields[7])
    return None


def default_allowed_uids() -> frozenset[int]:
    return frozenset({os.getuid(), 0})


def same_user_gate(server_port: Callable[[], int], allowed_uids: Iterable[int] | None = None
                   ) -> Callable[[grpc.aio.ServicerContext], str | None]:
    """A CallGuard gate letting in callers whose socket belongs to ``allowed_uids`` (ours and root)."""
    def gate(context: grpc.aio.ServicerContext) -> str | None:
        allowed = frozenset(allowed_uids if allowed_uids is not None else default_allowed_uids())
        uid = loopback_peer_uid(context.peer(), server_port())
        if uid is None:
            return "permission denied: cannot tell which local user is calling this module parent port"
        if uid not in allowed:
            return f"permission denied: local user {uid} may not call this module parent port"
        return None

    return gate
