"""Fixtures that install fresh mock backends for each test and tear them down."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.gpio import MockGpioBackend
from drivers.i2c import FakeI2CBus


@pytest.fixture
def gpio() -> Iterator[MockGpioBackend]:
    """A mock GPIO backend on the reference board (Pi 4), reset and closed after the test."""
    backend = MockGpioBackend()
    try:
        yield backend
    finally:
        backend.reset()
        backend.close()


@pytest.fixture
def i2c() -> Iterator[FakeI2CBus]:
    """An empty in-memory I2C bus named /dev/i2c-1."""
    bus = FakeI2CBus("/dev/i2c-1")
    try:
        yield bus
    finally:
        bus.close()
