"""Fixtures that install fresh mock backends for each test and tear them down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.gpio import MockGpioBackend


@pytest.fixture
def gpio() -> Iterator[MockGpioBackend]:
    """A mock GPIO backend on the reference board (Pi 4), reset and closed after the test."""
    backend = MockGpioBackend()
    try:
        yield backend
    finally:
        backend.reset()
        backend.close()
