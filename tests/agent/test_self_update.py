"""viam-agent updates itself: it re-executes as the new version, which must run for ``trial_s``
before the link names it; a new agent that dies is rolled back by the old one systemd starts.

The new agent is our real agent packed as a zipapp (``bin/viam-agent-<v>``), so the exec, the
trial and the commit happen for real; systemd's restart after a crash is done by the test.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tests.agent.helpers import AgentRoot, ArtifactHTTP, sha256, wait_for
from viam.agent.artifact import build_zipapp


def offer_agent(root: AgentRoot, http: ArtifactHTTP, artifact: Path, version: str) -> None:
    manifest = {"viam-agent": {"version": version, "url": http.url(artifact.name), "sha256": sha256(artifact)}}
    (root.root / "etc" / "viam-update.json").write_text(json.dumps(manifest))


def install_first_agent(root: AgentRoot) -> None:
    first = root.root / "artifacts" / "viam-agent-1.0.0"
    build_zipapp(first, version="1.0.0", entry="viam.agent.cli:main", interpreter=sys.executable)
    root.cli("install", str(first), "--version", "1.0.0", "--name", "viam-agent", check=True)


def test_agent_restarts_into_the_new_version_and_commits_it(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    install_first_agent(agent_root)
    new = build_zipapp(agent_root.root / "artifacts" / "viam-agent-2.0.0", version="2.0.0",
                       entry="viam.agent.cli:main", interpreter=sys.executable)
    agent = agent_root.start()
    agent_root.wait_version("1.0.0")
    offer_agent(agent_root, http, new, "2.0.0")
    wait_for(lambda: agent_root.state().get("viam-agent", {}).get("current") == "2.0.0", 40.0,
             "viam-agent 2.0.0 committed")
    assert os.readlink(agent_root.bin / "viam-agent") == "viam-agent-2.0.0"
    assert agent.poll() is None, "the agent re-executed in place (same PID, still running)"
    # The state file names 2.0.0 a moment before the new agent logs the commit: wait for the line.
    wait_for(lambda: "viam-agent 2.0.0 ran" in agent_root.log(), 10.0, "the commit logged")
    assert "restarting into viam-agent 2.0.0" in agent_root.log()
    status = json.loads((agent_root.root / "opt" / "viam" / "tmp" / "agent-status.json").read_text())
    assert status["version"] == "2.0.0" and status["pid"] == agent.pid
    agent_root.wait_version("1.0.0")  # viam-server runs under the new agent
    assert agent_root.stop(agent) == 0


def test_a_new_agent_that_dies_is_rolled_back_and_not_retried(agent_root: AgentRoot, http: ArtifactHTTP) -> None:
    agent_root.install("1.0.0")
    install_first_agent(agent_root)
    broken = agent_root.root / "artifacts" / "viam-agent-2.0.0"
    broken.write_text("#!/bin/sh\necho 'broken agent' >&2\nexit 1\n")
    broken.chmod(0o755)
    agent = agent_root.start()
    agent_root.wait_version("1.0.0")
    offer_agent(agent_root, http, broken, "2.0.0")
    assert agent.wait(40) == 1, "the broken agent ran (in place of the old one) and failed"
    assert os.readlink(agent_root.bin / "viam-agent") == "viam-agent-1.0.0"  # never linked

    agent_root.start()  # what systemd does: Restart=always, through the link (the old version)
    wait_for(lambda: "2.0.0" in agent_root.state().get("viam-agent", {}).get("bad", {}), 20.0, "2.0.0 marked bad")
    assert "did not complete its trial" in agent_root.log()
    agent_root.wait_version("1.0.0", 30.0)
    wait_for(lambda: "viam-agent 2.0.0 is marked bad" in agent_root.log(), 20.0, "update not retried")
    assert agent_root.log().count("restarting into viam-agent") == 0
