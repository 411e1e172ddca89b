"""The HIL mock rig's wiring, read from the rig file, on the shared mock rig (`drivers.gpio.mock`).

The rig file's jumpers, PWM-to-interrupt and servo-monitor wires become `Wiring` wires (a jumper
conducts both ways); its motor becomes a `MotorPlant` whose speed at full power is ``max_rpm``
and whose encoder emits two quadrature edges (or one single-channel edge) per tick.

It works in two places with no code change in the stack:
- in the test process: `install(factory, rig)` on a `MockFactory(pin_class=WiredPin)`;
- in a module process: gpiozero builds `MockFactory()` with the pin class named by
  `GPIOZERO_MOCK_PIN_CLASS=hilwired` (entry point group `gpiozero_mock_pin_classes`, pointing at
  this module's `WiredPin`, see `hil.stack`); importing this module names `_load_from_env` as the
  loader, so the first WiredPin loads the rig named by `HIL_MOCK_RIG`.
"""

from __future__ import annotations

import os
from typing import Any

from drivers.board import BoardInfo, board_for_family
from drivers.errors import BoardNotDetected
from drivers.gpio.mock import wiring as mock_wiring
from drivers.gpio.mock.plants import MotorPlant
from drivers.gpio.mock.wiring import WiredPin, Wiring, output_level, output_level_at
from drivers.gpio.pins import resolve_pin
from hil.rig import Rig

__all__ = ["ENV_RIG", "WiredPin", "board_of", "build", "install"]

ENV_RIG = "HIL_MOCK_RIG"


def board_of(rig: Rig) -> BoardInfo:
    """The board whose header the rig's pin names refer to (a Pi 4 for `viam:raspberry-pi:rpi`)."""
    family = rig.board_model.rsplit(":", 1)[-1]
    try:
        return board_for_family(family)
    except BoardNotDetected:
        return board_for_family("rpi4")


def build(factory: Any, rig: Rig) -> Wiring:
    """The wiring `rig` describes on `factory`'s pins (not started)."""
    board = board_of(rig)

    def gpio(name: str) -> int:
        return resolve_pin(name, board).gpio

    pairs = [(w.out, w.inp) for w in rig.gpio_loopbacks] + [(w.inp, w.out) for w in rig.gpio_loopbacks]
    if rig.pwm_interrupt:
        pairs.append((rig.pwm_interrupt.pwm, rig.pwm_interrupt.interrupt))
    if rig.servo and rig.servo.monitor:
        pairs.append((rig.servo.pin, rig.servo.monitor))
    wires: dict[int, list[int]] = {}
    for out, inp in pairs:
        wires.setdefault(gpio(out), []).append(gpio(inp))
    plants = []
    if rig.motor:
        motor = rig.motor
        encoder = {role: gpio(pin) for role, pin in motor.encoder_pins.items()}
        edges_per_tick = 1 if "i" in encoder else 2
        plants.append(MotorPlant(
            lambda g: output_level(factory, g),
            lambda g, high: mock_wiring.drive(factory.pin(g), high),
            {role: gpio(pin) for role, pin in motor.pins.items()}, encoder,
            edges_per_s=motor.max_rpm / 60.0 * motor.ticks_per_rotation * edges_per_tick, name="hil-motor-sim",
            level_at=lambda g, when: output_level_at(factory, g, when)))
    return Wiring(factory, wires, plants)


def install(factory: Any, rig: Rig) -> Wiring:
    """Wire `factory`'s pins as `rig` says and start the simulation; returns the wiring (`close` it)."""
    return mock_wiring.install(build(factory, rig))


def _load_from_env(factory: Any) -> Wiring | None:
    path = os.environ.get(ENV_RIG)
    if not path:
        return None
    from hil.rig import load_rig

    return build(factory, load_rig(path))


mock_wiring.set_loader(_load_from_env)
