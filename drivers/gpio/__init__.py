"""GPIO, PWM and edge interrupts on gpiozero pin factories, with Pi pin naming."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from drivers.board import DEVICE_TREE_MODEL, BoardInfo, board_for_family, detect_board
from drivers.errors import BoardNotDetected
from drivers.gpio import hw_pwm, zero  # noqa: F401 - zero first: gpiozero without its __init__ (zero.py)
from drivers.gpio.backend import DEFAULT_PWM_FREQUENCY_HZ, EdgeWatch, GpioBackend, GpioPin, Tick
from drivers.gpio.factory import FactoryChoice, PinFactoryFallback, make_pin_factory, select_pin_factory
from drivers.gpio.mock import MockGpioBackend
from drivers.gpio.pins import PinSpec, resolve_pin

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_PWM_FREQUENCY_HZ",
    "EdgeWatch",
    "FactoryChoice",
    "GpioBackend",
    "GpioPin",
    "MockGpioBackend",
    "PinFactoryFallback",
    "PinSpec",
    "Tick",
    "make_pin_factory",
    "open_gpio_backend",
    "resolve_pin",
    "select_pin_factory",
]

UNKNOWN_BOARD = BoardInfo(
    family="unknown", model="unknown board (assuming the Raspberry Pi 40-pin header)", soc="unknown"
)


def open_gpio_backend(
    pin_factory: Any = None,
    *,
    config_pin_factory: str | None = None,
    board: BoardInfo | None = None,
    env: Mapping[str, str] | None = None,
    model_path: str | Path = DEVICE_TREE_MODEL,
    allow_mock_fallback: bool = False,
    sysfs_pwm: str | Path | None = None,
    boot_config: str | Path | None = None,
) -> GpioBackend:
    """Open the GPIO backend: choose the factory, identify the board.

    Args:
        pin_factory: a gpiozero factory or its name (wins over config and environment).
        config_pin_factory: the board config's `pin_factory` attribute.
        board: the board, when known; otherwise detected from `model_path`. When that fails,
            mock pins pretend to be a Pi 4 and real pins assume the 40-pin header (warning).
        env: environment for `GPIOZERO_PIN_FACTORY` (default `os.environ`).
        allow_mock_fallback: see `select_pin_factory`.
        sysfs_pwm: where the kernel's PWM chips are (default ``$VIAM_PI_SYSFS_PWM``, else
            /sys/class/pwm; mock pins use hardware PWM only when one of the two is given).
        boot_config: the boot config that says which GPIOs are routed to hardware PWM.
    """
    choice = select_pin_factory(
        pin_factory, config=config_pin_factory, env=env, allow_mock_fallback=allow_mock_fallback
    )
    if board is None:
        try:
            board = detect_board(model_path)
        except BoardNotDetected as e:
            if choice.name == "mock":
                board = board_for_family("rpi4")  # mock pins: pretend to be the reference board
            else:
                log.warning("%s; assuming the Raspberry Pi 40-pin header", e)
                board = UNKNOWN_BOARD
    environ = os.environ if env is None else env
    pwm, summary = None, "software PWM on every pin (mock pins)"
    if choice.name != "mock" or sysfs_pwm or environ.get(hw_pwm.ENV_SYSFS_PWM):
        pwm, summary = hw_pwm.probe(board, root=Path(sysfs_pwm) if sysfs_pwm else None,
                                    boot_config=Path(boot_config) if boot_config else None, env=environ)
        log.info("%s: %s", board.model, summary)
    if choice.name == "mock":
        return MockGpioBackend(board, factory=choice.factory, hardware_pwm=pwm, pwm_summary=summary)
    return GpioBackend(choice.factory, board, factory_name=choice.name, hardware_pwm=pwm, pwm_summary=summary)
