"""The rig's hardware at the driver level: real backends on a bench Pi, virtual wiring on the mock rig.

Tests ask the bench for a GPIO backend, the I2C bus, the ADC's SPI device, the loopback serial
port or the camera; they never branch on real vs mock. Everything opened is closed by `close()`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.gpio import GpioBackend, MockGpioBackend, open_gpio_backend
from drivers.i2c import I2CBus, SMBus2Bus
from drivers.spi import SpidevDevice, SPIDevice
from hil.mockrig import devices
from hil.mockrig.wiring import WiredPin, board_of, install
from hil.rig import Rig

log = logging.getLogger(__name__)


class Bench:
    """Hardware of one rig for one test; `close()` releases everything it opened."""

    def __init__(self, rig: Rig, workdir: Path) -> None:
        self.rig = rig
        self.workdir = workdir
        self._closers: list[Callable[[], Any]] = []

    def _keep(self, closer: Callable[[], Any]) -> None:
        self._closers.append(closer)

    def gpio(self) -> GpioBackend:
        """The GPIO backend; on the mock rig its pins are wired as the rig file says."""
        if self.rig.mock:
            from gpiozero.pins.mock import MockFactory

            factory = MockFactory(pin_class=WiredPin)
            wiring = install(factory, self.rig)
            backend: GpioBackend = MockGpioBackend(board_of(self.rig), factory=factory)
            self._keep(wiring.close)
        else:
            backend = open_gpio_backend(self.rig.pin_factory, allow_mock_fallback=False)
        self._keep(backend.close)
        return backend

    def i2c(self) -> I2CBus:
        """The rig's I2C bus."""
        bus = devices.make_i2c_bus(self.rig) if self.rig.mock else SMBus2Bus(self.rig.i2c_bus)
        self._keep(bus.close)
        return bus

    def spi_adc(self) -> SPIDevice:
        """The SPI device of the ADC holding the divider."""
        adc = self.rig.spi_adc
        assert adc is not None
        spi = devices.make_spi_adc(self.rig) if self.rig.mock else SpidevDevice(adc.bus, adc.chip_select)
        self._keep(spi.close)
        return spi

    def serial_port(self) -> str:
        """The device path of the port whose TX is wired to its RX."""
        loop = self.rig.serial_loopback
        assert loop is not None
        if self.rig.mock:
            pty = devices.PtyLoopback()
            self._keep(pty.close)
            return pty.port
        return loop.port

    def camera_path(self) -> str:
        """The camera's video path; the mock rig generates a video file of the configured size and rate."""
        camera = self.rig.camera
        assert camera is not None
        if self.rig.mock and camera.video_path == "generated":
            path = self.workdir / "hil-camera.avi"
            if not path.exists():
                devices.generate_video(path, camera.width, camera.height, camera.fps)
            return str(path)
        return camera.video_path

    def close(self) -> None:
        """Close everything opened, last first; errors are logged, not raised."""
        while self._closers:
            closer = self._closers.pop()
            with contextlib.suppress(Exception):
                closer()
