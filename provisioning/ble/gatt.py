"""The D-Bus objects BlueZ talks to: a GATT application, its advertisement and a pairing agent.

BlueZ (bluetoothd) owns the radio; a program offers a GATT service by exporting objects with the
``org.bluez.GattService1`` / ``GattCharacteristic1`` interfaces under one path with an
ObjectManager, and registering that path with ``GattManager1.RegisterApplication``. Phones' reads
and writes arrive as ``ReadValue`` / ``WriteValue`` calls from bluetoothd on those objects.
"""

# dbus-fast reads D-Bus signatures from the annotations, so they stay strings like "a{sv}".
# ruff: noqa: F821, F722, UP037, N802

import logging
from collections.abc import Callable
from typing import Any

from dbus_fast import DBusError, Variant
from dbus_fast.service import PropertyAccess, ServiceInterface, dbus_property, method

log = logging.getLogger(__name__)
APP_PATH = "/com/viam/provisioning"
ADVERT_PATH = "/com/viam/provisioning/advertisement"
AGENT_PATH = "/com/viam/btagent"
REJECTED = "org.bluez.Error.Rejected"


class Characteristic(ServiceInterface):
    """One provisioning key: read-only values are set by the agent, write-only ones call ``on_write``."""

    def __init__(self, path: str, service_path: str, uuid: str, name: str, *, writable: bool,
                 on_write: Callable[[str, bytes], None] | None = None) -> None:
        super().__init__("org.bluez.GattCharacteristic1")
        self.path, self.key = path, name  # not .name: ServiceInterface keeps the D-Bus interface there
        self._service, self._uuid = service_path, uuid
        self._flags = ["write", "write-without-response"] if writable else ["read", "notify"]
        self._value = b""
        self._on_write = on_write
        self.notifying = False

    def set(self, value: bytes) -> bool:
        """Set a read-only value; True when it changed (subscribers are notified)."""
        if value == self._value:
            return False
        self._value = bytes(value)
        if self.notifying:
            self.emit_properties_changed({"Value": self._value})
        return True

    @property
    def value(self) -> bytes:
        return self._value

    @method()
    def ReadValue(self, options: "a{sv}") -> "ay":
        if "read" not in self._flags:
            raise DBusError("org.bluez.Error.NotPermitted", f"{self.key} is write-only")
        offset = int(options.get("offset", Variant("q", 0)).value) if options else 0
        return self._value[offset:]

    @method()
    def WriteValue(self, value: "ay", options: "a{sv}") -> None:
        if self._on_write is None:
            raise DBusError("org.bluez.Error.NotPermitted", f"{self.key} is read-only")
        self._on_write(self.key, bytes(value))

    @method()
    def StartNotify(self) -> None:
        self.notifying = True

    @method()
    def StopNotify(self) -> None:
        self.notifying = False

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> "s":
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Service(self) -> "o":
        return self._service

    @dbus_property(access=PropertyAccess.READ)
    def Flags(self) -> "as":
        return self._flags

    @dbus_property(access=PropertyAccess.READ)
    def Value(self) -> "ay":
        return self._value

    def properties(self) -> dict[str, Variant]:
        return {"UUID": Variant("s", self._uuid), "Service": Variant("o", self._service),
                "Flags": Variant("as", self._flags), "Value": Variant("ay", self._value)}


class Service(ServiceInterface):
    def __init__(self, path: str, uuid: str) -> None:
        super().__init__("org.bluez.GattService1")
        self.path, self._uuid = path, uuid

    @dbus_property(access=PropertyAccess.READ)
    def UUID(self) -> "s":
        return self._uuid

    @dbus_property(access=PropertyAccess.READ)
    def Primary(self) -> "b":
        return True

    def properties(self) -> dict[str, Variant]:
        return {"UUID": Variant("s", self._uuid), "Primary": Variant("b", True)}


class Application(ServiceInterface):
    """The ObjectManager at APP_PATH that BlueZ reads the service and characteristics from."""

    def __init__(self, service: Service, characteristics: list[Characteristic]) -> None:
        super().__init__("org.freedesktop.DBus.ObjectManager")
        self.service, self.characteristics = service, characteristics

    @method()
    def GetManagedObjects(self) -> "a{oa{sa{sv}}}":
        objects: dict[str, dict[str, dict[str, Variant]]] = {
            self.service.path: {"org.bluez.GattService1": self.service.properties()}}
        for char in self.characteristics:
            objects[char.path] = {"org.bluez.GattCharacteristic1": char.properties()}
        return objects


class Advertisement(ServiceInterface):
    """What the machine advertises: its name (the hotspot SSID) and the provisioning service."""

    def __init__(self, local_name: str, service_uuid: str) -> None:
        super().__init__("org.bluez.LEAdvertisement1")
        self._name, self._uuid = local_name, service_uuid

    @method()
    def Release(self) -> None:
        log.info("BLE advertisement released by bluetoothd")

    @dbus_property(access=PropertyAccess.READ)
    def Type(self) -> "s":
        return "peripheral"

    @dbus_property(access=PropertyAccess.READ)
    def ServiceUUIDs(self) -> "as":
        return [self._uuid]

    @dbus_property(access=PropertyAccess.READ)
    def LocalName(self) -> "s":
        return self._name


class PairingAgent(ServiceInterface):
    """``org.bluez.Agent1`` (DisplayYesNo): pairing is accepted only once the app unlocked it.

    ``unlock_pairing`` (written over BLE, encrypted like the rest) sets ``pairable``; until then
    every request is rejected, as the reference's agent does for devices it was not told about.
    """

    def __init__(self, trust: Callable[[str], Any]) -> None:
        super().__init__("org.bluez.Agent1")
        self.pairable = False
        self._trust = trust

    def _check(self, device: str) -> None:
        if not self.pairable:
            log.error("Bluetooth pairing rejected for %s: pairing must be unlocked through provisioning first",
                      device)
            raise DBusError(REJECTED, "pairing not unlocked")
        log.info("Bluetooth pairing accepted for %s", device)
        self._trust(device)

    @method()
    def Release(self) -> None:
        pass

    @method()
    def Cancel(self) -> None:
        pass

    @method()
    def RequestConfirmation(self, device: "o", passkey: "u") -> None:
        self._check(device)

    @method()
    def RequestAuthorization(self, device: "o") -> None:
        self._check(device)

    @method()
    def AuthorizeService(self, device: "o", uuid: "s") -> None:
        self._check(device)

    @method()
    def RequestPinCode(self, device: "o") -> "s":
        raise DBusError(REJECTED, "PIN pairing is not offered")

    @method()
    def RequestPasskey(self, device: "o") -> "u":
        raise DBusError(REJECTED, "passkey pairing is not offered")

    @method()
    def DisplayPinCode(self, device: "o", pincode: "s") -> None:
        pass

    @method()
    def DisplayPasskey(self, device: "o", passkey: "u", entered: "q") -> None:
        pass
