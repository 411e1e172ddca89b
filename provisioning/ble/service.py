"""Bluetooth LE provisioning: the reference agent's GATT service, advertised while it is needed.

BLE runs beside the Wi-Fi hotspot with the reference's rule: on unless disabled
(``disable_bt_provisioning``), while no connection attempt is in progress, and until the machine
is both configured and online. Starting can fail (no adapter, bluetoothd down); each failure
doubles a back-off from 5 s up to 20 min, after which it stops retrying and says to set
``disable_bt_provisioning`` on machines without Bluetooth.

What the phone writes goes to the same ``Provisioner`` staging the gRPC API and the portal use,
and ``exit_provisioning`` hands it over, so all three routes behave alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from dbus_fast import BusType, DBusError, Message, MessageType, Variant
from dbus_fast.aio import MessageBus

from provisioning.ble import gatt, protocol
from provisioning.credentials import DEFAULT_APP_ADDRESS, MachineCredentials
from provisioning.state import State

log = logging.getLogger(__name__)
BLUEZ = "org.bluez"
ADAPTER_PATH = "/org/bluez/hci0"
BACKOFF_INITIAL_S = 5.0
BACKOFF_CAP_S = 20 * 60.0
BLUEZ_CONFIG = Path("/etc/bluetooth/main.conf")
REQUIRED_GENERAL = (("ReverseServiceDiscovery", "false"), ("JustWorksRepairing", "always"))


class BleError(RuntimeError):
    """BLE provisioning could not start; the message says which step failed."""


def required_bluez_config(text: str) -> str:
    """``main.conf`` with the two [General] settings the reference needs for provisioning and pairing."""
    lines = text.split("\n")
    out: list[str] = []
    in_general, found = False, set()

    def missing_block() -> list[str]:
        todo = [f"{k} = {v}" for k, v in REQUIRED_GENERAL if k not in found]
        return ["", "# Viam Agent requirements for bluetooth provisioning", *todo, ""] if todo else []

    for line in lines:
        section = re.match(r"\s*\[(\w+)\]", line)
        if section and in_general:
            out.extend(missing_block())
            in_general = False
        if section and section.group(1) == "General":
            in_general = True
            out.append(line)
            continue
        if in_general:
            kv = re.match(r"\s*(\w+)\s*=\s*(\w+)", line)
            if kv:
                for key, wanted in REQUIRED_GENERAL:
                    if kv.group(1) == key:
                        found.add(key)
                        if kv.group(2) != wanted:
                            line = f"{key} = {wanted}"
        out.append(line)
    if in_general:
        out.extend(missing_block())
    return "\n".join(out)


class BleProvisioning:
    """One BLE provisioning session at a time on ``hci0``, driven by :meth:`run`."""

    def __init__(self, provisioner: Any, *, bus_address: str | None = None, config_path: Path = BLUEZ_CONFIG,
                 restart_bluetooth: Callable[[], Awaitable[None]] | None = None, tick_s: float = 1.0) -> None:
        self.prov = provisioner
        self._bus_address = bus_address
        self._config_path = config_path
        self._restart_bluetooth = restart_bluetooth or _systemctl_restart_bluetooth
        self._tick_s = tick_s
        self._bus: MessageBus | None = None
        self.running = False
        self.backoff_s = 0.0
        self.next_attempt = 0.0
        self.last_error = ""
        self.input = protocol.Input()
        self._chars: dict[str, gatt.Characteristic] = {}
        self._decryptor: protocol.Decryptor | None = None
        self._agent: gatt.PairingAgent | None = None
        self._exports: list[tuple[str, Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()

    # -- the reference's decision -------------------------------------------------------------------

    def should_run(self) -> bool:
        settings = self.prov.settings
        if getattr(settings, "disable_bt_provisioning", False):
            return False
        if self.prov.state is State.CONNECTING:
            return False
        return not (self.prov.is_provisioned() and self.prov.is_online)

    @property
    def exhausted(self) -> bool:
        return self.backoff_s >= BACKOFF_CAP_S

    def status(self) -> dict[str, Any]:
        return {"running": self.running, "backoff_s": self.backoff_s, "last_error": self.last_error or None,
                "service_uuid": protocol.SERVICE_UUID}

    async def run(self) -> None:
        try:
            while True:
                await self.reconcile()
                if self.running:
                    self.push()
                await asyncio.sleep(self._tick_s)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.stop(), 10)
            if self._bus is not None:
                self._bus.disconnect()
                self._bus = None

    async def reconcile(self) -> None:
        want = self.should_run()
        if want and not self.running and not self.exhausted and time.monotonic() >= self.next_attempt:
            started = time.monotonic()
            try:
                await self.start()
            except Exception as exc:  # noqa: BLE001 - any failure is retried with back-off
                await self._cleanup()
                self.last_error = str(exc)
                self.backoff_s = BACKOFF_INITIAL_S if not self.backoff_s else min(self.backoff_s * 2, BACKOFF_CAP_S)
                self.next_attempt = time.monotonic() + self.backoff_s
                log.warning("BLE start failed, next attempt in %.0f s: %s", self.backoff_s, exc)
                if self.exhausted:
                    log.warning("BLE startup keeps failing and retries are exhausted. If this device has no "
                                "bluetooth hardware, set disable_bt_provisioning to avoid these retries.")
                return
            self.backoff_s, self.next_attempt, self.last_error = 0.0, 0.0, ""
            self.push()
            log.info("BLE provisioning started in %.0f ms (service %s)", (time.monotonic() - started) * 1000,
                     protocol.SERVICE_UUID)
        elif not want and self.running:
            await self.stop()
            log.info("BLE provisioning stopped")

    # -- start / stop ------------------------------------------------------------------------------

    async def _connect(self) -> MessageBus:
        if self._bus is None or not self._bus.connected:
            self._bus = await MessageBus(bus_address=self._bus_address, bus_type=BusType.SYSTEM).connect()
        return self._bus

    async def _call(self, path: str, iface: str, member: str, signature: str = "", body: list | None = None) -> list:
        bus = await self._connect()
        reply = await bus.call(Message(destination=BLUEZ, path=path, interface=iface, member=member,
                                       signature=signature, body=body or []))
        if reply is None:
            return []
        if reply.message_type == MessageType.ERROR:
            raise BleError(f"{iface}.{member} on {path}: {reply.error_name}: {' '.join(map(str, reply.body))}")
        return reply.body

    async def _set(self, path: str, iface: str, prop: str, value: Variant) -> None:
        await self._call(path, "org.freedesktop.DBus.Properties", "Set", "ssv", [iface, prop, value])

    async def _ensure_bluez_config(self) -> None:
        try:
            text = self._config_path.read_text()
        except OSError as exc:
            raise BleError(f"reading {self._config_path}: {exc} (is bluez installed?)") from None
        wanted = required_bluez_config(text)
        if wanted != text:
            self._config_path.write_text(wanted)
            log.info("updated bluetooth configuration %s; restarting bluetooth", self._config_path)
            await self._restart_bluetooth()

    async def start(self) -> None:
        await self._ensure_bluez_config()
        try:
            await self._call(ADAPTER_PATH, "org.freedesktop.DBus.Properties", "Get", "ss",
                             ["org.bluez.Adapter1", "Address"])
        except BleError as exc:
            raise BleError(f"bluetooth adapter {ADAPTER_PATH} does not exist or cannot be read ({exc})") from None
        settings = self.prov.settings
        name = self.prov.hotspot_ssid
        self.input = protocol.Input()
        self._decryptor = protocol.Decryptor(settings.hotspot_password)
        service = gatt.Service(f"{gatt.APP_PATH}/service0", protocol.SERVICE_UUID)
        chars = []
        for index, key in enumerate(protocol.WRITE_ONLY + protocol.READ_ONLY):
            writable = key in protocol.WRITE_ONLY
            chars.append(gatt.Characteristic(f"{service.path}/char{index}", service.path, protocol.key_uuid(key),
                                             key, writable=writable, on_write=self._on_write if writable else None))
        self._chars = {c.key: c for c in chars}
        self._chars["pub_key"].set(self._decryptor.public_der())
        for key, value in (("manufacturer", settings.manufacturer), ("model", settings.model),
                           ("fragment_id", settings.fragment_id), ("agent_version", self.prov.agent_version)):
            self._chars[key].set(str(value or "").encode())
        self._agent = gatt.PairingAgent(self._trust_device)
        bus = await self._connect()
        self._export(bus, gatt.APP_PATH, gatt.Application(service, chars))
        self._export(bus, service.path, service)
        for char in chars:
            self._export(bus, char.path, char)
        self._export(bus, gatt.ADVERT_PATH, gatt.Advertisement(name, protocol.SERVICE_UUID))
        self._export(bus, gatt.AGENT_PATH, self._agent)
        await self._call(ADAPTER_PATH, "org.bluez.GattManager1", "RegisterApplication", "oa{sv}", [gatt.APP_PATH, {}])
        await self._call(ADAPTER_PATH, "org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", "oa{sv}",
                         [gatt.ADVERT_PATH, {}])
        await self._call(ADAPTER_PATH, "org.bluez.Adapter1", "StartDiscovery")
        await self._set(ADAPTER_PATH, "org.bluez.Adapter1", "Alias", Variant("s", name))
        await self._set(ADAPTER_PATH, "org.bluez.Adapter1", "Discoverable", Variant("b", True))
        timeout = int(settings.retry_connection_timeout_minutes * 2 * 60)
        await self._set(ADAPTER_PATH, "org.bluez.Adapter1", "DiscoverableTimeout", Variant("u", timeout))
        await self._call("/org/bluez", "org.bluez.AgentManager1", "RegisterAgent", "os",
                         [gatt.AGENT_PATH, "DisplayYesNo"])
        await self._call("/org/bluez", "org.bluez.AgentManager1", "RequestDefaultAgent", "o", [gatt.AGENT_PATH])
        self.running = True

    def _export(self, bus: MessageBus, path: str, interface: Any) -> None:
        bus.export(path, interface)
        self._exports.append((path, interface))

    async def stop(self) -> None:
        if not self.running and not self._exports:
            return
        steps = (
            (ADAPTER_PATH, "org.bluez.LEAdvertisingManager1", "UnregisterAdvertisement", "o", [gatt.ADVERT_PATH]),
            (ADAPTER_PATH, "org.bluez.GattManager1", "UnregisterApplication", "o", [gatt.APP_PATH]),
            (ADAPTER_PATH, "org.bluez.Adapter1", "StopDiscovery", "", []),
            ("/org/bluez", "org.bluez.AgentManager1", "UnregisterAgent", "o", [gatt.AGENT_PATH]),
        )
        for path, iface, member, signature, body in steps:  # each step on its own: one failure skips none
            try:
                await self._call(path, iface, member, signature, body)
            except Exception as exc:  # noqa: BLE001
                log.debug("BLE stop: %s failed: %s", member, exc)
        with contextlib.suppress(Exception):
            await self._set(ADAPTER_PATH, "org.bluez.Adapter1", "Discoverable", Variant("b", False))
        await self._cleanup()

    async def _cleanup(self) -> None:
        self.running = False
        if self._bus is not None:
            for path, interface in self._exports:
                with contextlib.suppress(Exception):
                    self._bus.unexport(path, interface)
        self._exports.clear()

    # -- values -----------------------------------------------------------------------------------

    def push(self) -> None:
        """Refresh the read-only values (status, networks, errors); a change notifies subscribers."""
        if not self._chars:
            return
        self._chars["status"].set(protocol.encode_status(self.prov.is_provisioned(), self.prov.is_online))
        self._chars["networks"].set(protocol.encode_networks(self.prov.networks()))
        self._chars["errors"].set(protocol.encode_errors(self.prov.pending_errors()))

    def _on_write(self, key: str, ciphertext: bytes) -> None:
        log.info("BLE write received: %s (%d bytes)", key, len(ciphertext))
        assert self._decryptor is not None
        try:
            value = self._decryptor.decrypt(ciphertext)
        except protocol.DecryptError as exc:
            log.error("could not decrypt incoming value for %s: %s", key, exc)
            return
        self.prov.touch()
        if key == "unlock_pairing":
            try:
                pairable = protocol.parse_bool(value)
            except ValueError as exc:
                log.warning("invalid value received for pairing trust: %s", exc)
                return
            if self._agent is not None:
                self._agent.pairable = pairable
            log.info("BLE pairing trust set to %s", pairable)
            return
        if key == "exit_provisioning":
            log.info("BLE exit-provisioning signaled, handing the credentials over")
            self._spawn(self._hand_over())
            return
        self.input.record(key, value)

    def _spawn(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _hand_over(self) -> None:
        data, self.input = self.input, protocol.Input()
        try:
            if data.ssid:
                await self.prov.set_network_credentials(data.ssid, data.psk)
            if data.part_id and (data.secret or data.api_key):
                await self.prov.set_machine_credentials(MachineCredentials(
                    id=data.part_id, secret=data.secret, app_address=data.app_address or DEFAULT_APP_ADDRESS,
                    api_key_id=(data.api_key or {}).get("id", ""), api_key=(data.api_key or {}).get("key", "")))
            await self.prov.exit_provisioning()
        except Exception as exc:  # noqa: BLE001 - reported to the phone through the errors value
            self.prov.record_error(f"bluetooth provisioning: {exc}")
            log.error("BLE hand-over failed: %s", exc)

    def _trust_device(self, device: str) -> None:
        self._spawn(self._set_trusted(device))

    async def _set_trusted(self, device: str) -> None:
        try:
            await self._set(device, "org.bluez.Device1", "Trusted", Variant("b", True))
        except (BleError, DBusError) as exc:
            log.error("setting trust for bluetooth device %s: %s", device, exc)


async def _systemctl_restart_bluetooth() -> None:
    proc = await asyncio.create_subprocess_exec("systemctl", "restart", "bluetooth",
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        raise BleError(f"restarting bluetooth: {out.decode(errors='replace').strip()}")
