"""Bluetooth LE provisioning against python-dbusmock's BlueZ on the private system bus.

The test plays bluetoothd (it reads the registered GATT application and forwards a phone's reads,
writes and pairing requests as D-Bus calls, as the daemon does) and the Viam mobile app (it reads
the public key, encrypts ``<hotspot password>:<value>`` with RSA-OAEP/SHA-256 and writes each key,
then ``exit_provisioning``), in the reference's order.
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from dbus_fast import Message, MessageType, Variant

from provisioning import nm as nmc
from provisioning.ble import protocol
from provisioning.ble.service import required_bluez_config
from provisioning.state import State

from .bluezmock import BluezMock
from .conftest import HOTSPOT_SSID, wait_state, wait_until
from .test_networking import GOOD_PSK, _world

APP = "/com/viam/provisioning"
MAIN_CONF = "[General]\n#Name = BlueZ\nJustWorksRepairing = never\n\n[Policy]\nAutoEnable=true\n"


@pytest.fixture
async def bluez(nm_mock, tmp_path):
    mock = BluezMock(nm_mock.address, tmp_path / "dbus")
    try:
        await mock.start()
        yield mock
    finally:
        await mock.stop()


class Phone:
    """The app's side, with bluetoothd's forwarding done as plain D-Bus calls on the agent's objects."""

    def __init__(self, bluez: BluezMock, owner: str) -> None:
        self.bluez, self.owner = bluez, owner
        self.paths: dict[str, str] = {}
        self.key = None

    async def call(self, path: str, iface: str, member: str, signature: str = "", body: list | None = None):
        reply = await self.bluez.bus.call(Message(destination=self.owner, path=path, interface=iface, member=member,
                                                  signature=signature, body=body or []))
        return reply

    async def discover(self) -> dict:
        reply = await self.call(APP, "org.freedesktop.DBus.ObjectManager", "GetManagedObjects")
        assert reply.message_type == MessageType.METHOD_RETURN, reply.body
        objects = reply.body[0]
        for path, ifaces in objects.items():
            char = ifaces.get("org.bluez.GattCharacteristic1")
            if char:
                self.paths[char["UUID"].value] = path
        return objects

    async def read(self, key: str) -> bytes:
        reply = await self.call(self.paths[protocol.key_uuid(key)], "org.bluez.GattCharacteristic1", "ReadValue",
                                "a{sv}", [{}])
        assert reply.message_type == MessageType.METHOD_RETURN, reply.body
        return bytes(reply.body[0])

    async def write(self, key: str, value: str, psk: str = "viamsetup") -> None:
        if self.key is None:
            self.key = serialization.load_der_public_key(await self.read("pub_key"))
        cipher = self.key.encrypt(f"{psk}:{value}".encode(), padding.OAEP(
            mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
        reply = await self.call(self.paths[protocol.key_uuid(key)], "org.bluez.GattCharacteristic1", "WriteValue",
                                "aya{sv}", [cipher, {}])
        assert reply.message_type == MessageType.METHOD_RETURN, reply.body


async def _started(harness, bluez, **overrides):
    (harness.root / "etc/bluetooth").mkdir(parents=True)
    (harness.root / "etc/bluetooth/main.conf").write_text(MAIN_CONF)
    restarts: list[int] = []

    async def restart() -> None:
        restarts.append(1)

    sub = await harness.start(restart_bluetooth=restart, **overrides)
    await wait_until(lambda: sub.ble.running, 20, f"BLE running ({sub.ble.status()})")
    return sub, restarts


def test_uuids_are_the_reference_ones():
    # Name-based UUIDs of the reference's namespace; the ssid one is pinned by the reference's own test.
    assert protocol.key_uuid("ssid") == "37a720ee-86e5-55a8-b876-d200fb7e4f72"
    assert protocol.SERVICE_UUID == protocol.key_uuid("viam-provisioning")
    assert len({protocol.key_uuid(k) for k in protocol.WRITE_ONLY + protocol.READ_ONLY}) == 16


def test_bluez_config_gets_the_two_general_settings():
    fixed = required_bluez_config(MAIN_CONF)
    general = fixed.split("[Policy]")[0]
    assert "JustWorksRepairing = always" in general and "ReverseServiceDiscovery = false" in general
    assert "JustWorksRepairing = never" not in fixed and "#Name = BlueZ" in fixed
    assert required_bluez_config(fixed) == fixed


def test_value_encodings_match_the_reference():
    from provisioning.networks import NetworkInfo

    nets = [NetworkInfo("Home", security="WPA2", signal=120), NetworkInfo("Open", security="", signal=-4)]
    assert protocol.encode_networks(nets) == bytes([0x80 | 100]) + b"Home\0" + bytes([0]) + b"Open\0"
    assert protocol.encode_status(True, False) == b"\x01" and protocol.encode_status(True, True) == b"\x03"
    assert protocol.encode_errors(["a", "bc"]) == b"a\0bc\0"
    assert len(protocol.encode_errors(["x" * 300, "y" * 300])) == 301  # whole entries only, 512 at most


async def test_phone_provisions_over_ble_in_the_apps_order(harness, nm_mock, bluez):
    await _world(nm_mock, online=False)
    sub, restarts = await _started(harness, bluez)
    await wait_state(sub, State.HOTSPOT)
    # bluetoothd's view: the application and advertisement were registered, the adapter is set up.
    names = [name for name, _ in await bluez.calls()]
    for method in ("RegisterApplication", "RegisterAdvertisement", "StartDiscovery"):
        assert method in names, names
    assert await bluez.adapter_property("Alias") == HOTSPOT_SSID
    assert await bluez.adapter_property("Discoverable") is True
    assert await bluez.adapter_property("DiscoverableTimeout") == 60 * 60 * 2
    assert restarts == [1] and "JustWorksRepairing = always" in (harness.root / "etc/bluetooth/main.conf").read_text()

    phone = Phone(bluez, sub.ble._bus.unique_name)
    objects = await phone.discover()
    service = objects[f"{APP}/service0"]["org.bluez.GattService1"]
    assert service["UUID"].value == protocol.SERVICE_UUID and service["Primary"].value is True
    assert len(phone.paths) == 16
    flags = {uuid: objects[path]["org.bluez.GattCharacteristic1"]["Flags"].value for uuid, path in phone.paths.items()}
    assert flags[protocol.key_uuid("ssid")] == ["write", "write-without-response"]
    assert flags[protocol.key_uuid("status")] == ["read", "notify"]
    # Device info and state, as the app reads them first.
    assert await phone.read("manufacturer") == b"viam" and await phone.read("agent_version") == b"9.9.9-test"
    assert await phone.read("status") == b"\x00"
    await wait_until(lambda: b"HomeNet\0" in sub.ble._chars["networks"].value, 10, "networks published")
    assert bytes([0x80 | 75]) + b"HomeNet\0" in await phone.read("networks")

    # A value without the hotspot password as prefix is dropped.
    await phone.write("ssid", "Neighbour", psk="wrong")
    assert sub.ble.input.ssid == ""
    await phone.write("ssid", "HomeNet")
    await phone.write("psk", GOOD_PSK)
    await phone.write("id", "part-ble")
    await phone.write("secret", "ble-sekrit")
    await phone.write("app_address", "https://app.example:443")
    assert harness.credential_calls == 0 and sub.provisioner.state is State.HOTSPOT
    await phone.write("exit_provisioning", "1")
    await wait_until(lambda: harness.credential_calls == 1, 10, "credentials handed over")
    viam_json = (harness.root / "etc/viam.json").read_text()
    assert '"id": "part-ble"' in viam_json and '"secret": "ble-sekrit"' in viam_json
    await wait_state(sub, State.ONLINE, 20)
    # Configured and online: BLE stops, as the reference's rule says.
    await wait_until(lambda: not sub.ble.running, 10, "BLE stopped once configured and online")
    names = [name for name, _ in await bluez.calls()]
    assert "UnregisterApplication" in names and "UnregisterAdvertisement" in names


async def test_pairing_is_rejected_until_unlocked(harness, nm_mock, bluez):
    await _world(nm_mock, online=False)
    sub, _ = await _started(harness, bluez)
    (device,) = await bluez.call("/org/bluez", "org.bluez.Mock", "AddDevice", "sss",
                                 ["hci0", "11:22:33:44:55:66", "Phone"])
    phone = Phone(bluez, sub.ble._bus.unique_name)
    await phone.discover()
    agent = "/com/viam/btagent"
    reply = await phone.call(agent, "org.bluez.Agent1", "RequestConfirmation", "ou", [device, 123456])
    assert reply.message_type == MessageType.ERROR and reply.error_name == "org.bluez.Error.Rejected"
    await phone.write("unlock_pairing", "true")
    reply = await phone.call(agent, "org.bluez.Agent1", "RequestConfirmation", "ou", [device, 123456])
    assert reply.message_type == MessageType.METHOD_RETURN, reply.body

    async def trusted() -> bool:
        (value,) = await bluez.call(device, "org.freedesktop.DBus.Properties", "Get", "ss",
                                    ["org.bluez.Device1", "Trusted"])
        return (value.value if isinstance(value, Variant) else value) is True

    for _ in range(100):
        if await trusted():
            break
        await wait_until(lambda: True, 0.05)
    assert await trusted()


async def test_disabled_bluetooth_never_registers(harness, nm_mock, bluez):
    await _world(nm_mock, online=False)
    (harness.root / "etc/bluetooth").mkdir(parents=True)
    (harness.root / "etc/bluetooth/main.conf").write_text(MAIN_CONF)
    sub = await harness.start(disable_bt_provisioning=True)
    await wait_state(sub, State.HOTSPOT)
    assert not sub.ble.running and not sub.ble.should_run()
    assert "RegisterApplication" not in [name for name, _ in await bluez.calls()]


async def test_bluetooth_only_provisioning_without_the_hotspot(harness, nm_mock, bluez):
    await _world(nm_mock, online=False)
    sub, _ = await _started(harness, bluez, disable_wifi_provisioning=True)
    await wait_until(lambda: sub.provisioner.state is State.HOTSPOT, 20, "provisioning mode")
    conns = await nm_mock.call(nmc.SETTINGS_PATH, nmc.SETTINGS_IFACE, "ListConnections")
    assert conns == [[]], "no hotspot profile with disable_wifi_provisioning"
    assert sub.api.port == 0 and sub.portal.port == 0 and sub.ble.running
    phone = Phone(bluez, sub.ble._bus.unique_name)
    await phone.discover()
    await phone.write("ssid", "HomeNet")
    await phone.write("psk", GOOD_PSK)
    await phone.write("id", "part-bt")
    await phone.write("secret", "bt-only")
    await phone.write("exit_provisioning", "1")
    await wait_state(sub, State.ONLINE, 20)
    assert '"id": "part-bt"' in (harness.root / "etc/viam.json").read_text()


async def test_no_adapter_backs_off_and_reports(harness, nm_mock):
    await _world(nm_mock, online=False)
    (harness.root / "etc/bluetooth").mkdir(parents=True)
    (harness.root / "etc/bluetooth/main.conf").write_text(required_bluez_config(MAIN_CONF))
    sub = await harness.start()
    await wait_until(lambda: sub.ble.backoff_s >= 5, 10, "a failed start backs off")
    assert not sub.ble.running and "does not exist" in sub.status()["bluetooth"]["last_error"]
