"""python-dbusmock's BlueZ template on the NetworkManager mock's private bus, with GATT added.

The template has adapters, devices and the agent manager, but no ``GattManager1`` or
``LEAdvertisingManager1``; they are added here on ``hci0`` and record their calls, so the test can
play bluetoothd's part (read the registered application over D-Bus, forward a phone's reads and
writes to its characteristics, ask the pairing agent) at the same boundary the real daemon uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from dbus_fast import BusType, Message, MessageType, Variant
from dbus_fast.aio import MessageBus

from .nmmock import SYSTEM_PYTHON

MOCK_IFACE = "org.freedesktop.DBus.Mock"
ADAPTER = "/org/bluez/hci0"


class BluezMock:
    def __init__(self, address: str, directory: Path) -> None:
        self.address = address
        self.log_path = directory / "bluez-mock.log"
        self._mock: subprocess.Popen[bytes] | None = None
        self.bus: MessageBus | None = None

    def _spawn(self) -> None:
        env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": self.address}
        with self.log_path.open("wb") as log:
            self._mock = subprocess.Popen([SYSTEM_PYTHON, "-m", "dbusmock", "--system", "--template", "bluez5"],
                                          env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    async def start(self) -> None:
        await asyncio.to_thread(self._spawn)
        assert self._mock is not None
        self.bus = await MessageBus(bus_address=self.address, bus_type=BusType.SYSTEM).connect()
        deadline = time.monotonic() + 15
        while not (await self.raw("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                  "NameHasOwner", "s", ["org.bluez"]))[0]:
            if self._mock.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"bluez mock did not start: {self.log_path.read_text()}")
            await asyncio.sleep(0.05)
        await self.call("/org/bluez", "org.bluez.Mock", "AddAdapter", "ss", ["hci0", "viam-test"])
        # The template's StartDiscovery reads a DiscoveryFilter property only SetDiscoveryFilter creates.
        await self.call(ADAPTER, "org.bluez.Adapter1", "SetDiscoveryFilter", "a{sv}", [{}])
        await self.call(ADAPTER, MOCK_IFACE, "AddMethods", "sa(ssss)", ["org.bluez.GattManager1", [
            ["RegisterApplication", "oa{sv}", "", ""], ["UnregisterApplication", "o", "", ""]]])
        await self.call(ADAPTER, MOCK_IFACE, "AddMethods", "sa(ssss)", ["org.bluez.LEAdvertisingManager1", [
            ["RegisterAdvertisement", "oa{sv}", "", ""], ["UnregisterAdvertisement", "o", "", ""]]])

    async def raw(self, dest: str, path: str, iface: str, member: str, signature: str = "",
                  body: list | None = None) -> list:
        assert self.bus is not None
        reply = await self.bus.call(Message(destination=dest, path=path, interface=iface, member=member,
                                            signature=signature, body=body or []))
        if reply.message_type == MessageType.ERROR:
            raise RuntimeError(f"{member}: {reply.error_name}: {reply.body}")
        return reply.body

    async def call(self, path: str, iface: str, member: str, signature: str = "", body: list | None = None) -> list:
        return await self.raw("org.bluez", path, iface, member, signature, body)

    async def calls(self, path: str = ADAPTER) -> list[tuple[str, list]]:
        """The methods called on ``path`` so far, with their arguments."""
        (calls,) = await self.call(path, MOCK_IFACE, "GetCalls")
        return [(name, list(args)) for _ts, name, args in calls]

    async def adapter_property(self, name: str):
        (value,) = await self.call(ADAPTER, "org.freedesktop.DBus.Properties", "Get", "ss",
                                   ["org.bluez.Adapter1", name])
        return value.value if isinstance(value, Variant) else value

    async def stop(self) -> None:
        if self.bus is not None:
            self.bus.disconnect()
            self.bus = None
        if self._mock is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._mock.pid, signal.SIGTERM)
            try:
                await asyncio.to_thread(self._mock.wait, 5)
            except subprocess.TimeoutExpired:
                os.killpg(self._mock.pid, signal.SIGKILL)
                await asyncio.to_thread(self._mock.wait)
