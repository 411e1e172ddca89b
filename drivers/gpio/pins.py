"""Pin names as on the reference Raspberry Pi board, resolved to Broadcom GPIO numbers.

Accepted forms (case-insensitive): a physical header number ("11"), a Broadcom name
("io17", "GPIO17", "gpio17", "BCM17") or an alternate-function name ("sda", "ce0").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.board import BoardInfo
from drivers.errors import PinInvalid

_BROADCOM = re.compile(r"^(?:io|gpio|bcm)(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class PinSpec:
    """A resolved pin: its Broadcom number and, when it is on the header, its physical number."""

    gpio: int
    header: int | None = None

    def describe(self) -> str:
        """Name the pin the way users wrote it on the board: "pin 11 (GPIO17)"."""
        if self.header is None:
            return f"GPIO{self.gpio}"
        return f"pin {self.header} (GPIO{self.gpio})"

    def __str__(self) -> str:
        return self.describe()


def _valid_forms(board: BoardInfo) -> str:
    functions = sorted({f for p in board.gpio_pins() for f in p.functions})
    numbers = [p.number for p in board.gpio_pins()]
    return (
        f"a header pin number with a GPIO ({min(numbers)}-{max(numbers)}, e.g. '11'), "
        f"a Broadcom name ('io17', 'GPIO17', 'gpio17') or a function ({', '.join(functions)})"
    )


def resolve_pin(name: str | int, board: BoardInfo) -> PinSpec:
    """Resolve a user pin name to a PinSpec on `board`.

    An int is taken as a physical header number, like its string form.

    Raises:
        PinInvalid: the name is not a pin, names a power/ground pin, or a GPIO not on the header.
    """
    text = str(name).strip()
    lowered = text.lower()
    if text.isdigit():
        number = int(text)
        pin = board.header.get(number)
        if pin is None:
            raise PinInvalid(
                f"unknown pin {text!r} on {board.model}: the header has pins 1-{len(board.header)}; "
                f"use {_valid_forms(board)}"
            )
        if pin.gpio is None:
            raise PinInvalid(f"pin {number} on {board.model} is {pin.label}, not a GPIO")
        return PinSpec(pin.gpio, number)
    match = _BROADCOM.match(lowered)
    if match:
        gpio = int(match.group(1))
        pin = board.header_pin_for_gpio(gpio)
        if pin is None:
            raise PinInvalid(f"GPIO{gpio} is not on the header of {board.model}; use {_valid_forms(board)}")
        return PinSpec(gpio, pin.number)
    for pin in board.gpio_pins():
        if lowered in pin.functions:
            assert pin.gpio is not None
            return PinSpec(pin.gpio, pin.number)
    raise PinInvalid(f"unknown pin {text!r} on {board.model}; use {_valid_forms(board)}")
