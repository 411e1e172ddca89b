"""Who already listens where the hotspot needs to: DNS (53) for dnsmasq, HTTP (80) for the portal.

Read from ``/proc/net`` rather than by binding: binding needs root for low ports and would race
with the real owner. Only wildcard or hotspot-address listeners conflict (a resolver stub on
127.0.0.53 does not).
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from pathlib import Path

from provisioning.settings import HOTSPOT_ADDRESS

_TCP_LISTEN = "0A"
_UDP_UNCONNECTED = "07"


@dataclass(frozen=True)
class Listener:
    protocol: str  # "tcp", "udp", "tcp6", "udp6"
    address: str
    port: int

    def __str__(self) -> str:
        return f"{self.protocol} {self.address}:{self.port}"


def _decode_addr(hex_addr: str) -> str:
    raw = bytes.fromhex(hex_addr)
    if len(raw) == 4:
        return socket.inet_ntop(socket.AF_INET, struct.pack("<I", struct.unpack(">I", raw)[0]))
    words = struct.unpack(">4I", raw)
    return socket.inet_ntop(socket.AF_INET6, struct.pack("<4I", *words))


def listeners(port: int, proc_net: Path = Path("/proc/net")) -> list[Listener]:
    """Sockets listening on ``port`` that would stop us binding it on the hotspot address."""
    found = []
    for proto in ("tcp", "udp", "tcp6", "udp6"):
        try:
            lines = (proc_net / proto).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 4:
                continue
            addr_hex, port_hex = fields[1].rsplit(":", 1)
            state = fields[3]
            if int(port_hex, 16) != port or state not in (_TCP_LISTEN, _UDP_UNCONNECTED):
                continue
            if proto.startswith("tcp") and state != _TCP_LISTEN:
                continue
            address = _decode_addr(addr_hex)
            if address in ("0.0.0.0", "::", HOTSPOT_ADDRESS, f"::ffff:{HOTSPOT_ADDRESS}"):
                found.append(Listener(proto, address, port))
    return found


def port_conflicts(ports: dict[str, int], proc_net: Path = Path("/proc/net")) -> list[str]:
    """One message per taken port, naming what the hotspot needs it for."""
    messages = []
    for purpose, port in ports.items():
        taken = listeners(port, proc_net)
        if taken:
            who = ", ".join(sorted({str(t) for t in taken}))
            messages.append(f"port {port} ({purpose}) is already in use ({who}); stop the other service")
    return messages
