"""Encoders ``rdk:builtin:incremental`` (quadrature, pins a/b) and ``rdk:builtin:single`` (pin i).

Both count edges seen by the board's pin factory in this process (``board.watch_pin``): the edge
callbacks run on the factory's thread and only update counters, so no edge waits for the event
loop. Positions are in ticks: every valid quadrature transition is one tick (x4 decoding: four
ticks per slot), and for ``single`` every rising edge of ``i`` is one tick, signed by the
direction of the motor that owns the encoder (a single channel cannot tell direction itself).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from builtin_modules.common import local
from builtin_modules.common.attrs import Attrs
from builtin_modules.common.errors import BoardNotLocal
from builtin_modules.raspberry_pi.board import PiBoard
from builtin_modules.raspberry_pi.board_config import PULLS, check_pin
from drivers.gpio import EdgeWatch, Tick
from viam.components.encoder.api import Encoder, EncoderProperties, PositionType
from viam.config.model import ResourceConfig
from viam.errors import DependencyNotReadyError, NotSupportedError
from viam.resource.base import Extra
from viam.resource.names import API, Model, ResourceName
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
BOARD_API = API.component("board")
# (previous a, previous b, new a, new b) -> step; anything else (both changed) is a missed edge.
_QUADRATURE_STEP = {
    (0, 0, 1, 0): 1, (1, 0, 1, 1): 1, (1, 1, 0, 1): 1, (0, 1, 0, 0): 1,
    (1, 0, 0, 0): -1, (1, 1, 1, 0): -1, (0, 1, 1, 1): -1, (0, 0, 0, 1): -1,
}  # fmt: skip


def _local_board(config: ResourceConfig, board_name: str, dependencies: Dependencies) -> PiBoard:
    board = local.lookup("board", board_name, PiBoard)
    if board is None:
        if ResourceName(BOARD_API, board_name) not in dependencies and not any(
                n.name == board_name for n in dependencies):
            raise DependencyNotReadyError(f"{config.api.resource_subtype} {config.name!r}: board "
                                          f"{board_name!r} is not available")
        raise BoardNotLocal(
            f"{config.api.resource_subtype} {config.name!r} needs its board {board_name!r} in the same module "
            "process (a viam:raspberry-pi board): edges are counted where the pins are")
    return board


class _EncoderBase(Encoder):
    def __init__(self, name: str, board: PiBoard) -> None:
        super().__init__(name)
        self.board = board
        self.holder = f"encoder {name!r}"
        self._lock = threading.Lock()
        self._position = 0
        self._watches: list[EdgeWatch] = []
        self._targets: list[tuple[float, int, Callable[[], None]]] = []
        self._closed = False

    @property
    def ticks(self) -> int:
        return self._position

    def watch_target(self, target: float, direction: int, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` (on the edge thread) once the position reaches ``target`` moving in
        ``direction``; returns a function that cancels the watch."""
        entry = (target, direction, callback)
        with self._lock:
            self._targets.append(entry)

        def cancel() -> None:
            with self._lock:
                if entry in self._targets:
                    self._targets.remove(entry)

        return cancel

    def _moved(self) -> None:
        """After a position change (lock held): fire the target watches that were reached."""
        for entry in list(self._targets):
            target, direction, callback = entry
            if (target - self._position) * direction <= 0:
                self._targets.remove(entry)
                try:
                    callback()
                except Exception:
                    LOG.exception("encoder %r: target callback failed", self.name)

    async def reset_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        with self._lock:
            self._position = 0

    async def get_position(self, position_type: PositionType.ValueType | None = None, *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> tuple[float, PositionType.ValueType]:
        if position_type == PositionType.POSITION_TYPE_ANGLE_DEGREES:
            raise NotSupportedError(f"encoder {self.name!r} counts ticks; it has no absolute angle")
        return float(self._position), PositionType.POSITION_TYPE_TICKS_COUNT

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> EncoderProperties:
        return EncoderProperties(ticks_count_supported=True, angle_degrees_supported=False)

    async def get_status(self) -> dict[str, Any]:
        return {"ticks": self._position, "ignored_edges": sum(w.ignored for w in self._watches)}

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        local.unregister("encoder", self)
        self.board.release(self.holder)


class IncrementalEncoder(_EncoderBase):
    """Quadrature decoding of channels a and b."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "incremental")

    def __init__(self, name: str, board: PiBoard, pin_a: str, pin_b: str, pull: str | None) -> None:
        super().__init__(name, board)
        try:
            watch_a = board.watch_pin(pin_a, self.holder, pull=pull)
            watch_b = board.watch_pin(pin_b, self.holder, pull=pull)
        except BaseException:
            board.release(self.holder)
            raise
        self._watches = [watch_a, watch_b]
        self._gpio_a = watch_a.pin.spec.gpio
        self._state = [int(watch_a.value()), int(watch_b.value())]
        self.missed = 0
        watch_a.add_callback(self._on_edge)
        watch_b.add_callback(self._on_edge)

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, str, str | None]:
        attrs = Attrs(config)
        board = attrs.str("board")
        pins = attrs.mapping("pins", required=True)
        seen: dict[int, str] = {}
        return board, check_pin(pins, "a", seen), check_pin(pins, "b", seen), attrs.str("pull", None, choices=PULLS)

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [cls.parse(config)[0]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> IncrementalEncoder:
        board_name, a, b, pull = cls.parse(config)
        encoder = cls(config.name, _local_board(config, board_name, dependencies), a, b, pull)
        local.register("encoder", encoder)
        return encoder

    def _on_edge(self, tick: Tick) -> None:
        with self._lock:
            new = list(self._state)
            new[0 if tick.gpio == self._gpio_a else 1] = int(tick.high)
            step = _QUADRATURE_STEP.get((self._state[0], self._state[1], new[0], new[1]), 0)
            if step == 0 and new != self._state:
                self.missed += 1
            self._state = new
            if step:
                self._position += step
                self._moved()


class SingleEncoder(_EncoderBase):
    """One channel: rising edges of i, signed by the owning motor's direction."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "single")

    def __init__(self, name: str, board: PiBoard, pin_i: str, pull: str | None) -> None:
        super().__init__(name, board)
        watch = board.watch_pin(pin_i, self.holder, pull=pull)
        self._watches = [watch]
        self._direction: Callable[[], int] = lambda: 1
        watch.add_callback(self._on_edge)

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, str | None]:
        attrs = Attrs(config)
        return attrs.str("board"), check_pin(attrs.mapping("pins", required=True), "i"), attrs.str(
            "pull", None, choices=PULLS)

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [cls.parse(config)[0]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> SingleEncoder:
        board_name, pin, pull = cls.parse(config)
        encoder = cls(config.name, _local_board(config, board_name, dependencies), pin, pull)
        local.register("encoder", encoder)
        return encoder

    def attach_direction(self, direction: Callable[[], int]) -> None:
        """Take the sign of each tick from ``direction()`` (+1, -1 or 0), normally the motor's."""
        self._direction = direction

    def _on_edge(self, tick: Tick) -> None:
        if tick.high:
            with self._lock:
                self._position += self._direction()
                self._moved()
