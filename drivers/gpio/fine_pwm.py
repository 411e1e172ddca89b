"""Sub-percent software PWM on lgpio (Pi 5 and current Pi OS).

gpiozero's lgpio pin rounds a PWM duty down to a whole percent before handing it to lgpio
(``int(value * 100)``), so a servo moves in 18 degree steps and motor power in 1 % steps.
lgpio itself takes the duty as a float percentage and times pulses in microseconds. This pin
class passes the duty through unrounded (0.001 % steps at 50 Hz are 0.2 us); the other
factories already keep sub-percent duty (RPi.GPIO takes a float, pigpio uses a range of 10000,
the mock pins store the float).

Which pins get what (docs/hardware.md): the hardware-PWM pins the boot config routes to the PWM
block use the kernel's hardware PWM (`hw_pwm`); every other pin uses the factory's software PWM
with at least 0.01 % duty steps.
"""

from __future__ import annotations

import functools
from typing import Any


def refine_pwm(factory: Any) -> None:
    """Give an lgpio factory's pins (made from now on) unrounded PWM duty; other factories are left alone."""
    if type(factory).__name__ == "LGPIOFactory":
        factory.pin_class = fine_lgpio_pin_class()


@functools.cache
def fine_lgpio_pin_class() -> type:
    import lgpio
    from gpiozero.exc import PinInvalidState
    from gpiozero.pins.lgpio import LGPIOPin

    class FineLGPIOPin(LGPIOPin):  # type: ignore[misc, valid-type]
        """An lgpio pin whose PWM duty is not rounded to a whole percent."""

        def _set_state(self, value: float) -> None:
            if not self._pwm:
                super()._set_state(value)
                return
            frequency, _ = self._pwm
            self._pwm = (frequency, float(value) * 100.0)
            try:
                lgpio.tx_pwm(self.factory._handle, self._number, *self._pwm)
            except lgpio.error as exc:
                raise PinInvalidState(f'invalid state "{value}" for pin {self!r}') from exc

    return FineLGPIOPin
