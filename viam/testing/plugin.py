"""pytest fixtures: ``viam_server`` (a real server child process) and ``viam_sdk_python``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from viam.testing.process import ServerProcess
from viam.testing.sdk import ensure_sdk_venv


@pytest.fixture
def viam_server(tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    """Start viam-server children from config dicts; all are stopped at teardown."""
    started: list[ServerProcess] = []

    def start(config: Mapping[str, Any] | Path, **kwargs: Any) -> ServerProcess:
        name = kwargs.pop("name", f"viam-server-{len(started)}")
        wait_running = kwargs.pop("wait_running", True)
        server = ServerProcess(config, tmp_path, name=name, **kwargs)
        started.append(server)
        return server.start(wait_running=wait_running)

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def viam_sdk_python() -> Path:
    """The python of a cached venv holding the official viam-sdk (skips if it cannot be built)."""
    try:
        return ensure_sdk_venv()
    except Exception as exc:  # noqa: BLE001 - no network or no pip: say why and skip
        pytest.skip(f"cannot create the official viam-sdk venv: {exc}")
