"""Updates served over real HTTP: success, rollback, bad downloads, power cuts at each step."""

from __future__ import annotations

import json
import os

import pytest

from tests.agent.conftest import write_manifest
from tests.agent.helpers import AgentRoot, ArtifactHTTP, sha256, wait_for


def offer(root: AgentRoot, http: ArtifactHTTP, version: str, mode: str = "ok", sha: str | None = None) -> None:
    artifact = root.artifact(version, mode)
    write_manifest(root, version, http.url(artifact.name), sha or sha256(artifact))


def test_update_a_to_b(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    agent_root.start()
    agent_root.wait_version("1.0.0")
    offer(agent_root, http, "2.0.0")
    agent_root.wait_version("2.0.0")
    wait_for(lambda: agent_root.state().get("viam-server", {}).get("current") == "2.0.0", what="commit")
    entry = agent_root.state()["viam-server"]
    assert entry["previous"] == "1.0.0" and entry["pending"] is None and entry["bad"] == {}
    assert agent_root.linked() == "viam-server-2.0.0"
    wait_for(lambda: "update committed" in agent_root.log(), what="commit logged")


def test_crashing_b_rolls_back_to_a_and_is_remembered(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    agent = agent_root.start()
    agent_root.wait_version("1.0.0")
    offer(agent_root, http, "2.0.0", mode="crash")
    wait_for(lambda: "2.0.0" in agent_root.state().get("viam-server", {}).get("bad", {}), timeout_s=20,
             what="2.0.0 marked bad")
    agent_root.wait_version("1.0.0")
    assert agent_root.linked() == "viam-server-1.0.0"
    assert "crash loop" in agent_root.state()["viam-server"]["bad"]["2.0.0"]
    assert not (agent_root.bin / "viam-server-2.0.0").exists()
    # The crash count of 2.0.0 is not held against 1.0.0 (it would show as a crash loop and back off).
    def server_status() -> dict:
        try:
            return json.loads((agent_root.root / "opt/viam/tmp/agent-status.json").read_text())["subsystems"][
                "viam-server"]
        except (OSError, ValueError, KeyError):
            return {}
    wait_for(lambda: server_status().get("state") == "running" and server_status().get("quick_exits") == 0
             and server_status().get("version") == "1.0.0", what="crash count reset after the rollback")
    # Not retried, not even after the agent restarts.
    agent_root.stop(agent)
    agent_root.start()
    agent_root.wait_version("1.0.0")
    wait_for(lambda: "2.0.0 is marked bad" in agent_root.log(), what="the new agent to skip 2.0.0")
    assert len(http.requests) == 1, http.requests
    assert agent_root.all_logs().count("updating viam-server to 2.0.0") == 1


def test_b_never_healthy_rolls_back(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.defaults_path.write_text(agent_root.defaults_path.read_text().replace(
        '"start_timeout_s": 5', '"start_timeout_s": 1'))
    agent_root.install("1.0.0")
    agent_root.start()
    agent_root.wait_version("1.0.0")
    offer(agent_root, http, "2.0.0", mode="no-answer")
    wait_for(lambda: "2.0.0" in agent_root.state().get("viam-server", {}).get("bad", {}), timeout_s=25,
             what="2.0.0 marked bad")
    agent_root.wait_version("1.0.0")


def test_truncated_download_keeps_a_then_resumes(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    http.truncate_at = 200
    agent_root.start()
    pid = agent_root.wait_version("1.0.0")
    offer(agent_root, http, "2.0.0")
    wait_for(lambda: "will resume" in agent_root.log(), what="truncated download error")
    assert agent_root.answering() == ("1.0.0", pid)
    assert agent_root.linked() == "viam-server-1.0.0"
    part = agent_root.root / "opt" / "viam" / "cache" / "viam-server-2.0.0.part"
    assert part.exists() and part.stat().st_size == 200
    http.truncate_at = None
    agent_root.wait_version("2.0.0")
    assert ("/viam-server-2.0.0", "bytes=200-") in http.requests
    assert "resuming download" in agent_root.log()


def test_bad_checksum_keeps_a(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    agent_root.start()
    pid = agent_root.wait_version("1.0.0")
    offer(agent_root, http, "2.0.0", sha="0" * 64)
    wait_for(lambda: "does not match expected" in agent_root.log(), what="checksum error")
    assert agent_root.answering() == ("1.0.0", pid)
    assert not (agent_root.bin / "viam-server-2.0.0").exists()
    assert not list((agent_root.root / "opt" / "viam" / "cache").glob("viam-server-2.0.0*"))
    assert agent_root.state()["viam-server"]["bad"] == {}


def test_agent_killed_during_download_then_next_start_runs_good_version(
        agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    big = agent_root.artifact("2.0.0")
    big.write_text(big.read_text() + "#" + "x" * 300_000 + "\n")  # still a runnable script
    write_manifest(agent_root, "2.0.0", http.url(big.name), sha256(big))
    http.delay_per_chunk_s = 0.05
    agent = agent_root.start()
    agent_root.wait_version("1.0.0")
    part = agent_root.root / "opt" / "viam" / "cache" / "viam-server-2.0.0.part"
    wait_for(lambda: part.exists() and part.stat().st_size > 32 * 1024, what="download in progress")
    agent.kill()
    agent.wait(5)
    http.delay_per_chunk_s = 0.0
    agent_root.start()
    first = wait_for(agent_root.answering, what="a server answering after restart")
    assert first[0] in ("1.0.0", "2.0.0")
    agent_root.wait_version("2.0.0")
    assert any(rng and rng != "bytes=0-" for _, rng in http.requests), http.requests
    assert "resuming download" in agent_root.log()


@pytest.mark.parametrize("failpoint", ["after-begin-trial", "swap-before-rename", "swap-after-rename"])
@pytest.mark.parametrize("b_mode", ["ok", "crash"])
def test_agent_killed_during_link_swap(agent_root: AgentRoot, http: ArtifactHTTP, failpoint: str,
                                       b_mode: str) -> None:
    agent_root.install("1.0.0")
    offer(agent_root, http, "2.0.0", mode=b_mode)
    agent = agent_root.start(env={"VIAM_AGENT_FAILPOINTS": failpoint})
    assert agent.wait(20) == -9, agent_root.log()
    assert f"failpoint {failpoint}" in agent_root.log()
    link = agent_root.bin / "viam-server"
    assert os.path.islink(link)
    agent_root.start()
    first = wait_for(agent_root.answering, timeout_s=15, what="a server answering after the power cut")
    assert first[0] in ("1.0.0", "2.0.0")
    if b_mode == "ok":
        agent_root.wait_version("2.0.0")
        wait_for(lambda: agent_root.state()["viam-server"].get("current") == "2.0.0", what="commit")
    else:
        wait_for(lambda: "2.0.0" in agent_root.state()["viam-server"]["bad"], timeout_s=20, what="rollback")
        agent_root.wait_version("1.0.0")
    assert not list(agent_root.bin.glob(".viam-server*"))


def test_cache_cleanup_keeps_current_previous_target(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    agent_root.start()
    agent_root.wait_version("1.0.0")
    for version in ("2.0.0", "3.0.0"):
        offer(agent_root, http, version)
        agent_root.wait_version(version)
        wait_for(lambda v=version: agent_root.state()["viam-server"].get("current") == v, what="commit")
    cache_dir = agent_root.root / "opt" / "viam" / "cache"

    def kept() -> tuple[list[str], list[str]]:
        return (sorted(p.name for p in agent_root.bin.glob("viam-server-*")),
                sorted(p.name for p in cache_dir.glob("viam-server-*")))

    expected = (["viam-server-2.0.0", "viam-server-3.0.0"], ["viam-server-2.0.0", "viam-server-3.0.0"])
    wait_for(lambda: kept() == expected, what=f"cleanup to keep current and previous (have {kept()})")
