"""Config precedence: built-in < viam-defaults.json < viam.json agent section < cloud (cached)."""

from __future__ import annotations

import json
from pathlib import Path

from viam.agent import jsonc
from viam.agent.config import ConfigStore, load_machine_info
from viam.agent.paths import AgentPaths


def test_jsonc_comments_and_trailing_commas() -> None:
    text = '{\n // comment\n "a": "x // not a comment", /* block\n */ "b": [1, 2,],\n}'
    assert jsonc.loads(text) == {"a": "x // not a comment", "b": [1, 2]}


def test_precedence_and_cache(tmp_path: Path) -> None:
    paths = AgentPaths.under(tmp_path)
    paths.ensure()
    store = ConfigStore(paths)
    assert store.effective()["supervisor"]["backoff_max_s"] == 30.0  # built-in
    paths.defaults_config.parent.mkdir(parents=True, exist_ok=True)
    paths.defaults_config.write_text('// maker\n{"supervisor": {"backoff_max_s": 5, "stop_grace_s": 7},'
                                     ' "network_configuration": {"hotspot_prefix": "acme"}}')
    assert store.effective()["supervisor"]["backoff_max_s"] == 5
    paths.machine_config.write_text(json.dumps({"agent": {"supervisor": {"stop_grace_s": 8}}}))
    assert store.effective()["supervisor"]["stop_grace_s"] == 8
    assert store.store_cloud({"supervisor": {"backoff_max_s": 9}}) is True
    assert store.store_cloud({"supervisor": {"backoff_max_s": 9}}) is False
    merged = store.effective()
    assert merged["supervisor"] == {**merged["supervisor"], "backoff_max_s": 9, "stop_grace_s": 8}
    assert merged["network_configuration"] == {"hotspot_prefix": "acme"}
    # Offline boot: a new store reads the cached cloud part.
    offline = ConfigStore(paths)
    offline.load_cached_cloud()
    assert offline.effective()["supervisor"]["backoff_max_s"] == 9


def test_broken_files_never_leave_the_agent_without_config(tmp_path: Path) -> None:
    paths = AgentPaths.under(tmp_path)
    paths.ensure()
    paths.defaults_config.parent.mkdir(parents=True, exist_ok=True)
    paths.defaults_config.write_text('{"supervisor": {')
    paths.machine_config.write_text("not json")
    paths.cloud_cache.write_text("[1, 2]")
    store = ConfigStore(paths)
    store.load_cached_cloud()
    settings = store.effective()
    assert settings["supervisor"]["backoff_max_s"] == 30.0
    assert any("viam-defaults.json: invalid JSON at line 1" in e for e in store.errors)
    assert load_machine_info(paths.machine_config).bind_address == "localhost:8080"


def test_bind_address_from_machine_config(tmp_path: Path) -> None:
    path = tmp_path / "viam.json"
    path.write_text(json.dumps({"network": {"bind_address": "0.0.0.0:9090"}}))
    assert load_machine_info(path).host_port == ("127.0.0.1", 9090)
