"""Board ``viam:raspberry-pi:rpi`` (and ``rpi4``, ``rpi5``, ...): GPIO, PWM, interrupts, analogs.

Pins go through one ``drivers.gpio.GpioBackend`` per board (gpiozero: lgpio, RPi.GPIO, pigpio,
or mock pins with ``pin_factory: "mock"`` / ``GPIOZERO_PIN_FACTORY=mock``). GPIO calls are
microsecond register writes, so they run inline on the event loop; analog conversions (bus
transfers with waits) run in a thread. Motors, encoders and servos of this module process take
their pins from here (``claim_pin``/``watch_pin``), so reservations are checked across them:
"pin 11 (GPIO17) is already used by motor 'left'".

With mock pins, DoCommand adds the shared mock rig's test affordances (``mock_drive``, ``mock_pulse``,
``mock_state``, ``mock_attach_motor``, ``mock_attach_ultrasonic``: ``drivers.gpio.mock.commands``);
on real pins they answer that they need the mock backend.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar

from builtin_modules.common import buses, local
from builtin_modules.raspberry_pi import board_settings
from builtin_modules.raspberry_pi.board_config import AnalogConfig, BoardConfig, PinConfig, parse_board
from drivers.board import KNOWN_FAMILIES, board_for_family
from drivers.errors import DriverError, PinInUse, PinUnsupported
from drivers.gpio import EdgeWatch, GpioBackend, GpioPin, MockGpioBackend, Tick, open_gpio_backend
from drivers.gpio.mock import commands as mock_commands
from viam.components.board.api import AnalogValue, Board, PowerMode, TickStream, find_named
from viam.components.board.api import Tick as BoardTick
from viam.components.board.ticks import TickSubscription
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError, NotSupportedError, ResourceNotFoundError, UnavailableError
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)

MODEL_FAMILY = "viam:raspberry-pi"
BOARD_MODELS: tuple[Model, ...] = (Model("viam", "raspberry-pi", "rpi"),) + tuple(
    Model("viam", "raspberry-pi", family) for family in KNOWN_FAMILIES)


class PiBoard(Board):
    """A Raspberry Pi's 40-pin header as a Viam board."""

    MODEL: ClassVar[Model] = BOARD_MODELS[0]

    def __init__(self, name: str, backend: GpioBackend, config: BoardConfig) -> None:
        super().__init__(name)
        self.backend = backend
        self.holder = f"board {name!r}"
        self._loop = asyncio.get_running_loop()
        self._interrupts: dict[str, PiInterrupt] = {}
        self._analogs: dict[str, PiAnalog] = {}
        self._subscribers: set[TickSubscription] = set()
        self._plants: list[Any] = []
        self._before_close: list[Callable[[], Awaitable[Any]]] = []
        self._closed = False
        self.warnings = list(config.warnings)
        try:
            for pin in config.pins:
                self._setup_pin(pin)
            for analog in config.analogs:
                self._analogs[analog.name] = PiAnalog(analog, self)
        except BaseException:
            for made in self._analogs.values():
                made.close()
            backend.close()
            raise
        self.board_settings = board_settings.apply(config.board_settings)
        for warning in self.warnings:
            LOG.warning("board %r: %s", name, warning)
        for key, result in self.board_settings.items():
            if result["action"] != "none":
                LOG.warning("board %r: board_settings.%s (%s): %s", name, key, result["wanted"], result["action"])

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        parse_board(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> PiBoard:
        parsed = parse_board(config)
        family = config.model.name
        known = board_for_family(family) if family in KNOWN_FAMILIES else None
        # On a Pi the device tree says which board this is; elsewhere (mock pins) trust the model name.
        info = None if _detectable() else known
        backend = await asyncio.to_thread(open_gpio_backend, config_pin_factory=parsed.pin_factory, board=info)
        if known is not None and backend.board.family not in (family, "unknown"):
            LOG.warning("board %r is configured as %s but this is a %s", config.name, family, backend.board.model)
        board = cls(config.name, backend, parsed)
        local.register("board", board)
        LOG.info("board %r on %s with %s pins (%d interrupts, %d analogs)", config.name, backend.board.model,
                 backend.factory_name, len(board._interrupts), len(board._analogs))
        return board

    def _setup_pin(self, pin: PinConfig) -> None:
        holder = f"board {self.name!r} {'digital interrupt' if pin.type == 'interrupt' else 'pin'} {pin.name!r}"
        gpio = self.backend.pin(pin.pin, holder=holder)
        if pin.type == "interrupt":
            watch = gpio.watch("both", pull=pin.pull, debounce_s=pin.debounce_ms / 1000.0)  # type: ignore[arg-type]
            self._interrupts[pin.name] = PiInterrupt(pin.name, watch, self)
        elif pin.pull:
            gpio.set_pull(pin.pull)  # type: ignore[arg-type]

    # -- digital interrupts by name or pin, created on demand (as the reference's DigitalInterruptByName) ----
    def interrupt(self, name: str, *, pull: str | None = None, user: object | None = None) -> PiInterrupt:
        """The digital interrupt ``name``: a configured one by its name or by its pin, else a new one
        on the pin ``name`` names (named ``name``), as the reference creates them on demand.

        ``user`` (an encoder) is recorded so that an interrupt made on demand for it is released
        when its last user lets go (:meth:`release_interrupt`); one asked for over the Board API
        stays, as on the reference.
        """
        found = self._interrupts.get(name)
        if found is None:
            try:
                spec = self.backend.resolve(name)
            except DriverError:
                available = ", ".join(repr(n) for n in sorted(self._interrupts)) or "none"
                raise ResourceNotFoundError(
                    f"board {self.name!r} has no digital interrupt named {name!r} and no pin of that name "
                    f"(interrupts: {available}; add it to attributes.pins with type 'interrupt')") from None
            found = next((i for i in self._interrupts.values() if i.watch.pin.spec.gpio == spec.gpio), None)
        if found is None:
            if self.backend.holder_of(name) == self.holder:  # only touched through SetGPIO: hand it over
                self.backend.pin(name, holder=self.holder).close()
            gpio = self.backend.pin(name, holder=f"board {self.name!r} digital interrupt {name!r}")
            try:
                watch = gpio.watch("both", pull=pull)  # type: ignore[arg-type]
            except BaseException:
                gpio.close()
                raise
            found = PiInterrupt(name, watch, self, on_demand=True)
            self._interrupts[name] = found
            LOG.info("board %r: digital interrupt %r created on demand on %s", self.name, name, gpio.spec)
        if user is None:
            found.on_demand = False  # asked for by name over the API: it stays
        else:
            found.users.add(user)
        return found

    def release_interrupt(self, interrupt: PiInterrupt, user: object) -> None:
        """``user`` no longer listens; an interrupt made on demand only for users goes away with the last."""
        interrupt.users.discard(user)
        if interrupt.on_demand and not interrupt.users and not self._closed:
            self._interrupts.pop(interrupt.name, None)
            interrupt.watch.pin.close()

    # -- pins for siblings (motor, encoder, servo in this process) ----------------------------------
    def claim_pin(self, name: str, holder: str) -> PiGpioPin:
        """Reserve ``name`` for ``holder`` (a pin only touched through SetGPIO is handed over)."""
        spec = self.backend.resolve(name)
        if self.backend.holder_of(name) == self.holder:
            self.backend.pin(name, holder=self.holder).close()
        self.backend.pin(name, holder=holder)
        return PiGpioPin(str(spec.header or name), self, name)

    def watch_pin(self, name: str, holder: str, *, pull: str | None = None) -> EdgeWatch:
        """Reserve ``name`` for ``holder`` as an input and watch both edges (encoders)."""
        if self.backend.holder_of(name) == self.holder:
            self.backend.pin(name, holder=self.holder).close()
        return self.backend.pin(name, holder=holder).watch("both", pull=pull)  # type: ignore[arg-type]

    def on_close(self, hook: Callable[[], Awaitable[Any]]) -> Callable[[], None]:
        """Run ``hook`` (a sibling's stop) before the pins go away, whatever order closes come in.

        Returns a function that forgets the hook (the sibling closed first).
        """
        self._before_close.append(hook)
        return lambda: self._before_close.remove(hook) if hook in self._before_close else None

    def release(self, holder: str) -> None:
        if not self._closed:
            self.backend.release_all(holder)

    def gpio(self, name: str) -> GpioPin:
        """The pin ``name`` whoever holds it (SetGPIO may drive a motor's pin, as on the reference)."""
        holder = self.backend.holder_of(name) or self.holder
        return self.backend.pin(name, holder=holder)

    # -- look-ups -------------------------------------------------------------------------------
    async def analog_by_name(self, name: str) -> Board.Analog:
        return find_named(self.name, "analog", self._analogs, name)

    async def digital_interrupt_by_name(self, name: str) -> Board.DigitalInterrupt:
        try:
            return self.interrupt(name)
        except ResourceNotFoundError:
            return find_named(self.name, "digital interrupt", self._interrupts, name,
                              hint="; add it to attributes.pins with type 'interrupt'")

    async def gpio_pin_by_name(self, name: str) -> Board.GPIOPin:
        try:
            self.backend.resolve(name)
        except DriverError as exc:
            raise InvalidArgumentError(f"board {self.name!r}: {exc}") from None
        return PiGpioPin(name, self, name)

    # -- interrupts -------------------------------------------------------------------------------
    def _tick(self, tick: BoardTick) -> None:
        for subscriber in list(self._subscribers):
            subscriber.offer(tick)

    async def stream_ticks(self, interrupts: Sequence[Board.DigitalInterrupt], *, extra: Extra = None,
                           timeout: float | None = None, **kwargs: Any) -> TickStream:
        if not interrupts:
            raise InvalidArgumentError(f"board {self.name!r}: StreamTicks needs at least one digital interrupt name")
        names = {i.name for i in interrupts}
        for name in names:
            await self.digital_interrupt_by_name(name)
        subscription = TickSubscription(names, self._subscribers)
        self._subscribers.add(subscription)
        return subscription

    # -- board ------------------------------------------------------------------------------------
    async def set_power_mode(self, mode: PowerMode.ValueType, duration: timedelta | None = None, *,
                             extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        raise NotSupportedError(f"board {self.name!r}: a Raspberry Pi cannot change its power mode from software "
                                "(no suspend states on the SoC); use the OS to shut down")

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        result: dict[str, Any] = {}
        for key, args in command.items():
            if key == "reserved_pins":
                result[key] = self.backend.reserved()
            elif key.startswith("mock_"):
                if not isinstance(self.backend, MockGpioBackend):
                    raise NotSupportedError(f"board {self.name!r}: {key} needs mock pins "
                                            f"(pin_factory 'mock'); this board uses {self.backend.factory_name}")
                result[key] = await asyncio.to_thread(mock_commands.run, self.backend, self._plants, key,
                                                      dict(args or {}))
            else:
                raise NotSupportedError(f"board {self.name!r} has no command {key!r} "
                                        "(known: reserved_pins, mock_drive, mock_pulse, mock_state, mock_attach_motor)")
        return result

    async def get_status(self) -> Mapping[str, Any]:
        return {"model": self.backend.board.model, "pin_factory": self.backend.factory_name,
                "digital_interrupts": {n: i.count for n, i in self._interrupts.items()},
                "reserved_pins": self.backend.reserved(), "board_settings": self.board_settings,
                "pwm": self.backend.pwm_summary, "pwm_pins": self.backend.pwm_of(),
                "warnings": self.warnings}

    async def close(self) -> None:
        """End tick streams, stop mock plants and release every pin (idempotent)."""
        if self._closed:
            return
        for hook in self._before_close:
            try:
                await hook()
            except Exception as exc:  # noqa: BLE001 - keep closing
                LOG.warning("board %r: stopping a user of its pins failed: %s", self.name, exc)
        self._closed = True
        local.unregister("board", self)
        for plant in self._plants:
            plant.stop()
        for subscriber in list(self._subscribers):
            subscriber.end()
        for analog in self._analogs.values():
            analog.close()
        await asyncio.to_thread(self.backend.close)

    def __repr__(self) -> str:
        return f"<PiBoard {self.name!r} {self.backend!r}{' closed' if self._closed else ''}>"


def _detectable() -> bool:
    from drivers.board import DEVICE_TREE_MODEL

    return DEVICE_TREE_MODEL.exists()


class PiGpioPin(Board.GPIOPin):
    """A header pin by name; every call goes to the pin's current reservation."""

    def __init__(self, name: str, board: PiBoard, pin: str) -> None:
        super().__init__(name)
        self._board = board
        self._pin = pin

    def _gpio(self) -> GpioPin:
        if self._board._closed:
            raise PinUnsupported(f"board {self._board.name!r} is closed")
        return self._board.gpio(self._pin)

    def _writable(self) -> GpioPin:
        gpio = self._gpio()
        if "digital interrupt" in gpio.holder:
            raise PinInUse(f"{gpio.spec} is an input of {gpio.holder}; it cannot be driven")
        return gpio

    async def set(self, high: bool, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        self._writable().set(bool(high))

    async def get(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> bool:
        return self._gpio().get()

    async def get_pwm(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        return self._gpio().pwm_duty()

    async def set_pwm(self, duty_cycle: float, *, extra: Extra = None, timeout: float | None = None,
                      **kwargs: Any) -> None:
        if not 0.0 <= duty_cycle <= 1.0:
            raise InvalidArgumentError(f"board {self._board.name!r} pin {self.name!r}: duty cycle {duty_cycle} "
                                       "is outside 0..1")
        self._writable().set_pwm(duty_cycle)

    async def get_pwm_frequency(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return self._gpio().pwm_frequency()

    async def set_pwm_frequency(self, frequency: int, *, extra: Extra = None, timeout: float | None = None,
                                **kwargs: Any) -> None:
        if frequency < 0:
            raise InvalidArgumentError(f"board {self._board.name!r} pin {self.name!r}: PWM frequency "
                                       f"{frequency} Hz is negative")
        self._writable().set_pwm_frequency(int(frequency))


class PiInterrupt(Board.DigitalInterrupt):
    """A debounced input; its value counts rising edges, and every accepted edge is a tick."""

    def __init__(self, name: str, watch: EdgeWatch, board: PiBoard, *, on_demand: bool = False) -> None:
        super().__init__(name)
        self.watch = watch
        self.count = 0
        self.on_demand = on_demand
        self.users: set[object] = set()
        self._board = board
        self._epoch_offset_ns = time.time_ns() - time.monotonic_ns()
        watch.add_callback(self._on_tick)

    def _on_tick(self, tick: Tick) -> None:  # on the pin factory's thread
        if tick.high:
            self.count += 1
        board_tick = BoardTick(pin_name=self.name, high=tick.high, time=tick.time_ns + self._epoch_offset_ns)
        try:
            self._board._loop.call_soon_threadsafe(self._board._tick, board_tick)
        except RuntimeError:  # loop closed at shutdown
            pass

    async def value(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> int:
        return self.count


class PiAnalog(Board.Analog):
    """An ADC channel: MCP3008 (10-bit, SPI) or ADS1115 (16-bit signed, I2C)."""

    def __init__(self, config: AnalogConfig, board: PiBoard) -> None:
        super().__init__(config.name)
        self.config = config
        self._board = board
        if config.type == "mcp3008":
            from drivers.spi.mcp3008 import MCP3008

            self._adc: Any = MCP3008(buses.spi_device(config.spi_bus, config.chip_select), vref_v=config.vref_v)
            self._range = (0.0, config.vref_v, config.vref_v / 1024)
        else:
            from drivers.i2c import ADS1115

            bus = buses.i2c_bus(config.i2c_bus)
            bus.claim(config.i2c_addr, f"board {board.name!r} analog {config.name!r}")
            self._adc = ADS1115(bus, config.i2c_addr)
            fs = config.full_scale_v
            self._range = (-fs, fs, fs / 32768)

        # average_over_ms / samples_per_sec as the reference's AnalogSmoother: sample in the background
        # at samples_per_sec (1 if unset) and answer the rolling average of the last
        # samples_per_sec * average_over_ms / 1000 samples; fewer than one sample: read directly.
        rate = config.samples_per_sec or 1
        self._window_size = rate * config.average_over_ms // 1000
        self._samples: deque[int] = deque(maxlen=max(1, self._window_size))
        self._last_error: Exception | None = None
        self._sampler: asyncio.Task[None] | None = None
        if self._window_size >= 1:
            self._sampler = board._loop.create_task(self._sample(1.0 / rate), name=f"analog {config.name} sampler")

    def _read_code(self) -> int:
        if self.config.type == "mcp3008":
            return int(self._adc.read_code(self.config.channel))
        return int(self._adc.read_code(self.config.channel, full_scale_v=self.config.full_scale_v))

    async def _sample(self, period_s: float) -> None:
        while True:
            started = time.monotonic()
            try:
                self._samples.append(await asyncio.to_thread(self._read_code))
                self._last_error = None
            except Exception as exc:  # noqa: BLE001 - kept and raised by read(), as the reference does
                self._last_error = exc
            await asyncio.sleep(max(0.0, period_s - (time.monotonic() - started)))

    async def read(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> AnalogValue:
        low, high, step = self._range
        if self._sampler is None:
            code = await asyncio.to_thread(self._read_code)
        else:
            if not self._samples:
                if self._last_error is not None:
                    raise self._last_error
                raise UnavailableError(f"board {self._board.name!r} analog {self.name!r} has not yet read any "
                                    "analog data (it samples in the background)")
            code = int(sum(self._samples) / len(self._samples))
            if self._last_error is not None:
                raise self._last_error
        return AnalogValue(value=code, min_range=low, max_range=high, step_size=step)

    async def write(self, value: int, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        raise NotSupportedError(
            f"board {self._board.name!r} analog {self.name!r} is an {self.config.type.upper()} input (an ADC); "
            "a Raspberry Pi has no analog outputs: drive a PWM pin with SetPWM instead")

    def close(self) -> None:
        if self._sampler is not None:
            self._sampler.cancel()
        if self.config.type == "ads1115":
            buses.i2c_bus(self.config.i2c_bus).release(self.config.i2c_addr,
                                                       f"board {self._board.name!r} analog {self.name!r}")
