"""Encoders ``rdk:builtin:incremental`` (quadrature, pins a/b) and ``rdk:builtin:single`` (pin i).

Both count the edges of the board's digital interrupts in this process: a pin is a configured
interrupt's name, or a pin name, for which the board makes an interrupt on demand (as the
reference's DigitalInterruptByName does). An encoder pin the board also declares as an
interrupt shares that interrupt (and its debounce). Edge callbacks run on the pin factory's
thread and only update counters, so no edge waits for the event loop.

Counting is the reference's (rdk components/encoder):
- incremental: the state is ``a | b << 1``; each valid transition adds one half-tick, and the
  position is the half-ticks shifted right by one (floor). A transition with B leading
  (00 -> 10 -> 11 -> 01 -> 00) counts up, so one full cycle with B leading is +2 and with A
  leading -2; a transition that skips a state (both changed) is counted as missed, not motion.
- single: every edge (rising and falling) is one tick, signed by the attached motor's power
  (+1 forward, -1 backward, nothing while it is unpowered); without a motor every edge is +1.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from builtin_modules.common import local
from builtin_modules.common.attrs import Attrs
from builtin_modules.common.errors import BoardNotLocal
from builtin_modules.raspberry_pi.board import PiBoard, PiInterrupt
from builtin_modules.raspberry_pi.board_config import HEADER_BOARD, PULLS, check_pin
from drivers.errors import PinInvalid
from drivers.gpio import EdgeWatch, Tick, resolve_pin
from viam.components.encoder.api import Encoder, EncoderProperties, PositionType
from viam.config.model import ResourceConfig
from viam.errors import DependencyNotReadyError, InvalidArgumentError, NotSupportedError
from viam.resource.base import Extra
from viam.resource.names import API, Model, ResourceName
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
BOARD_API = API.component("board")
# (previous state << 2 | new state) -> half-tick step, with state = a | b << 1 (the reference's table).
_HALF_STEP = {0b0001: -1, 0b0111: -1, 0b1000: -1, 0b1110: -1,
              0b0010: 1, 0b0100: 1, 0b1011: 1, 0b1101: 1}


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
        self._interrupts: list[tuple[PiInterrupt, Callable[[Tick], None]]] = []
        self._targets: list[tuple[float, int, Callable[[], None]]] = []
        self._closed = False

    @property
    def ticks(self) -> int:
        return self._position

    def watch_target(self, target: float, direction: int, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` (on the edge thread) once the position passes ``target`` moving in
        ``direction`` (strictly, the reference's GoFor end condition); returns a canceller."""
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
            if (target - self._position) * direction < 0:
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

    def _listen(self, pins: Sequence[str], pull: str | None, callback: Callable[[Tick], None]) -> list[EdgeWatch]:
        """Subscribe ``callback`` to the board's interrupts for ``pins`` (made on demand)."""
        watches = []
        try:
            for pin in pins:
                interrupt = self.board.interrupt(pin, pull=pull, user=self)
                self._interrupts.append((interrupt, callback))
                watches.append(interrupt.watch)
        except BaseException:
            self._unlisten()
            raise
        for watch in watches:
            watch.add_callback(callback)
        return watches

    def _unlisten(self) -> None:
        for interrupt, callback in self._interrupts:
            interrupt.watch.remove_callback(callback)
            self.board.release_interrupt(interrupt, self)
        self._interrupts = []

    async def get_status(self) -> dict[str, Any]:
        return {"ticks": self._position, "interrupts": [i.name for i, _ in self._interrupts],
                "ignored_edges": sum(i.watch.ignored for i, _ in self._interrupts)}

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        local.unregister("encoder", self)
        self._unlisten()


class IncrementalEncoder(_EncoderBase):
    """Quadrature decoding of channels a and b, counted as the reference counts."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "incremental")

    def __init__(self, name: str, board: PiBoard, pin_a: str, pin_b: str, pull: str | None) -> None:
        super().__init__(name, board)
        self._raw = 0  # half-ticks: the reference's pRaw
        self.missed = 0
        watch_a, watch_b = self._listen((pin_a, pin_b), pull, self._on_edge)
        if watch_a is watch_b:
            self._unlisten()
            raise InvalidArgumentError(f"encoder {name!r}: pins a ({pin_a!r}) and b ({pin_b!r}) are the same pin")
        self._gpio_a = watch_a.pin.spec.gpio
        with self._lock:
            self._state = int(watch_a.value()) | int(watch_b.value()) << 1

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, str, str | None]:
        attrs = Attrs(config)
        board = attrs.str("board")
        pins = attrs.mapping("pins", required=True)
        seen: dict[int, str] = {}
        return (board, encoder_pin(pins, "a", seen), encoder_pin(pins, "b", seen),
                attrs.str("pull", None, choices=PULLS))

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        return [cls.parse(config)[0]], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> IncrementalEncoder:
        board_name, a, b, pull = cls.parse(config)
        encoder = cls(config.name, _local_board(config, board_name, dependencies), a, b, pull)
        local.register("encoder", encoder)
        return encoder

    @property
    def raw_position(self) -> int:
        """Half-ticks (the reference's RawPosition)."""
        return self._raw

    def _on_edge(self, tick: Tick) -> None:
        with self._lock:
            bit = 1 if tick.gpio == self._gpio_a else 2
            new = (self._state | bit) if tick.high else (self._state & ~bit)
            if new == self._state:
                return
            step = _HALF_STEP.get(self._state << 2 | new, 0)
            self._state = new
            if step == 0:
                self.missed += 1
                return
            self._raw += step
            position = self._raw >> 1
            if position != self._position:
                self._position = position
                self._moved()

    async def reset_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        with self._lock:
            self._position = 0
            self._raw &= 1  # the reference keeps the half-tick phase


class SingleEncoder(_EncoderBase):
    """One channel: every edge of i, signed by the attached motor's direction of power."""

    MODEL: ClassVar[Model] = Model("rdk", "builtin", "single")

    def __init__(self, name: str, board: PiBoard, pin_i: str, pull: str | None) -> None:
        super().__init__(name, board)
        self._direction: Callable[[], int] = lambda: 1  # no motor attached: count up (the reference's)
        self._listen((pin_i,), pull, self._on_edge)

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, str, str | None]:
        attrs = Attrs(config)
        return attrs.str("board"), encoder_pin(attrs.mapping("pins", required=True), "i"), attrs.str(
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
        """Take the sign of each tick from ``direction()`` (+1, -1 or 0), normally the motor's power sign."""
        self._direction = direction

    def _on_edge(self, tick: Tick) -> None:
        direction = self._direction()
        if direction in (1, -1):
            with self._lock:
                self._position += direction
                self._moved()


def encoder_pin(attrs: Attrs, key: str, seen: dict[int, str] | None = None) -> str:
    """An encoder pin: a header pin name (checked, and not used twice), or a digital interrupt's
    name, which only the board knows (checked when the encoder is built)."""
    name = attrs.str(key)
    try:
        resolve_pin(name, HEADER_BOARD)
    except PinInvalid:
        return name  # an interrupt name
    return check_pin(attrs, key, seen)
