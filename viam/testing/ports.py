"""A free TCP port for a test server that must be told its port before it binds.

``bind(("127.0.0.1", 0))`` then close hands out a port from the kernel's ephemeral range, and the next
``bind(0)`` anywhere on the machine (another server of the same test, an outgoing connection) may get
that very port before the test's server binds it. Ports below the ephemeral range are never handed out
by ``bind(0)``, so a random one that binds now stays free unless another test picks the same number.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_LOWEST = 10000


def _ephemeral_low() -> int:
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port: int) -> bool:
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError as exc:
                if family == socket.AF_INET6 and exc.errno in (97, 99):  # no IPv6 here: fine
                    continue
                return False
    return True


def free_port() -> int:
    """A port no one listens on now, outside the range ``bind(0)`` draws from."""
    high = _ephemeral_low() - 1
    rng = random.SystemRandom()
    for _ in range(200):
        port = rng.randint(_LOWEST, max(_LOWEST, high))
        if _bindable(port):
            return port
    with socket.socket() as sock:  # a crowded machine: fall back to the kernel's choice
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
