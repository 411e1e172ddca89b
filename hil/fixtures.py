"""Fixtures of the HIL tests: the bench (driver level)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.bench import Bench
from hil.rig import Rig


@pytest.fixture
def bench(rig: Rig, tmp_path: Path) -> Iterator[Bench]:
    """The rig's hardware for one test, released afterwards."""
    b = Bench(rig, tmp_path)
    try:
        yield b
    finally:
        b.close()
