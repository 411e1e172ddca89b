"""A GpioBackend on gpiozero's mock pins, with affordances for tests and the mock rig.

All real logic (names, reservations, PWM, debounce) is the same as on hardware; only the
lowest layer is gpiozero's `MockFactory(pin_class=MockPWMPin)`.
"""

from __future__ import annotations

import time
from typing import Any

from drivers.board import BoardInfo, board_for_family
from drivers.gpio import zero
from drivers.gpio.backend import GpioBackend
from drivers.gpio.hw_pwm import SysfsPwm
from drivers.gpio.mock.wiring import drive_stamped, state_at

BURST_EDGE_SPACING_S = 1e-6  # between the edges of a `pulse` burst (no period)


class MockGpioBackend(GpioBackend):
    """GPIO on mock pins: drive inputs, inspect outputs and their state history."""

    def __init__(self, board: BoardInfo | None = None, factory: Any = None, *,
                 hardware_pwm: SysfsPwm | None = None, pwm_summary: str | None = None) -> None:
        if factory is None:
            mock = zero.import_module("gpiozero.pins.mock")
            factory = mock.MockFactory(pin_class=mock.MockPWMPin)
        super().__init__(factory, board or board_for_family("rpi4"), factory_name="mock",
                         hardware_pwm=hardware_pwm, pwm_summary=pwm_summary)

    def raw_pin(self, name: str | int) -> Any:
        """Return the gpiozero mock pin for `name` (reserved or not)."""
        return self.factory.pin(self.resolve(name).gpio)

    def drive(self, name: str | int, high: bool, when: float | None = None) -> None:
        """Drive an input pin from outside, as wiring would; fires edge watches.

        ``when`` (monotonic seconds, not in the future) stamps the edge, as a GPIO chip's event
        carries the time the edge happened rather than when software got round to it.
        """
        raw = self.raw_pin(name)
        if raw.function != "input":
            raise RuntimeError(f"{self.resolve(name)} is an output; only inputs can be driven")
        if when is not None:
            drive_stamped(raw, high, when)
        else:
            raw.drive_high() if high else raw.drive_low()

    def pulse(self, name: str | int, count: int, *, period_s: float = 0.0) -> None:
        """Drive `count` full low->high->low pulses (2 edges each), `period_s` apart.

        With no period the pulses are one fast burst (a bouncing contact): its edges are stamped
        `BURST_EDGE_SPACING_S` apart, as a GPIO chip stamps the edges of such a burst, whenever
        this thread gets round to each one. A burst therefore always fits a debounce window,
        however the scheduler delays the thread that drives it.
        """
        if not period_s:
            start = time.monotonic()
            for k in range(2 * count):
                # Never stamped in the future: a later drive (stamped "now") still comes after it.
                self.drive(name, k % 2 == 0, min(start + k * BURST_EDGE_SPACING_S, time.monotonic()))
            return
        for _ in range(count):
            self.drive(name, True)
            time.sleep(period_s / 2)
            self.drive(name, False)
            time.sleep(period_s / 2)

    def level(self, name: str | int) -> float:
        """Return what the pin currently is: 0/1 for digital, the duty for PWM."""
        return float(self.raw_pin(name).state)

    def level_at(self, name: str | int, when: float) -> float:
        """Return what the pin was at monotonic time `when` (as `level`), from its state history."""
        return state_at(self.raw_pin(name), when)

    def frequency(self, name: str | int) -> int | None:
        """Return the PWM frequency the pin runs at, or None when not in PWM."""
        return self.raw_pin(name).frequency

    def function(self, name: str | int) -> str:
        """Return "input" or "output"."""
        return self.raw_pin(name).function

    def history(self, name: str | int) -> list[float]:
        """Return the sequence of states the pin went through (bools as 0/1, duties as floats)."""
        return [float(s.state) for s in self.raw_pin(name).states]

    def reset(self) -> None:
        """Release every pin and forget all mock pin state (between tests)."""
        for pin in list(self._pins.values()):
            pin.close()
        self.factory.reset()
