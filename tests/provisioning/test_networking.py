"""The networking subsystem against python-dbusmock's NetworkManager on a private system bus."""

from __future__ import annotations

import asyncio
import socket

import aiohttp
import grpc
import pytest

from provisioning import nm as nmc
from provisioning.dropins import CONNECTIVITY_DROPIN, DNSMASQ_DROPIN, POWERSAVE_DROPIN
from provisioning.manager import FORCE_FILE
from provisioning.nm import NetworkManagerClient
from provisioning.state import State
from viam.gen.provisioning.v1 import provisioning_pb2 as pb

from .conftest import HOTSPOT_SSID, grpc_stub, wait_state, wait_until, write_machine_credentials

WPA2 = 0x188
GOOD_PSK = "correct horse"


async def _connections(mock) -> dict[str, dict]:
    client = NetworkManagerClient(mock.address)
    try:
        return {c.id: c.settings for c in await client.connections()}
    finally:
        await client.close()


async def _active(mock) -> dict[str, nmc.ActiveConnection]:
    client = NetworkManagerClient(mock.address)
    try:
        return {a.id: a for a in await client.active_connections()}
    finally:
        await client.close()


async def _world(mock, *, online: bool) -> None:
    """One Wi-Fi radio, three networks in range (one twice), NM offline or online."""
    await mock.add_wifi()
    await mock.add_ap("ap1", "HomeNet", 60, WPA2)
    await mock.add_ap("ap2", "CafeOpen", 80, 0)
    await mock.add_ap("ap3", "HomeNet", 75, WPA2)
    await mock.add_ap("ap4", "Neighbour", 30, WPA2)
    await mock.script_networks({"HomeNet": GOOD_PSK, "CafeOpen": ""})
    await mock.set_online(online)


async def test_unprovisioned_boot_starts_hotspot_with_the_right_settings(harness, nm_mock):
    await _world(nm_mock, online=False)
    sub = await harness.start()
    await wait_state(sub, State.HOTSPOT)

    conns = await _connections(nm_mock)
    hotspot = conns["viam-hotspot"]
    assert bytes(hotspot["802-11-wireless"]["ssid"]).decode() == HOTSPOT_SSID
    assert hotspot["802-11-wireless"]["mode"] == "ap"
    assert hotspot["802-11-wireless-security"]["key-mgmt"] == "wpa-psk"
    assert hotspot["802-11-wireless-security"]["psk"] == "viamsetup"
    assert hotspot["ipv4"]["method"] == "shared"
    assert hotspot["ipv4"]["address-data"] == [{"address": "10.42.0.1", "prefix": 24}]
    assert hotspot["ipv4"]["never-default"] is True
    assert hotspot["connection"]["autoconnect"] is False

    active = await _active(nm_mock)
    assert active["viam-hotspot"].state == nmc.ACTIVE_ACTIVATED
    assert active["viam-hotspot"].devices == (nm_mock.wifi,)
    # Created with Settings.AddConnection, then activated (never AddAndActivateConnection).
    assert "AddAndActivateConnection" not in await nm_mock.calls()
    assert "ActivateConnection" in await nm_mock.calls()
    assert "AddConnection" in await nm_mock.calls(nmc.SETTINGS_PATH)

    dnsmasq = (harness.root / DNSMASQ_DROPIN).read_text()
    assert "address=/#/10.42.0.1" in dnsmasq
    assert "uri=" in (harness.root / CONNECTIVITY_DROPIN).read_text()
    assert not (harness.root / POWERSAVE_DROPIN).exists()  # not a Raspberry Pi
    assert sub.healthy()
    assert sub.status()["state"] == "hotspot"
    assert sub.portal.port and sub.api.port


async def test_network_list_and_status_over_grpc(harness, nm_mock):
    await _world(nm_mock, online=False)
    sub = await harness.start(manufacturer="Acme", model="rover", fragment_id="frag-1")
    await wait_state(sub, State.HOTSPOT)
    channel, stub = grpc_stub(sub)
    async with channel:
        nets = (await stub.GetNetworkList(pb.GetNetworkListRequest())).networks
        status = await stub.GetSmartMachineStatus(pb.GetSmartMachineStatusRequest())
    assert [(n.ssid, n.signal, n.security) for n in nets] == [
        ("CafeOpen", 80, "open"),
        ("HomeNet", 75, "WPA2"),  # strongest of its two access points
        ("Neighbour", 30, "WPA2"),
    ]
    assert all(n.type == "wifi" for n in nets)
    assert status.provisioning_info.manufacturer == "Acme"
    assert status.provisioning_info.model == "rover"
    assert status.provisioning_info.fragment_id == "frag-1"
    assert status.has_smart_machine_credentials is False
    assert status.is_online is False
    assert status.agent_version == "9.9.9-test"


async def test_credentials_via_grpc_join_the_network_and_drop_the_hotspot(harness, nm_mock):
    await _world(nm_mock, online=False)
    sub = await harness.start()
    await wait_state(sub, State.HOTSPOT)
    channel, stub = grpc_stub(sub)
    async with channel:
        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await stub.SetNetworkCredentials(pb.SetNetworkCredentialsRequest(type="wifi", ssid="HomeNet", psk="short"))
        assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "8 to 63" in bad.value.details()
        # The mobile app's order of calls: network, machine credentials, then ExitProvisioning.
        await stub.SetNetworkCredentials(pb.SetNetworkCredentialsRequest(type="wifi", ssid="HomeNet", psk=GOOD_PSK))
        cloud = pb.CloudConfig(id="part-42", secret="sekrit", app_address="https://app.example:443")
        await stub.SetSmartMachineCredentials(pb.SetSmartMachineCredentialsRequest(cloud=cloud))
        # Nothing is applied before ExitProvisioning: the phone keeps its network to ask questions.
        status = await stub.GetSmartMachineStatus(pb.GetSmartMachineStatusRequest())
        assert not status.has_smart_machine_credentials and status.agent_version
        assert sub.provisioner.state is State.HOTSPOT and harness.credential_calls == 0
        await stub.ExitProvisioning(pb.ExitProvisioningRequest())
        exited = asyncio.get_running_loop().time()
        # ...and the hotspot stays up a moment after it, so the answer reaches the phone.
        await stub.GetSmartMachineStatus(pb.GetSmartMachineStatusRequest())
        assert sub.provisioner.state is State.HOTSPOT
    assert harness.credential_calls == 1
    viam_json = (harness.root / "etc/viam.json").read_text()
    assert '"id": "part-42"' in viam_json and '"secret": "sekrit"' in viam_json
    assert (harness.root / "etc/viam.json").stat().st_mode & 0o777 == 0o600

    await wait_state(sub, State.ONLINE)
    assert asyncio.get_running_loop().time() - exited >= 2.9
    conns = await _connections(nm_mock)
    assert "viam-hotspot" not in conns
    home = conns["viam-wifi-HomeNet"]
    assert bytes(home["802-11-wireless"]["ssid"]) == b"HomeNet"
    assert home["802-11-wireless-security"]["psk"] == GOOD_PSK
    assert home["connection"]["autoconnect-priority"] == 999
    active = await _active(nm_mock)
    assert active["viam-wifi-HomeNet"].state == nmc.ACTIVE_ACTIVATED
    assert "viam-hotspot" not in active
    assert sub.status()["last_attempt"]["connected"] is True
    await wait_until(lambda: sub.api.port == 0 and sub.portal.port == 0, what="servers stopped once online")


async def test_credentials_via_portal_form_post(harness, nm_mock):
    await _world(nm_mock, online=False)
    sub = await harness.start()
    await wait_state(sub, State.HOTSPOT)
    base = f"http://127.0.0.1:{sub.portal.port}"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/generate_204") as resp:  # Android's probe gets the page
            assert resp.status == 200
            page = await resp.text()
        assert "HomeNet" in page and 'name="viamconfig"' in page and 'action="/save"' in page
        assert 'id="device">viam custom<' in page  # manufacturer and model, as the reference shows
        async with http.post(f"{base}/save", data={"password": GOOD_PSK}) as resp:
            assert resp.status == 400
            assert "no SSID provided" in await resp.text()
        async with http.post(f"{base}/save", data={"ssid": "HomeNet", "password": GOOD_PSK}) as resp:
            assert resp.status == 400
            assert "paste its viam.json" in await resp.text()
        async with http.post(
            f"{base}/save", data={"ssid": "HomeNet", "password": GOOD_PSK, "viamconfig": "{not json"}
        ) as resp:
            assert resp.status == 400
            assert "not valid JSON" in await resp.text()
        creds = ('{"cloud": {"id": "part-7", "secret": "abc", "app_address": "https://app.viam.com:443"},'
                 ' "components": [{"name": "m", "api": "rdk:component:motor", "model": "fake"}]}')
        form = {"ssid": "HomeNet", "password": GOOD_PSK, "viamconfig": creds}
        async with http.post(f"{base}/save", data=form) as resp:
            assert resp.status == 200
            assert "Connecting to HomeNet" in await resp.text()
    await wait_state(sub, State.ONLINE)
    assert harness.credential_calls == 1
    saved = (harness.root / "etc/viam.json").read_text()
    assert '"part-7"' in saved and '"components"' in saved, "the pasted config is kept whole"
    conns = await _connections(nm_mock)
    assert "viam-hotspot" not in conns
    assert conns["viam-wifi-HomeNet"]["802-11-wireless-security"]["psk"] == GOOD_PSK


async def test_failed_activation_brings_the_hotspot_back_with_the_error(harness, nm_mock):
    await _world(nm_mock, online=False)
    write_machine_credentials(harness.root)
    sub = await harness.start()
    await wait_state(sub, State.HOTSPOT)
    generation = sub.provisioner.sm.generation
    await sub.provisioner.set_network_credentials("HomeNet", "wrong password")
    await sub.provisioner.exit_provisioning()
    await wait_until(
        lambda: (
            sub.provisioner.state is State.HOTSPOT
            and sub.provisioner.sm.generation > generation + 1
            and sub.status()["hotspot_active"]
        ),
        what="hotspot back after the failed attempt",
    )
    error = sub.status()["last_attempt"]["last_error"]
    assert "HomeNet" in error and "wrong password" in error
    conns = await _connections(nm_mock)
    assert "viam-hotspot" in conns
    assert "viam-wifi-HomeNet" not in conns  # a wrong password is not kept for NM to retry
    assert (await _active(nm_mock))["viam-hotspot"].state == nmc.ACTIVE_ACTIVATED
    channel, stub = grpc_stub(sub)
    async with channel:
        status = await stub.GetSmartMachineStatus(pb.GetSmartMachineStatusRequest())
        again = await stub.GetSmartMachineStatus(pb.GetSmartMachineStatusRequest())
    assert status.latest_connection_attempt.ssid == "HomeNet"
    assert "wrong password" in status.latest_connection_attempt.last_error
    assert not status.latest_connection_attempt.connected
    assert any("HomeNet" in e for e in status.errors)
    assert [e for e in again.errors if "HomeNet" not in e] == [], "other errors are shown once"


async def test_offline_timer_starts_the_hotspot(harness, nm_mock):
    await _world(nm_mock, online=True)
    write_machine_credentials(harness.root)
    sub = await harness.start(offline_before_starting_hotspot_minutes=0.02)  # 1.2 s
    await wait_state(sub, State.ONLINE)
    assert "viam-hotspot" not in await _connections(nm_mock)
    await nm_mock.set_online(False)
    await wait_state(sub, State.OFFLINE)
    offline_at = sub.provisioner.sm.since
    await wait_state(sub, State.HOTSPOT)
    assert sub.provisioner.sm.since - offline_at >= 1.2
    assert "viam-hotspot" in await _connections(nm_mock)


async def test_forced_mode_and_exit_provisioning(harness, nm_mock):
    await _world(nm_mock, online=True)
    write_machine_credentials(harness.root)
    sub = await harness.start()
    await wait_state(sub, State.ONLINE)
    force = harness.root / FORCE_FILE
    force.parent.mkdir(parents=True)
    force.touch()
    await wait_state(sub, State.HOTSPOT)
    assert not force.exists(), "the force file is consumed, so a reboot cannot loop on it"
    assert "forced" in sub.status()["progress"]
    assert "viam-hotspot" in await _connections(nm_mock)
    channel, stub = grpc_stub(sub)
    async with channel:
        await stub.ExitProvisioning(pb.ExitProvisioningRequest())
    await wait_state(sub, State.ONLINE)
    assert not force.exists()
    assert "viam-hotspot" not in await _connections(nm_mock)


async def test_retry_timer_waits_for_an_idle_user_then_rejoins_a_saved_network(harness, nm_mock):
    await _world(nm_mock, online=False)
    write_machine_credentials(harness.root)
    sub = await harness.start(
        retry_connection_timeout_minutes=0.01,  # 0.6 s
        user_idle_minutes=0.02,  # 1.2 s
        additional_networks={"home": {"type": "wifi", "ssid": "HomeNet", "psk": GOOD_PSK, "priority": 5}},
    )
    await wait_state(sub, State.HOTSPOT)
    for _ in range(30):  # a user on the portal for 1.5 s keeps the hotspot up past the retry timeout
        sub.provisioner.touch()
        assert sub.provisioner.state is State.HOTSPOT
        await asyncio.sleep(0.05)
    await wait_state(sub, State.ONLINE)
    assert (await _active(nm_mock))["viam-home"].state == nmc.ACTIVE_ACTIVATED


async def test_additional_networks_are_saved_with_priorities_and_static_ipv4(harness, nm_mock):
    await _world(nm_mock, online=True)
    await nm_mock.mock("AddEthernetDevice", "ssi", ["eth0", "eth0", 30])
    write_machine_credentials(harness.root)
    networks = {
        "factory": {"type": "wifi", "ssid": "Factory", "psk": "factorypass", "priority": 50},
        "lab": {
            "type": "wired",
            "interface": "eth0",
            "priority": 10,
            "ipv4_address": "192.168.7.20/24",
            "ipv4_gateway": "192.168.7.1",
            "ipv4_dns": ["192.168.7.1", "9.9.9.9"],
            "ipv4_route_metric": 300,
        },
    }
    sub = await harness.start(additional_networks=networks)
    await wait_state(sub, State.ONLINE)
    conns = await _connections(nm_mock)
    assert conns["viam-factory"]["connection"]["autoconnect-priority"] == 50
    assert bytes(conns["viam-factory"]["802-11-wireless"]["ssid"]) == b"Factory"
    lab = conns["viam-lab"]
    assert lab["connection"]["type"] == "802-3-ethernet"
    assert lab["connection"]["interface-name"] == "eth0"
    assert lab["connection"]["autoconnect-priority"] == 10
    assert lab["ipv4"]["method"] == "manual"
    assert lab["ipv4"]["address-data"] == [{"address": "192.168.7.20", "prefix": 24}]
    assert lab["ipv4"]["gateway"] == "192.168.7.1"
    assert lab["ipv4"]["dns"] == [int.from_bytes(socket.inet_aton(a), "little") for a in ("192.168.7.1", "9.9.9.9")]
    assert lab["ipv4"]["route-metric"] == 300
    # A restart with the same settings leaves the saved profiles alone (no duplicates, no churn).
    await sub.stop()
    before = (await nm_mock.calls(nmc.SETTINGS_PATH)).count("AddConnection")
    sub2 = await harness.start(additional_networks=networks)
    await wait_state(sub2, State.ONLINE)
    assert (await nm_mock.calls(nmc.SETTINGS_PATH)).count("AddConnection") == before == 2
    assert sorted(await _connections(nm_mock)) == ["viam-factory", "viam-lab"]


async def test_roaming_mode_decides_whether_a_connected_network_without_internet_is_online(harness, nm_mock):
    await _world(nm_mock, online=False)
    write_machine_credentials(harness.root)
    networks = {"home": {"type": "wifi", "ssid": "HomeNet", "psk": "not the password"}}
    sub = await harness.start(additional_networks=networks, offline_before_starting_hotspot_minutes=10)
    await wait_state(sub, State.OFFLINE)
    # Connected to a configured network with connectivity "limited": online unless roaming.
    client = NetworkManagerClient(nm_mock.address)
    conn = next(c for c in await client.connections() if c.id == "viam-home")
    await nm_mock.mock(
        "AddMethod",
        "sssss",
        [nmc.NM_IFACE, "ActivateConnection", "ooo", "o", "ret = self.activate_connection(self, *args)"],
    )
    await client.activate(conn.path, nm_mock.wifi)
    await client.close()
    await nm_mock.mock("SetConnectivity", "u", [3])
    await wait_state(sub, State.ONLINE)
    await sub.stop()
    roaming = await harness.start(
        additional_networks=networks, roaming_mode=True, offline_before_starting_hotspot_minutes=10
    )
    await wait_state(roaming, State.OFFLINE)


async def test_raspberry_pi_turns_wifi_power_save_off(harness, nm_mock):
    await _world(nm_mock, online=False)
    model = harness.root / "proc/device-tree/model"
    model.parent.mkdir(parents=True)
    model.write_bytes(b"Raspberry Pi 4 Model B Rev 1.5\x00")
    write_machine_credentials(harness.root)
    sub = await harness.start()
    await wait_state(sub, State.HOTSPOT)
    assert "wifi.powersave=2" in (harness.root / POWERSAVE_DROPIN).read_text()
    await sub.provisioner.set_network_credentials("HomeNet", GOOD_PSK)
    await sub.provisioner.exit_provisioning()
    await wait_state(sub, State.ONLINE)
    assert (await _connections(nm_mock))["viam-wifi-HomeNet"]["802-11-wireless"]["powersave"] == 2
    assert "Reload" in await nm_mock.calls()


async def test_reboot_after_long_offline(harness, nm_mock):
    await _world(nm_mock, online=False)
    write_machine_credentials(harness.root)
    sub = await harness.start(device_reboot_after_offline_minutes=0.01, offline_before_starting_hotspot_minutes=10)
    await wait_until(lambda: harness.reboots == 1, what="reboot hook")
    assert sub.provisioner.state is State.OFFLINE


async def test_taken_ports_are_reported_before_the_hotspot_starts(harness, nm_mock):
    await _world(nm_mock, online=False)
    with socket.socket() as squatter:
        squatter.bind(("0.0.0.0", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        sub = await harness.start(dns_port=port)
        await wait_state(sub, State.HOTSPOT)
        errors = sub.status()["errors"]
    assert any(f"port {port} (DNS for the captive portal) is already in use" in e for e in errors), errors


async def test_portal_refreshes_the_list_and_joins_a_hidden_network(harness, nm_mock):
    await _world(nm_mock, online=False)
    write_machine_credentials(harness.root)
    sub = await harness.start()
    await wait_state(sub, State.HOTSPOT)
    base = f"http://127.0.0.1:{sub.portal.port}"
    await nm_mock.add_ap("ap9", "NewArrival", 99, WPA2)
    async with aiohttp.ClientSession() as http:

        async def listed() -> bool:
            async with http.get(f"{base}/networks.json") as resp:
                return any(n["ssid"] == "NewArrival" for n in await resp.json())

        await wait_until(listed, what="a newly seen network in /networks.json")
        async with http.get(f"{base}/") as resp:
            page = await resp.text()
        assert 'name="credentials"' not in page  # the machine already has credentials
        form = {"other_ssid": "HomeNet", "hidden": "1", "password": GOOD_PSK}
        async with http.post(f"{base}/connect", data=form) as resp:
            assert resp.status == 200
    await wait_state(sub, State.ONLINE)
    home = (await _connections(nm_mock))["viam-wifi-HomeNet"]
    assert home["802-11-wireless"]["hidden"] is True


async def test_no_wifi_device_is_reported_and_the_agent_stays_healthy(harness, nm_mock):
    await nm_mock.set_online(False)
    sub = await harness.start()
    await wait_until(lambda: any("no Wi-Fi device" in e for e in sub.status()["errors"]), what="the error")
    assert sub.provisioner.state is State.HOTSPOT
    assert sub.status()["hotspot_active"] is False
    await wait_until(lambda: sub.api.port, what="the API still serving (reachable over Ethernet)")
    assert sub.healthy()


async def test_a_local_config_counts_as_provisioned(harness, nm_mock):
    """A viam.json with components but no cloud section: join the network, no hotspot until offline."""
    await _world(nm_mock, online=True)
    (harness.root / "etc").mkdir(parents=True, exist_ok=True)
    (harness.root / "etc/viam.json").write_text(
        '{"components": [{"name": "m", "api": "rdk:component:motor", "model": "fake"}]}')
    sub = await harness.start(offline_before_starting_hotspot_minutes=0.02)
    await wait_state(sub, State.ONLINE)
    assert "viam-hotspot" not in await _connections(nm_mock)
    await nm_mock.set_online(False)
    await wait_state(sub, State.HOTSPOT)  # offline past the timer: the hotspot, as for a cloud machine


async def test_forced_provisioning_expires(harness, nm_mock):
    """As the reference: a forced period lasts retry_connection_timeout_minutes, then normal rules apply."""
    await _world(nm_mock, online=True)
    write_machine_credentials(harness.root)
    sub = await harness.start(retry_connection_timeout_minutes=0.03)  # 1.8 s
    await wait_state(sub, State.ONLINE)
    force = harness.root / FORCE_FILE
    force.parent.mkdir(parents=True)
    force.touch()
    await wait_state(sub, State.HOTSPOT)
    entered = sub.provisioner.sm.since
    await wait_state(sub, State.ONLINE)  # nobody used the portal: back online once the period ends
    assert sub.provisioner.sm.since - entered >= 1.8
    assert "viam-hotspot" not in await _connections(nm_mock)
