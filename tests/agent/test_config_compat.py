"""Agent configs written for the reference viam-agent work here unchanged.

The documents below carry every key of the reference's example agent config
(``examples/agent-config.jsonc``) and of its config structs, with the reference's value forms
(tribools, minute numbers and Go durations, ``-1`` journald sizes, ``"all,-X"`` forwarding), in the
three places they arrive from: a viam-defaults.json (with comments), the ``agent`` section of
viam.json, and the app's DeviceAgentConfig answer.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import json_format

from provisioning.settings import NetworkingSettings
from tests.agent.helpers import AgentRoot, wait_for
from tests.agent.test_log_upload import fake_journal
from viam.agent.agent import server_env
from viam.agent.cloud import parse_response
from viam.agent.config import ConfigStore
from viam.agent.paths import AgentPaths
from viam.agent.supervisor import SupervisorSettings
from viam.agent.syscfg import JOURNALD_DROPIN, SyscfgSubsystem
from viam.gen.app.agent.v1 import agent_pb2

REFERENCE_AGENT_CONFIG: dict[str, Any] = {
    "advanced_settings": {
        "debug": False, "wait_for_update_check": False, "viam_server_start_timeout_minutes": 10,
        "disable_viam_server": False, "disable_network_configuration": False,
        "disable_system_configuration": False, "disable_log_deduplication": False,
        "viam_server_env": {"MODULE1_DEBUG": "1"},
    },
    "network_configuration": {
        "manufacturer": "viam", "model": "custom", "fragment_id": "", "hotspot_interface": "",
        "hotspot_prefix": "viam-setup", "hotspot_password": "viamsetup", "hotspot_ssid": "",
        "disable_captive_portal_redirect": False, "turn_on_hotspot_if_wifi_has_no_internet": False,
        "wifi_power_save": None, "offline_before_starting_hotspot_minutes": 2, "user_idle_minutes": 5,
        "retry_connection_timeout_minutes": 10, "device_reboot_after_offline_minutes": 0,
        "disable_bt_provisioning": False, "disable_wifi_provisioning": False, "bluetooth_trust_all": False,
    },
    "additional_networks": {
        "myNetwork1": {"type": "wifi", "interface": "", "ssid": "shop", "psk": "hunter2hunter2", "priority": 10,
                       "ipv4_address": "", "ipv4_gateway": "", "ipv4_dns": [], "ipv4_route_metric": 0},
    },
    "system_configuration": {
        "logging_journald_system_max_use_megabytes": 512, "logging_journald_runtime_max_use_megabytes": -1,
        "logging_journald_storage": "persistent", "os_auto_upgrade_type": "security",
        "os_managed_upgrade_interval_hours": 24, "forward_system_logs": "all,-NetworkManager",
    },
}

# A manufacturer's viam-defaults.json as the reference documents it: JSONC, comments and all,
# durations in both forms.
DEFAULTS_JSONC = """{
  // provisioning defaults shipped on the image
  "network_configuration": {
    "manufacturer": "Acme",            // shown by the mobile app and the portal
    "model": "Rover 2",
    "fragment_id": "11111111-2222-3333-4444-555555555555",
    "hotspot_prefix": "acme-setup",
    "hotspot_password": "acmesetup",
    "offline_before_starting_hotspot_minutes": "3m",
    "user_idle_minutes": 2.5,
    "retry_connection_timeout_minutes": "1h30m",
    "disable_captive_portal_redirect": false,
    "turn_on_hotspot_if_wifi_has_no_internet": true,
    "wifi_power_save": false,
  },
  /* a fallback network */
  "additional_networks": {
    "factory": {"type": "wifi", "ssid": "factory-floor", "psk": "line4line4", "priority": 5}
  },
  "system_configuration": {"logging_journald_storage": "volatile"},
}
"""


def effective(root: Path, *, defaults: str | None = None, agent_section: dict | None = None,
              cloud: dict | None = None) -> dict[str, Any]:
    paths = AgentPaths.under(root)
    paths.ensure()
    (root / "etc").mkdir(parents=True, exist_ok=True)
    if defaults is not None:
        paths.defaults_config.write_text(defaults)
    paths.machine_config.write_text(json.dumps({"agent": agent_section} if agent_section else {}))
    store = ConfigStore(paths)
    if cloud is not None:
        store.store_cloud(cloud)
    settings = store.effective()
    assert store.errors == []
    return settings


def cloud_answer(config: dict[str, Any]) -> dict[str, Any]:
    """The app's DeviceAgentConfig answer carrying ``config``, through the proto and back."""
    response = agent_pb2.DeviceAgentConfigResponse()
    json_format.ParseDict({key: value for key, value in config.items()}, response)
    wire = agent_pb2.DeviceAgentConfigResponse.FromString(response.SerializeToString())
    return parse_response(wire).settings


def check_reference_config(settings: dict[str, Any], root: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        networking, problems = NetworkingSettings.parse(settings)
        assert problems == []
        assert (networking.hotspot_prefix, networking.hotspot_password) == ("viam-setup", "viamsetup")
        assert networking.offline_before_starting_hotspot_minutes == 2
        assert networking.retry_connection_timeout_minutes == 10
        assert [n.ssid for n in networking.additional_networks] == ["shop"]
        assert server_env(settings) == {"MODULE1_DEBUG": "1"}
        assert SupervisorSettings.from_settings(settings).start_timeout_s == 600
        syscfg = SyscfgSubsystem(AgentPaths.under(root), lambda: settings)
        result = syscfg.apply()
        assert syscfg.last_error == ""
        assert result["journald"] == "written" and result["upgrades"] == "written"
        dropin = (root / JOURNALD_DROPIN.lstrip("/")).read_text()
        assert "SystemMaxUse=512M" in dropin and "RuntimeMaxUse" not in dropin and "Storage=persistent" in dropin
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_reference_config_as_the_agent_section_of_viam_json(tmp_path: Path, caplog) -> None:
    settings = effective(tmp_path, agent_section=REFERENCE_AGENT_CONFIG)
    check_reference_config(settings, tmp_path, caplog)


def test_reference_config_as_the_apps_device_agent_config(tmp_path: Path, caplog) -> None:
    settings = effective(tmp_path, cloud=cloud_answer(REFERENCE_AGENT_CONFIG))
    check_reference_config(settings, tmp_path, caplog)


def test_reference_config_as_viam_defaults(tmp_path: Path, caplog) -> None:
    settings = effective(tmp_path, defaults=json.dumps(REFERENCE_AGENT_CONFIG, indent=1))
    check_reference_config(settings, tmp_path, caplog)


def test_manufacturer_defaults_with_comments_and_go_durations(tmp_path: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        settings = effective(tmp_path, defaults=DEFAULTS_JSONC)
        networking, problems = NetworkingSettings.parse(settings)
    assert problems == []
    assert (networking.manufacturer, networking.model) == ("Acme", "Rover 2")
    assert networking.fragment_id == "11111111-2222-3333-4444-555555555555"
    assert networking.offline_before_starting_hotspot_minutes == 3
    assert networking.user_idle_minutes == 2.5
    assert networking.retry_connection_timeout_minutes == 90
    assert networking.roaming_mode is True and networking.wifi_power_save is False
    assert [(n.ssid, n.priority) for n in networking.additional_networks] == [("factory-floor", 5)]
    # The cloud's answer overrides the manufacturer's per key, never a whole section.
    settings = effective(tmp_path, defaults=DEFAULTS_JSONC,
                         cloud=cloud_answer({"network_configuration": {"hotspot_prefix": "fleet"}}))
    networking, _ = NetworkingSettings.parse(settings)
    assert (networking.hotspot_prefix, networking.manufacturer) == ("fleet", "Acme")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_bad_values_cost_only_their_key(tmp_path: Path) -> None:
    config = json.loads(json.dumps(REFERENCE_AGENT_CONFIG))
    config["network_configuration"]["hotspot_password"] = "short"
    config["network_configuration"]["user_idle_minutes"] = "soon"
    config["advanced_settings"]["viam_server_start_timeout_minutes"] = "10s"  # under the reference's 1m floor
    settings = effective(tmp_path, cloud=cloud_answer(config))
    networking, problems = NetworkingSettings.parse(settings)
    assert len(problems) == 2 and any("hotspot_password" in p for p in problems)
    assert any("user_idle_minutes" in p for p in problems)
    assert networking.hotspot_password == "viamsetup" and networking.user_idle_minutes == 5
    assert networking.retry_connection_timeout_minutes == 10  # the rest of the section is kept
    assert SupervisorSettings.from_settings(settings).start_timeout_s == 120  # ours, as no valid value came


def test_agent_runs_with_the_reference_config_unchanged(agent_root: AgentRoot) -> None:
    """End to end: the whole document in viam.json, syscfg on; the server runs and nothing is refused."""
    defaults = json.loads(agent_root.defaults_path.read_text().split("\n", 1)[1])
    agent_root.defaults_path.write_text("// fast timers for the test\n" + json.dumps(defaults))
    agent_root.write_config({"agent": REFERENCE_AGENT_CONFIG})
    agent_root.install("1.0.0")
    agent = agent_root.start("--enable-syscfg", env=fake_journal(agent_root))  # never the host's journal
    agent_root.wait_version("1.0.0", 30.0)
    wait_for(lambda: (agent_root.root / JOURNALD_DROPIN.lstrip("/")).exists(), 20.0, "journald drop-in")
    assert agent_root.stop(agent) == 0
    log = agent_root.log()
    assert "WARNING viam.agent.syscfg" not in log and "not a number" not in log
    assert "started system log forwarding (all,-NetworkManager)" in log
