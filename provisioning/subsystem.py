"""``NetworkingSubsystem``: the agent-facing wrapper that wires NM, the state machine and servers.

Implements ``viam.agent.subsystem.Subsystem``: ``name``, ``start``, ``stop``, ``healthy``, ``status``.
The captive portal and the gRPC API run only while the machine is in provisioning mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from provisioning.ble.service import BLUEZ_CONFIG, BleProvisioning
from provisioning.manager import Provisioner
from provisioning.nm import NetworkManagerClient
from provisioning.portal import CaptivePortal
from provisioning.service import ProvisioningServer
from provisioning.settings import NetworkingSettings

log = logging.getLogger(__name__)


class NetworkingSubsystem:
    """Keeps the machine online; runs the Wi-Fi provisioning hotspot when it cannot be.

    Args:
        root: prefix for every file ("/" on a device).
        defaults: the agent's settings (``network_configuration``, ``additional_networks``).
        on_credentials: awaited after ``<root>/etc/viam.json`` was (re)written.
        bus_address: D-Bus address instead of the system bus (tests).
        hostname: for the hotspot SSID; defaults to this machine's hostname.
        reboot: replaces ``systemctl reboot`` for the offline-reboot timer.
        agent_version: reported through the provisioning API.
    """

    name = "networking"

    def __init__(
        self,
        root: Path,
        defaults: dict[str, Any],
        on_credentials: Callable[[], Awaitable[None]],
        *,
        bus_address: str | None = None,
        hostname: str | None = None,
        reboot: Callable[[], Awaitable[None]] | None = None,
        agent_version: str = "",
        proc_net: Path = Path("/proc/net"),
        restart_bluetooth: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.settings = NetworkingSettings.from_defaults(defaults)
        self.nm = NetworkManagerClient(bus_address)
        self.provisioner = Provisioner(
            Path(root),
            self.settings,
            self.nm,
            hostname=hostname or socket.gethostname(),
            on_credentials=on_credentials,
            on_provisioning_mode=self._provisioning_mode,
            reboot=reboot,
            agent_version=agent_version,
            proc_net=proc_net,
        )
        host = self.settings.bind_address
        self.portal = CaptivePortal(self.provisioner, host, self.settings.portal_port)
        self.api = ProvisioningServer(self.provisioner, host, self.settings.grpc_port)
        # Bluetooth LE provisioning beside the hotspot (disable_bt_provisioning turns it off).
        self.ble = BleProvisioning(self.provisioner, bus_address=bus_address,
                                   config_path=Path(root) / BLUEZ_CONFIG.relative_to("/"),
                                   restart_bluetooth=restart_bluetooth)
        self._ble_task: asyncio.Task[None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._failure = ""

    def __repr__(self) -> str:
        return f"NetworkingSubsystem({self.provisioner!r})"

    async def start(self) -> None:
        if self._task is not None:
            return
        # No D-Bus connection here: NM may come up after the agent, and the loop retries.
        self._task = asyncio.create_task(self.provisioner.run(), name="provisioning")
        self._task.add_done_callback(self._task_done)
        self._ble_task = asyncio.create_task(self.ble.run(), name="ble-provisioning")

    def _task_done(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            self._failure = f"{type(task.exception()).__name__}: {task.exception()}"
            log.error("networking state machine crashed: %s", self._failure, exc_info=task.exception())

    async def stop(self) -> None:
        ble_task, self._ble_task = self._ble_task, None
        if ble_task is not None:
            ble_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await ble_task
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            await self.provisioner.shutdown()
        await self.portal.close()
        await self.api.close()
        await self.nm.close()

    def healthy(self) -> bool:
        return self._task is not None and not self._task.done() and not self._failure

    def status(self) -> dict[str, Any]:
        status = self.provisioner.status()
        status["portal_port"] = self.portal.port or None
        status["grpc_port"] = self.api.port or None
        status["bluetooth"] = self.ble.status()
        if self._failure:
            status["failure"] = self._failure
        return status

    async def _provisioning_mode(self, on: bool) -> None:
        """Start the portal and API with the hotspot; stop them once online."""
        if not on:
            await self.portal.close()
            await self.api.close()
            return
        await _wait_for_address(self.settings.bind_address, timeout_s=10.0)
        for server in (self.api, self.portal):
            try:
                await server.start()
            except OSError as exc:
                self.provisioner.record_error(f"{server!r} could not start: {exc}")


async def _wait_for_address(host: str, *, timeout_s: float) -> None:
    """The hotspot's address appears a moment after NM activates it; wait so binding works."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.bind((host, 0))
            return
        except OSError as exc:
            if exc.errno != errno.EADDRNOTAVAIL or loop.time() >= deadline:
                return  # the real bind reports the error
        await asyncio.sleep(0.2)
