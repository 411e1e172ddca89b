from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agent.helpers import AgentRoot, ArtifactHTTP


@pytest.fixture
def agent_root(tmp_path: Path) -> Iterator[AgentRoot]:
    root = AgentRoot(tmp_path / "root")
    yield root
    leftovers = root.cleanup()
    assert not leftovers, f"processes left behind: {leftovers}"


@pytest.fixture
def http(tmp_path: Path) -> Iterator[ArtifactHTTP]:
    server = ArtifactHTTP(tmp_path / "root" / "artifacts")
    yield server
    server.close()


def write_manifest(root: AgentRoot, version: str, url: str, sha: str) -> None:
    manifest = {"viam-server": {"version": version, "url": url, "sha256": sha}}
    (root.root / "etc" / "viam-update.json").write_text(json.dumps(manifest))
