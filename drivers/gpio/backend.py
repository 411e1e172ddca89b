"""GPIO, PWM and edge interrupts on top of a gpiozero pin factory.

`GpioBackend` owns one pin factory and the pin reservations of one process: a pin is handed
out to a named holder ("motor 'left'"), and a second holder gets a clear error. `GpioPin`
wraps one gpiozero pin with the operations the board API needs. On the hardware-PWM pins the
boot config routes to the PWM block, PWM goes through the kernel (`hw_pwm`); their gpiozero pin
is only made when the pin is first used digitally, because claiming a GPIO line takes it away
from the PWM block. Debouncing is done here in
software, on the factory's edge timestamps, so every backend (mock included) behaves alike.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from gpiozero.exc import PinError as _ZeroPinError
from gpiozero.exc import PinFixedPull as _ZeroFixedPull
from gpiozero.exc import PinPWMError as _ZeroPWMError

from drivers.board import BoardInfo
from drivers.errors import PinInUse, PinInvalid, PinUnsupported
from drivers.gpio.hw_pwm import PwmChannel, SysfsPwm
from drivers.gpio.pins import PinSpec, resolve_pin

log = logging.getLogger(__name__)

Pull = Literal["up", "down", "none"]
Edge = Literal["rising", "falling", "both"]
DEFAULT_PWM_FREQUENCY_HZ = 800
_PULLS = {"up": "up", "down": "down", "none": "floating", "floating": "floating"}


@dataclass(frozen=True)
class Tick:
    """One accepted edge: which GPIO, its level after the edge, and when (monotonic ns)."""

    gpio: int
    high: bool
    time_ns: int


TickCallback = Callable[[Tick], None]


class EdgeWatch:
    """Counts edges on an input pin, with software debounce, and forwards them to callbacks.

    Callbacks run on the backend's event thread; they must be quick and must not block.
    """

    def __init__(self, pin: GpioPin, edge: Edge, debounce_s: float) -> None:
        if edge not in ("rising", "falling", "both"):
            raise PinInvalid(f"edge for {pin.spec} must be rising, falling or both, not {edge!r}")
        if debounce_s < 0:
            raise PinInvalid(f"debounce for {pin.spec} must be >= 0 s, not {debounce_s}")
        self.pin = pin
        self.edge = edge
        self.debounce_s = float(debounce_s)
        self._lock = threading.Lock()
        self._count = 0
        self._ignored = 0
        self._last_ticks: Any = None
        self._last_tick: Tick | None = None
        self._callbacks: list[TickCallback] = []
        self._closed = False

    @property
    def count(self) -> int:
        """Edges accepted since start or the last `reset`."""
        return self._count

    @property
    def ignored(self) -> int:
        """Edges dropped by debouncing."""
        return self._ignored

    @property
    def last_tick(self) -> Tick | None:
        """The most recent accepted edge."""
        return self._last_tick

    def value(self) -> bool:
        """Read the pin's current level."""
        return self.pin.get()

    def reset(self, count: int = 0) -> None:
        """Set the edge count (encoders reset their zero position this way)."""
        with self._lock:
            self._count = count

    def add_callback(self, callback: TickCallback) -> None:
        """Call `callback(tick)` for every accepted edge."""
        with self._lock:
            self._callbacks.append(callback)

    def remove_callback(self, callback: TickCallback) -> None:
        """Stop calling `callback`; unknown callbacks are ignored."""
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    def _on_edge(self, ticks: Any, state: Any) -> None:
        factory = self.pin.backend.factory
        with self._lock:
            if self._closed:
                return
            if (
                self.debounce_s
                and self._last_ticks is not None
                and factory.ticks_diff(ticks, self._last_ticks) < self.debounce_s
            ):
                self._ignored += 1
                return
            self._last_ticks = ticks
            self._count += 1
            # Float ticks are monotonic seconds (mock, lgpio, RPi.GPIO); others get "now".
            when = int(ticks * 1e9) if isinstance(ticks, float) else time.monotonic_ns()
            tick = Tick(self.pin.spec.gpio, bool(state), when)
            self._last_tick = tick
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(tick)
            except Exception:
                log.exception("edge callback for %s failed", self.pin.spec)

    def close(self) -> None:
        """Stop watching; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._callbacks.clear()
        self.pin._stop_watch(self)

    def __repr__(self) -> str:
        return f"<EdgeWatch {self.pin.spec} edge={self.edge} count={self._count} debounce_s={self.debounce_s}>"


class GpioPin:
    """One reserved pin: level, pull, PWM and edge watching.

    Get one from `GpioBackend.pin`; `close()` releases it (and returns it to a safe input).
    """

    def __init__(self, backend: GpioBackend, spec: PinSpec, holder: str, raw: Any,
                 hardware_pwm: PwmChannel | None = None) -> None:
        self.backend = backend
        self.spec = spec
        self.holder = holder
        self._raw_pin = raw  # None until first needed when the pin has a hardware PWM channel
        self._hw = hardware_pwm  # the kernel PWM channel, while no gpiozero pin was made
        self._lock = threading.RLock()
        self._frequency_hz = DEFAULT_PWM_FREQUENCY_HZ
        self._pwm = False
        self._watch: EdgeWatch | None = None
        self._closed = False

    @property
    def raw(self) -> Any:
        """The underlying gpiozero pin (for mock affordances; avoid in models)."""
        return self._raw

    @property
    def _raw(self) -> Any:
        """The gpiozero pin, made on first use; from then on PWM is the factory's software PWM."""
        if self._raw_pin is None:
            self._drop_hardware_pwm()
            try:
                self._raw_pin = self.backend.factory.pin(self.spec.gpio)
            except _ZeroPinError as e:
                raise PinInvalid(f"{self.backend.factory_name} cannot open {self.spec}: {e}") from e
        return self._raw_pin

    @property
    def pwm_kind(self) -> str:
        """"hardware PWM (pwmchip0 channel 0)" or "software PWM"."""
        return self._hw.describe() if self._hw is not None else "software PWM"

    def _drop_hardware_pwm(self) -> None:
        if self._hw is not None:
            self._hw.close()
            self.backend.hardware_pwm_released(self._hw)
            self._hw = None
            self._pwm = False

    # --- levels -----------------------------------------------------------------------------------

    def get(self) -> bool:
        """Read the level: the input level, or what an output (or PWM duty > 0) drives."""
        with self._lock:
            if self._hw is not None:
                return self._hw.duty > 0
            return bool(self._call("read", lambda: self._raw.state))

    def set(self, high: bool) -> None:
        """Drive the pin as a digital output (stops PWM on it)."""
        with self._lock:
            self._check_open()

            def apply() -> None:
                if self._raw.function != "output":
                    self._raw.function = "output"
                if self._pwm:
                    self._raw.frequency = None
                    self._pwm = False
                self._raw.state = bool(high)

            self._call("set", apply)

    def set_pull(self, pull: Pull) -> None:
        """Make the pin an input with the given pull resistor ("up", "down" or "none")."""
        if pull not in _PULLS:
            raise PinInvalid(f"pull for {self.spec} must be up, down or none, not {pull!r}")
        with self._lock:
            self._check_open()
            self._make_input()
            self._call("set pull on", lambda: setattr(self._raw, "pull", _PULLS[pull]))

    @property
    def pull(self) -> str:
        """The pull resistor: "up", "down" or "none"."""
        if self._raw_pin is None:
            return "none"
        value = self._raw.pull
        return "none" if value == "floating" else value

    # --- PWM ----------------------------------------------------------------------------------------

    def pwm_duty(self) -> float:
        """Return the PWM duty cycle 0..1 (1/0 for a digital output)."""
        with self._lock:
            if self._hw is not None:
                return self._hw.duty
            return float(self._call("read", lambda: self._raw.state))

    def set_pwm(self, duty: float) -> None:
        """Drive PWM with `duty` (0..1) at the pin's frequency (default 800 Hz)."""
        if not 0.0 <= duty <= 1.0:
            raise PinInvalid(f"PWM duty for {self.spec} must be within 0..1, not {duty}")
        with self._lock:
            self._check_open()
            if self._hw is not None:
                self._hw.configure(self._frequency_hz, duty)
                self._pwm = True
                return

            def apply() -> None:
                if self._raw.function != "output":
                    self._raw.function = "output"
                if not self._pwm:
                    self._raw.frequency = self._frequency_hz
                    self._pwm = True
                self._raw.state = duty

            self._call("set PWM on", apply)

    def pwm_frequency(self) -> int:
        """Return the PWM frequency in Hz (applied now, or at the next `set_pwm`)."""
        return self._frequency_hz

    def set_pwm_frequency(self, frequency_hz: int) -> None:
        """Set the PWM frequency in Hz; 0 means the default (800 Hz)."""
        if frequency_hz < 0:
            raise PinInvalid(f"PWM frequency for {self.spec} must be >= 0 Hz, not {frequency_hz}")
        with self._lock:
            self._check_open()
            self._frequency_hz = int(frequency_hz) or DEFAULT_PWM_FREQUENCY_HZ
            if self._pwm and self._hw is not None:
                self._hw.configure(self._frequency_hz, self._hw.duty)
            elif self._pwm:
                self._call("set PWM frequency on", lambda: setattr(self._raw, "frequency", self._frequency_hz))

    @property
    def is_pwm(self) -> bool:
        """Whether the pin is currently driving PWM."""
        return self._pwm

    # --- edges --------------------------------------------------------------------------------------

    def watch(self, edge: Edge = "both", *, pull: Pull | None = None, debounce_s: float = 0.0) -> EdgeWatch:
        """Make the pin an input and count its edges (one watch per pin).

        Args:
            edge: which transitions count.
            pull: pull resistor to set first; None keeps the current one.
            debounce_s: edges closer than this to the previous accepted edge are dropped.
        """
        with self._lock:
            self._check_open()
            if self._watch is not None:
                raise PinInUse(f"{self.spec} is already watched for edges by {self.holder}")
            watch = EdgeWatch(self, edge, debounce_s)
            self._make_input()
            if pull is not None:
                self.set_pull(pull)

            def apply() -> None:
                self._raw.edges = edge
                self._raw.when_changed = watch._on_edge

            self._call("watch edges on", apply)
            self._watch = watch
            return watch

    def _stop_watch(self, watch: EdgeWatch) -> None:
        with self._lock:
            if self._watch is watch:
                self._watch = None
                self._call("stop watching", lambda: setattr(self._raw, "when_changed", None))

    # --- lifecycle ------------------------------------------------------------------------------------

    def close(self) -> None:
        """Stop PWM and edge watching, return the pin to input and release it; idempotent."""
        with self._lock:
            if self._closed:
                return
            if self._watch is not None:
                self._watch.close()
            try:
                self._drop_hardware_pwm()
                if self._raw_pin is not None:
                    if self._pwm:
                        self._raw_pin.frequency = None
                        self._pwm = False
                    self._raw_pin.close()
            except (_ZeroPinError, PinUnsupported) as e:
                log.warning("closing %s: %s", self.spec, e)
            self._closed = True
        self.backend._release(self)

    def __enter__(self) -> GpioPin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._closed:
            state = "closed"
        elif self._pwm:
            state = "hardware pwm" if self._hw is not None else "pwm"
        else:
            state = self._raw_pin.function if self._raw_pin is not None else "unused"
        return f"<GpioPin {self.spec} holder={self.holder!r} {state}>"

    # --- helpers ----------------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise PinInvalid(f"{self.spec} was released by {self.holder}")

    def _make_input(self) -> None:
        def apply() -> None:
            if self._pwm:
                self._raw.frequency = None
                self._pwm = False
            if self._raw.function != "input":
                self._raw.function = "input"

        self._call("make input", apply)

    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except _ZeroFixedPull as e:
            raise PinUnsupported(f"cannot {what} {self.spec}: it has a fixed pull resistor") from e
        except _ZeroPWMError as e:
            raise PinUnsupported(
                f"cannot {what} {self.spec}: the {self.backend.factory_name} pin factory has no PWM"
            ) from e
        except _ZeroPinError as e:
            raise PinUnsupported(f"cannot {what} {self.spec}: {e}") from e


class GpioBackend:
    """Pins of one board through one gpiozero pin factory, with named reservations.

    Build it with `open_gpio_backend` (which chooses the factory) or pass a factory directly.
    """

    def __init__(self, factory: Any, board: BoardInfo, *, factory_name: str | None = None,
                 hardware_pwm: SysfsPwm | None = None, pwm_summary: str | None = None) -> None:
        from drivers.gpio.fine_pwm import refine_pwm

        refine_pwm(factory)  # lgpio: PWM duty not rounded to whole percent
        self.factory = factory
        self.board = board
        self.factory_name = factory_name or type(factory).__name__
        self.hardware_pwm = hardware_pwm
        self.pwm_summary = pwm_summary or ("hardware PWM on " + ", ".join(hardware_pwm.describe())
                                           if hardware_pwm else "software PWM on every pin")
        self._lock = threading.Lock()
        self._pins: dict[int, GpioPin] = {}
        self._closed = False

    def resolve(self, name: str | int) -> PinSpec:
        """Resolve a pin name ("11", "io17", "GPIO17", "sda") on this board."""
        return resolve_pin(name, self.board)

    def pin(self, name: str | int, *, holder: str) -> GpioPin:
        """Reserve the pin `name` for `holder` and return it.

        The same holder asking again gets the same GpioPin.

        Raises:
            PinInvalid: unknown pin name.
            PinInUse: another holder has the pin ("pin 11 (GPIO17) is already used by motor 'left'").
        """
        spec = self.resolve(name)
        with self._lock:
            if self._closed:
                raise PinInvalid(f"GPIO backend is closed; cannot open {spec}")
            existing = self._pins.get(spec.gpio)
            if existing is not None:
                if existing.holder == holder:
                    return existing
                raise PinInUse(f"{spec} is already used by {existing.holder}")
            channel = self.hardware_pwm.acquire(spec.gpio) if self.hardware_pwm else None
            if channel is None:
                try:
                    raw = self.factory.pin(spec.gpio)
                except _ZeroPinError as e:
                    raise PinInvalid(f"{self.factory_name} cannot open {spec}: {e}") from e
                pin = GpioPin(self, spec, holder, raw)
            else:
                pin = GpioPin(self, spec, holder, None, hardware_pwm=channel)
            self._pins[spec.gpio] = pin
            log.debug("%s reserved by %s", spec, holder)
            return pin

    def hardware_pwm_released(self, channel: PwmChannel) -> None:
        """A pin gave up its hardware PWM channel (released, or now used digitally)."""
        if self.hardware_pwm is not None:
            self.hardware_pwm.release(channel)

    def pwm_of(self) -> dict[str, str]:
        """``{"pin 12 (GPIO18)": "hardware PWM (pwmchip0 channel 0)" | "software PWM"}`` for PWM pins now."""
        with self._lock:
            return {str(p.spec): p.pwm_kind for p in self._pins.values() if p.is_pwm}

    def holder_of(self, name: str | int) -> str | None:
        """Return who holds pin `name`, or None if it is free."""
        pin = self._pins.get(self.resolve(name).gpio)
        return None if pin is None else pin.holder

    def reserved(self) -> dict[str, str]:
        """Return {"pin 11 (GPIO17)": holder} for every reserved pin."""
        with self._lock:
            return {str(p.spec): p.holder for p in self._pins.values()}

    def release_all(self, holder: str) -> None:
        """Close every pin held by `holder` (a resource being closed)."""
        with self._lock:
            pins = [p for p in self._pins.values() if p.holder == holder]
        for pin in pins:
            pin.close()

    def _release(self, pin: GpioPin) -> None:
        with self._lock:
            if self._pins.get(pin.spec.gpio) is pin:
                del self._pins[pin.spec.gpio]

    def close(self) -> None:
        """Release every pin and close the pin factory; idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pins = list(self._pins.values())
        for pin in pins:
            pin.close()
        try:
            self.factory.close()
        except Exception as e:  # a factory failing to close must not mask the caller's error
            log.warning("closing pin factory %s: %s", self.factory_name, e)

    def __enter__(self) -> GpioBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.factory_name} on {self.board.family} pins={len(self._pins)}>"
