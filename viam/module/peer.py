"""Who is calling a tcp_mode module parent port: the local user owning the caller's socket.

The reference serves tcp_mode parents on 127.0.0.1 without any check, so every local user can
drive the machine through them. Official-SDK modules send no credentials to their parent, so a
token cannot be asked of them; but the caller's end of a loopback TCP connection is a socket on
this machine, and the kernel tells its owner: one sock_diag netlink query for exactly that
connection's four-tuple (atomic and O(1); scanning ``/proc/net/tcp`` is neither: on a busy box the
table holds thousands of entries and a read spanning several chunks can skip the very socket
being looked up while others come and go). Only the server's own user and root (who can read
the config and its keys anyway) are let in: the same users the UNIX parent socket's 0700
directory admits.
"""

from __future__ import annotations

import os
import socket
import struct
from collections.abc import Callable, Iterable

import grpc

_NETLINK_SOCK_DIAG = 4
_SOCK_DIAG_BY_FAMILY = 20
_NLM_F_REQUEST = 1
_NLMSG_ERROR = 2
_ALL_STATES = 0xFFFFFFFF
_NO_COOKIE = 0xFFFFFFFF
_UID_OFFSET = 16 + 4 + 48 + 12  # nlmsghdr, inet_diag_msg's family..retrans, sockid, expires/rqueue/wqueue


def _diag_request(family: int, src: bytes, sport: int, dst: bytes, dport: int) -> bytes:
    """A SOCK_DIAG_BY_FAMILY request for the one TCP socket bound to src:sport, connected to dst:dport."""
    sockid = struct.pack("!HH16s16s", sport, dport, src.ljust(16, b"\0"), dst.ljust(16, b"\0"))
    sockid += struct.pack("=III", 0, _NO_COOKIE, _NO_COOKIE)  # any interface, no cookie: look up by tuple
    body = struct.pack("=BBBBI", family, socket.IPPROTO_TCP, 0, 0, _ALL_STATES) + sockid
    return struct.pack("=IHHII", 16 + len(body), _SOCK_DIAG_BY_FAMILY, _NLM_F_REQUEST, 1, 0) + body


def socket_owner(family: int, src: bytes, sport: int, dst: bytes, dport: int) -> int | None:
    """The uid owning the TCP socket src:sport -> dst:dport on this machine, or None if there is none."""
    try:
        with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, _NETLINK_SOCK_DIAG) as diag:
            diag.settimeout(5.0)
            diag.send(_diag_request(family, src, sport, dst, dport))
            reply = diag.recv(8192)
    except (OSError, AttributeError):  # AttributeError: no AF_NETLINK off Linux; refuse rather than guess
        return None
    if len(reply) < _UID_OFFSET + 4 or struct.unpack_from("=H", reply, 4)[0] == _NLMSG_ERROR:
        return None
    return struct.unpack_from("=I", reply, _UID_OFFSET)[0]


def loopback_peer_uid(peer: str, server_port: int, server_host: str = "127.0.0.1") -> int | None:
    """The uid owning the client socket of ``peer`` (grpc's ``ipv4:host:port``) -> server_host:server_port."""
    kind, _, rest = peer.partition(":")
    if kind not in ("ipv4", "ipv6"):
        return None
    host, _, port = rest.rpartition(":")
    host = host.strip("[]")
    try:
        client_port = int(port)
        mapped = b"\0" * 10 + b"\xff\xff"  # grpc's dual-stack sockets list IPv4 peers v4-mapped
        if ":" in host:
            server6 = (socket.inet_pton(socket.AF_INET6, server_host) if ":" in server_host
                       else mapped + socket.inet_aton(server_host))
            candidates = [(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, host), server6)]
        else:
            v4, server_v4 = socket.inet_aton(host), socket.inet_aton(server_host)
            candidates = [(socket.AF_INET, v4, server_v4), (socket.AF_INET6, mapped + v4, mapped + server_v4)]
    except (OSError, ValueError):
        return None
    for family, client, server in candidates:
        uid = socket_owner(family, client, client_port, server, server_port)
        if uid is not None:
            return uid
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
