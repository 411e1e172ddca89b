"""Pure parts of provisioning: profiles, settings, credentials, ports, drop-ins, state table."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import stat

import pytest

from provisioning import dropins, profiles
from provisioning.credentials import MachineCredentials, has_credentials, parse_pasted, write_credentials
from provisioning.errors import InvalidInputError
from provisioning.networks import visible_networks
from provisioning.nm import AccessPoint, to_dbus_settings
from provisioning.ports import listeners, port_conflicts
from provisioning.settings import NetworkingSettings
from provisioning.state import TRANSITIONS, InvalidTransition, State, StateMachine


def test_hotspot_ssid_is_at_most_32_bytes_and_never_splits_a_character():
    assert profiles.hotspot_ssid("viam-setup", "pi") == "viam-setup-pi"
    long = profiles.hotspot_ssid("viam-setup", "a-very-long-hostname-for-a-robot")
    assert long == "viam-setup-a-very-long-hostname-"
    assert len(long.encode()) == 32
    emoji = profiles.hotspot_ssid("viam-setup", "robot-" + "ü" * 20)
    assert len(emoji.encode()) <= 32
    emoji.encode().decode("utf-8")  # still valid UTF-8


@pytest.mark.parametrize(
    ("ssid", "psk", "message"),
    [
        ("", "password1", "network name"),
        ("x" * 33, "password1", "at most 32 bytes"),
        ("ok", "short", "8 to 63"),
        ("ok", "p" * 64, "8 to 63"),
        ("bad\nname", "password1", "control characters"),
    ],
)
def test_wifi_input_is_rejected_with_a_clear_message(ssid, psk, message):
    with pytest.raises(InvalidInputError, match=message):
        profiles.validate_wifi(ssid, psk)


def test_open_and_hex_psk_are_accepted():
    profiles.validate_wifi("Cafe", "")
    profiles.validate_wifi("Home", "a1" * 32)


def test_hotspot_profile_types_on_the_wire():
    wire = to_dbus_settings(profiles.hotspot_profile("viam-setup-x", "viamsetup", "wlan0"))
    assert wire["802-11-wireless"]["ssid"].signature == "ay"
    assert wire["802-11-wireless"]["powersave"].signature == "u"
    assert wire["ipv4"]["address-data"].signature == "aa{sv}"
    assert wire["ipv4"]["never-default"].signature == "b"
    assert wire["802-11-wireless-security"]["proto"].signature == "as"


def test_settings_defaults_and_errors():
    s = NetworkingSettings.from_defaults({})
    assert (s.hotspot_prefix, s.hotspot_password, s.portal_port, s.grpc_port) == ("viam-setup", "viamsetup", 80, 4772)
    assert (s.offline_before_starting_hotspot_minutes, s.user_idle_minutes) == (2, 5)
    assert (s.retry_connection_timeout_minutes, s.device_reboot_after_offline_minutes) == (10, 0)
    nested = NetworkingSettings.from_defaults(
        {
            "network_configuration": {"hotspot_prefix": "acme", "turn_on_hotspot_if_wifi_has_no_internet": True},
            "supervisor": {"bind_address": "ignored"},
        }
    )
    assert nested.hotspot_prefix == "acme" and nested.roaming_mode is True
    assert nested.bind_address == "10.42.0.1"


def problems_of(defaults):
    return NetworkingSettings.parse(defaults)


def test_a_bad_value_costs_only_its_key():
    """As the reference agent: the default for that key, a problem naming it, the rest applied."""
    s, problems = problems_of({"hotspot_password": "short", "hotspot_prefix": "acme"})
    assert s.hotspot_password == "viamsetup" and s.hotspot_prefix == "acme"
    assert len(problems) == 1 and "hotspot_password" in problems[0] and "8 to 63" in problems[0]
    s, problems = problems_of({"user_idle_minutes": "soon", "retry_connection_timeout_minutes": 3})
    assert s.user_idle_minutes == 5 and s.retry_connection_timeout_minutes == 3
    assert "user_idle_minutes" in problems[0]
    s, problems = problems_of({"additional_networks": {"lab": {"type": "wired", "ipv4_address": "1.2.3"},
                                                       "x": {"type": "lte"},
                                                       "ok": {"type": "wifi", "ssid": "shop"}}})
    assert [n.name for n in s.additional_networks] == ["ok"]
    assert any(p.startswith("additional_networks.lab.ipv4_address") for p in problems)
    assert any(p.startswith("additional_networks.x.type") for p in problems)


@pytest.mark.parametrize(("value", "minutes"), [("3m", 3), ("90s", 1.5), ("1h30m", 90), ("2.5m", 2.5), (4, 4),
                                                 ("0", 0)])
def test_timeouts_take_go_durations_or_minutes(value, minutes):
    s, problems = problems_of({"network_configuration": {"offline_before_starting_hotspot_minutes": value}})
    assert problems == [] and s.offline_before_starting_hotspot_minutes == pytest.approx(minutes)


def test_bad_durations_are_named():
    _, problems = problems_of({"user_idle_minutes": "3 minutes"})
    assert "user_idle_minutes" in problems[0] and "Go duration" in problems[0]
    _, problems = problems_of({"user_idle_minutes": -1})
    assert "user_idle_minutes" in problems[0]


def test_from_defaults_logs_each_problem(caplog):
    with caplog.at_level("WARNING", logger="provisioning.settings"):
        s = NetworkingSettings.from_defaults({"hotspot_password": "1234567"})
    assert s.hotspot_password == "viamsetup"
    assert "hotspot_password" in caplog.text


def test_pasted_credentials_and_atomic_write(tmp_path):
    creds = parse_pasted('{"cloud": {"id": "p1", "secret": "s", "app_address": "https://app.viam.com:443"}}')
    assert creds == MachineCredentials(id="p1", secret="s")
    keyed = parse_pasted('{"id": "p2", "api_key": {"id": "k", "key": "v"}}')
    assert keyed.to_json()["cloud"]["api_key"] == {"id": "k", "key": "v"}
    for text, message in [("[]", "JSON object"), ("{", "not valid JSON"), ('{"cloud": {"id": "p"}}', "secret")]:
        with pytest.raises(InvalidInputError, match=message):
            parse_pasted(text)
    assert not has_credentials(tmp_path)
    path = write_credentials(tmp_path, creds)
    assert json.loads(path.read_text())["cloud"]["id"] == "p1"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert has_credentials(tmp_path)
    assert [p.name for p in path.parent.iterdir()] == ["viam.json"]  # no temp files left


def test_state_table_rejects_undeclared_transitions():
    sm = StateMachine()
    assert sm.go(State.HOTSPOT, "unprovisioned") == 1
    with pytest.raises(InvalidTransition, match="hotspot -> offline"):
        sm.go(State.OFFLINE, "nope")
    gen = sm.go(State.CONNECTING, "credentials")
    assert sm.current(gen) and not sm.current(gen - 1)
    assert TRANSITIONS[State.STOPPED] == frozenset()


def test_networks_are_deduplicated_sorted_and_labelled():
    aps = [
        AccessPoint("/a", "Home", 40, 1, 0, 0x188),
        AccessPoint("/b", "Home", 70, 1, 0, 0x188),
        AccessPoint("/c", "Old", 50, 1, 0, 0),
        AccessPoint("/d", "Modern", 50, 1, 0, 0x400),
        AccessPoint("/e", "", 99, 0, 0, 0),
        AccessPoint("/f", "viam-setup-me", 99, 1, 0, 0x188),
    ]
    nets = visible_networks(aps, hide="viam-setup-me")
    assert [(n.ssid, n.signal, n.security) for n in nets] == [
        ("Home", 70, "WPA2"),
        ("Modern", 50, "WPA3"),
        ("Old", 50, "WEP"),
    ]


def test_port_listeners_are_found_in_proc_net():
    with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        tcp.bind(("0.0.0.0", 0))
        tcp.listen()
        port = tcp.getsockname()[1]
        assert [str(x) for x in listeners(port)] == [f"tcp 0.0.0.0:{port}"]
        udp.bind(("0.0.0.0", 0))
        uport = udp.getsockname()[1]
        assert [x.protocol for x in listeners(uport)] == ["udp"]
        assert port_conflicts({"DNS": uport})[0].startswith(f"port {uport} (DNS) is already in use")
    with socket.socket() as local:  # loopback-only listeners do not block the hotspot address
        local.bind(("127.0.0.1", 0))
        local.listen()
        assert listeners(local.getsockname()[1]) == []


@pytest.mark.parametrize("redirect_all", [True, False])
def test_dnsmasq_dropin_passes_dnsmasq_test(tmp_path, redirect_all):
    exe = shutil.which("dnsmasq") or next((p for p in ("/usr/sbin/dnsmasq",) if os.access(p, os.X_OK)), None)
    if exe is None:
        pytest.skip("needs dnsmasq (Debian package 'dnsmasq-base')")
    assert dropins.write_dnsmasq_dropin(tmp_path, redirect_all=redirect_all)
    assert not dropins.write_dnsmasq_dropin(tmp_path, redirect_all=redirect_all)  # idempotent
    path = tmp_path / dropins.DNSMASQ_DROPIN
    ok, output = dropins.check_dnsmasq_config(path, exe)
    assert ok, output
    assert ("address=/#/10.42.0.1" in path.read_text()) is redirect_all
    broken = tmp_path / "broken.conf"
    broken.write_text("address=/#/not-an-address\nnonsense-option=1\n")
    assert dropins.check_dnsmasq_config(broken, exe)[0] is False


def test_connectivity_dropin_only_when_the_system_has_none(tmp_path):
    assert dropins.write_connectivity_dropin(tmp_path, "http://check.example/")
    assert "uri=http://check.example/" in (tmp_path / dropins.CONNECTIVITY_DROPIN).read_text()
    own = tmp_path / "etc/NetworkManager/conf.d/20-connectivity-debian.conf"
    own.write_text("[connectivity]\nuri=http://deb.example/\n")
    assert dropins.write_connectivity_dropin(tmp_path, "http://check.example/")  # removes ours
    assert not (tmp_path / dropins.CONNECTIVITY_DROPIN).exists()


async def test_subsystem_without_networkmanager_stays_up_and_reports_why(tmp_path):
    from provisioning.subsystem import NetworkingSubsystem

    async def on_credentials() -> None:
        raise AssertionError("not called")

    sub = NetworkingSubsystem(
        tmp_path,
        {"network_configuration": {"poll_interval_seconds": 0.05, "bind_address": "127.0.0.1"}},
        on_credentials,
        bus_address=f"unix:path={tmp_path}/no-bus-here",
        hostname="pi",
    )
    assert sub.name == "networking"
    await sub.start()
    try:
        for _ in range(100):
            if sub.status()["errors"]:
                break
            await asyncio.sleep(0.02)
        assert "cannot connect to D-Bus" in sub.status()["errors"][0]
        assert sub.healthy()  # an NM outage must not withhold the agent's watchdog
        assert sub.status()["state"] == "starting"
    finally:
        await sub.stop()
    assert not sub.healthy()
