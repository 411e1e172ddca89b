"""The one mock rig: mock pins and the simulated hardware wired to them.

Shared by the drivers' tests, the built-in modules (a board on mock pins answers ``mock_*``
DoCommands through `commands`) and the HIL suite's mock rig (`hil.mockrig` only reads the rig
file and builds a `Wiring` from it):

- `backend.MockGpioBackend`: a GpioBackend on gpiozero mock pins, with drive/inspect affordances;
- `plants`: a DC motor with its encoder and an HC-SR04, simulated from the pins' states;
- `wiring`: `WiredPin`, a mock pin whose output changes reach the pins wired to it (levels, or
  real-time PWM edge trains), for jumpers on the HIL mock rig;
- `commands`: the board's ``mock_*`` DoCommands;
- `sysfs_pwm`: a fake ``/sys/class/pwm`` tree for the kernel hardware-PWM driver.
"""

from drivers.gpio.mock.backend import MockGpioBackend

__all__ = ["MockGpioBackend"]
