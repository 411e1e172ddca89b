"""Board models and their pin headers, detected from the device tree.

The Linux kernel exposes the board model string at `/proc/device-tree/model` (NUL-terminated).
Every Raspberry Pi since the B+ shares one 40-pin header layout, so the boards differ here
only in name, family (the Viam model suffix such as `rpi4`) and SoC.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from drivers.errors import BoardNotDetected

log = logging.getLogger(__name__)

DEVICE_TREE_MODEL = Path("/proc/device-tree/model")


@dataclass(frozen=True)
class HeaderPin:
    """One pin of the board header.

    Attributes:
        number: physical pin number on the header (1-40).
        gpio: Broadcom GPIO number, or None for power and ground pins.
        label: what the pin is ("GPIO17", "GND", "3V3", "5V").
        functions: lower-case alternate-function names usable as pin names ("sda", "ce0").
    """

    number: int
    gpio: int | None
    label: str
    functions: tuple[str, ...] = ()


def _pi_40pin_header() -> Mapping[int, HeaderPin]:
    power = {1: "3V3", 17: "3V3", 2: "5V", 4: "5V"}
    ground = {6, 9, 14, 20, 25, 30, 34, 39}
    gpio_by_pin = {
        3: 2, 5: 3, 7: 4, 8: 14, 10: 15, 11: 17, 12: 18, 13: 27, 15: 22, 16: 23, 18: 24, 19: 10,
        21: 9, 22: 25, 23: 11, 24: 8, 26: 7, 27: 0, 28: 1, 29: 5, 31: 6, 32: 12, 33: 13, 35: 19,
        36: 16, 37: 26, 38: 20, 40: 21,
    }  # fmt: skip
    functions = {
        2: ("sda",), 3: ("scl",), 14: ("txd",), 15: ("rxd",), 10: ("mosi",), 9: ("miso",),
        11: ("sclk",), 8: ("ce0",), 7: ("ce1",), 0: ("id_sd",), 1: ("id_sc",),
    }  # fmt: skip
    header: dict[int, HeaderPin] = {}
    for number in range(1, 41):
        if number in power:
            header[number] = HeaderPin(number, None, power[number])
        elif number in ground:
            header[number] = HeaderPin(number, None, "GND")
        else:
            gpio = gpio_by_pin[number]
            header[number] = HeaderPin(number, gpio, f"GPIO{gpio}", functions.get(gpio, ()))
    return MappingProxyType(header)


PI_40PIN_HEADER: Mapping[int, HeaderPin] = _pi_40pin_header()
# GPIOs wired to the SoC's hardware PWM channels on the 40-pin header.
PI_HARDWARE_PWM_GPIOS = frozenset({12, 13, 18, 19})


@dataclass(frozen=True)
class BoardInfo:
    """What a board is and what its header offers.

    Attributes:
        family: short model key, as in the Viam model name (`rpi4`, `rpi5`, `rpi0_2`).
        model: the full model string ("Raspberry Pi 4 Model B Rev 1.4").
        soc: system-on-chip name.
        header: physical pin number -> HeaderPin.
        hardware_pwm_gpios: GPIOs with hardware PWM (others get software PWM).
        i2c_bus: device node of the header's I2C bus (pins 3/5).
        spi_bus: SPI bus number of the header's SPI pins (19/21/23/24/26).
    """

    family: str
    model: str
    soc: str
    header: Mapping[int, HeaderPin] = field(default_factory=lambda: PI_40PIN_HEADER, repr=False, compare=False)
    hardware_pwm_gpios: frozenset[int] = PI_HARDWARE_PWM_GPIOS
    i2c_bus: str = "/dev/i2c-1"
    spi_bus: int = 0

    def gpio_pins(self) -> list[HeaderPin]:
        """Return the header pins that carry a GPIO, in physical order."""
        return [p for p in self.header.values() if p.gpio is not None]

    def header_pin_for_gpio(self, gpio: int) -> HeaderPin | None:
        """Return the header pin wired to Broadcom `gpio`, or None if it is not on the header."""
        for pin in self.header.values():
            if pin.gpio == gpio:
                return pin
        return None


# (pattern on the model string, family, soc), most specific first.
_MODELS: tuple[tuple[str, str, str], ...] = (
    (r"Raspberry Pi 5|Raspberry Pi 500|Raspberry Pi Compute Module 5", "rpi5", "BCM2712"),
    (r"Raspberry Pi 4|Raspberry Pi 400|Raspberry Pi Compute Module 4", "rpi4", "BCM2711"),
    (r"Raspberry Pi Zero 2", "rpi0_2", "BCM2710A1"),
    (r"Raspberry Pi 3|Raspberry Pi Compute Module 3", "rpi3", "BCM2837"),
    (r"Raspberry Pi 2", "rpi2", "BCM2836"),
    (r"Raspberry Pi Zero", "rpi0", "BCM2835"),
    (r"Raspberry Pi (Model [AB] Plus|Compute Module Rev)", "rpi1", "BCM2835"),
)

KNOWN_FAMILIES = tuple(dict.fromkeys(family for _, family, _ in _MODELS))


def board_for_model(model: str) -> BoardInfo:
    """Return the BoardInfo for a device-tree model string.

    Raises:
        BoardNotDetected: the string names no board we support.
    """
    model = model.strip("\x00 \n")
    for pattern, family, soc in _MODELS:
        if re.match(pattern, model):
            return BoardInfo(family=family, model=model, soc=soc)
    raise BoardNotDetected(
        f"unsupported board model {model!r} (supported: Raspberry Pi boards with the 40-pin "
        f"header: {', '.join(KNOWN_FAMILIES)})"
    )


def board_for_family(family: str) -> BoardInfo:
    """Return a BoardInfo for a family key such as `rpi4`, without detection (tests, mocks)."""
    for pattern, fam, soc in _MODELS:
        if fam == family:
            name = pattern.split("|")[0].replace("\\", "")
            return BoardInfo(family=fam, model=name, soc=soc)
    raise BoardNotDetected(f"unknown board family {family!r} (known: {', '.join(KNOWN_FAMILIES)})")


def detect_board(model_path: str | Path = DEVICE_TREE_MODEL) -> BoardInfo:
    """Identify the board from the device-tree model file.

    Args:
        model_path: where to read the model string (injectable for tests).

    Raises:
        BoardNotDetected: the file is missing (not a device-tree board) or names an unknown board.
    """
    path = Path(model_path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise BoardNotDetected(f"cannot read board model from {path}: {e.strerror or e}") from e
    board = board_for_model(raw.decode("utf-8", errors="replace"))
    log.info("detected board %s (%s) from %s", board.model, board.family, path)
    return board
