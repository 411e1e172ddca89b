"""The contract every agent subsystem implements (supervisor, syscfg, networking).

The agent starts subsystems in order, sends READY=1 once all have started, pings the systemd
watchdog only while every subsystem reports ``healthy()``, and stops them in reverse order.
``provisioning.subsystem.NetworkingSubsystem`` implements the same protocol and is loaded lazily.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Subsystem(Protocol):
    """A long-running part of the agent.

    Implementations must provide:
        name: short stable identifier shown by ``viam-agent status`` (``"viam-server"``).
        start(): begin work and return once started (background tasks may keep running).
        stop(): stop work and release everything; idempotent; must finish within its own budget.
        healthy(): cheap, non-blocking; False withholds the systemd watchdog ping.
        status(): JSON-serialisable snapshot for ``viam-agent status``.
    """

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def healthy(self) -> bool: ...

    def status(self) -> dict[str, Any]: ...
