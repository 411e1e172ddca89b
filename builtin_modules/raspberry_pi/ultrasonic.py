"""Sensor ``rdk:builtin:ultrasonic``: an HC-SR04 (or compatible) range finder on two board pins.

Attributes (the reference names): ``board`` (required), ``trigger_pin`` and
``echo_interrupt_pin`` (required; the echo may name a configured digital interrupt or a pin),
``timeout_ms`` (per edge, default 1000). As the reference: a reading pulses the trigger high for
10 µs, takes the echo interrupt's next two edges (sound sent, echo received) and reports
``distance`` in metres = edge interval x 343 m/s / 2; no edge within the timeout is an error
saying which. Edge times come from the pin factory's timestamps, so event-loop latency does not
enter the distance. The board must be a ``viam:raspberry-pi`` board in this module process.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any, ClassVar

from builtin_modules.common import local
from builtin_modules.common.attrs import Attrs, warn_unknown
from builtin_modules.raspberry_pi.board import PiBoard
from drivers.gpio.backend import Tick
from viam.components.sensor.api import Sensor
from viam.components.sensor.readings import Readings
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
SPEED_OF_SOUND_M_S = 343.0
TRIGGER_PULSE_S = 10e-6
ATTRIBUTES = ("board", "trigger_pin", "echo_interrupt_pin", "timeout_ms")


class ReadingTimeout(InvalidArgumentError):
    """No echo edge in time (a DEADLINE-like failure the caller can retry)."""


def parse(config: ResourceConfig) -> tuple[str, str, str, float, list[str]]:
    attrs = Attrs(config)
    board = attrs.str("board")
    trigger = attrs.str("trigger_pin")
    echo = attrs.str("echo_interrupt_pin")
    timeout_ms = attrs.int("timeout_ms", 0, minimum=0) or 1000
    return board, trigger, echo, timeout_ms / 1000.0, warn_unknown(attrs, ATTRIBUTES)


class Ultrasonic(Sensor):
    MODEL: ClassVar[Model] = Model("rdk", "builtin", "ultrasonic")

    def __init__(self, name: str, board: PiBoard, trigger: str, echo: Any, timeout_s: float) -> None:
        super().__init__(name)
        self.board, self.trigger_name, self.echo, self.timeout_s = board, trigger, echo, timeout_s
        self._lock = asyncio.Lock()
        self._holder = f"sensor {name!r}"
        self._closed = False

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [parse(config)[0]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Ultrasonic:
        board_name, trigger, echo_name, timeout_s, warnings = parse(config)
        for warning in warnings:
            LOG.warning("sensor %r: %s", config.name, warning)
        board = local.lookup("board", board_name, PiBoard)
        if board is None:
            raise InvalidArgumentError(f"sensor {config.name!r}: ultrasonic needs its board {board_name!r} to be a "
                                       "viam:raspberry-pi board in this module (echo edges need pin timestamps)")
        sensor = cls(config.name, board, trigger, None, timeout_s)
        board.claim_pin(trigger, sensor._holder)
        try:
            board.gpio(trigger).set(False)  # ready for the first pulse
            sensor.echo = board.interrupt(echo_name, user=sensor)
        except BaseException:
            board.release(sensor._holder)
            raise
        return sensor

    def _pulse(self) -> None:
        pin = self.board.gpio(self.trigger_name)
        pin.set(True)
        deadline = time.perf_counter() + TRIGGER_PULSE_S
        while time.perf_counter() < deadline:
            pass
        pin.set(False)

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Readings:
        async with self._lock:  # one ping at a time: echoes of two pings would mix
            loop = asyncio.get_running_loop()
            edges: asyncio.Queue[Tick] = asyncio.Queue()

            def on_edge(tick: Tick) -> None:  # on the pin factory's thread
                try:
                    loop.call_soon_threadsafe(edges.put_nowait, tick)
                except RuntimeError:
                    pass

            self.echo.watch.add_callback(on_edge)
            try:
                await asyncio.to_thread(self._pulse)
                ticks = []
                for what in ("sound pulse was emitted", "echo was received"):
                    try:
                        ticks.append(await asyncio.wait_for(edges.get(), self.timeout_s))
                    except TimeoutError:
                        raise ReadingTimeout(f"sensor {self.name!r}: timed out waiting for signal that "
                                             f"{what}") from None
            finally:
                self.echo.watch.remove_callback(on_edge)
        elapsed_s = (ticks[1].time_ns - ticks[0].time_ns) / 1e9
        return {"distance": elapsed_s * SPEED_OF_SOUND_M_S / 2.0}

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.echo is not None:
            self.board.release_interrupt(self.echo, self)
        self.board.release(self._holder)
