"""Small pieces of the module manager: socket paths, settings, exit descriptions, config conversion."""

from __future__ import annotations

import os

import pytest

from viam.config.loader import parse_config
from viam.module.process import MAX_SOCKET_PATH_BYTES, describe_exit, socket_path
from viam.module.runtime import config_from_proto
from viam.module.settings import ModuleSettings


def test_socket_path_short_names_are_kept(tmp_path):
    assert socket_path(tmp_path, "acme") == tmp_path / "acme.sock"


def test_socket_path_long_names_are_shortened_with_a_stable_hash(tmp_path):
    long_a, long_b = "a" * 200, "a" * 199 + "b"
    path_a, path_b = socket_path(tmp_path, long_a), socket_path(tmp_path, long_b)
    assert len(os.fsencode(path_a)) <= MAX_SOCKET_PATH_BYTES
    assert path_a != path_b, "names sharing a long prefix must not collide"
    assert path_a == socket_path(tmp_path, long_a)
    assert path_a.parent == tmp_path and path_a.name.endswith(".sock")


def test_socket_path_directory_too_long(tmp_path):
    with pytest.raises(ValueError, match="too long"):
        socket_path(tmp_path / ("d" * 120), "acme")


def test_settings_from_env_and_overrides(monkeypatch):
    monkeypatch.setenv("VIAM_MODULE_STARTUP_TIMEOUT", "2s")
    monkeypatch.setenv("VIAM_MODULE_STOP_GRACE", "0.5")
    settings = ModuleSettings.from_env(remove_budget_s=3)
    assert (settings.startup_timeout_s, settings.stop_grace_s, settings.remove_budget_s) == (2.0, 0.5, 3)
    monkeypatch.setenv("VIAM_MODULE_STARTUP_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="VIAM_MODULE_STARTUP_TIMEOUT"):
        ModuleSettings.from_env()


def test_restart_delay_backs_off_to_the_cap():
    settings = ModuleSettings()
    delays = [settings.restart_delay_s(n) for n in range(1, 10)]
    assert delays[0] == 0.1 and delays[1] == 0.2 and delays[2] == 0.4
    assert delays == sorted(delays) and max(delays) == 5.0
    assert settings.restart_delay_s(1000) == 5.0


def test_describe_exit():
    assert describe_exit(3) == "exited with code 3"
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(None) == "still running"


def test_component_config_round_trip():
    config = parse_config({"components": [{
        "name": "m1", "api": "rdk:component:motor", "model": "acme:test:motor", "depends_on": ["b"],
        "attributes": {"pins": {"a": "11"}, "max_rpm": 100}, "log_configuration": {"level": "debug"}},
        {"name": "b", "api": "rdk:component:board", "model": "fake"}]}, "c.json")
    original = config.components[0]
    proto = original.to_proto()
    assert proto.api == "rdk:component:motor"
    back = config_from_proto(proto)
    assert (back.name, back.api, back.model, back.depends_on, back.log_level) == (
        original.name, original.api, original.model, original.depends_on, "debug")
    assert back.attributes == {"pins": {"a": "11"}, "max_rpm": 100}
