"""The ``viam:raspberry-pi:*`` board's attributes, parsed once into plain values.

    {"pin_factory": "lgpio",                          # optional; else $GPIOZERO_PIN_FACTORY, else probed
     "pins": [{"name": "enc", "pin": "37", "type": "interrupt", "pull": "up", "debounce_ms": 5},
              {"name": "led", "pin": "11", "type": "gpio", "pull": "none"}],
     "digital_interrupts": [{"name": "di", "pin": "38"}],  # older spelling of type "interrupt"
     "analogs": [{"name": "pot", "pin": "0", "spi_bus": "0", "chip_select": "0"},              # MCP3008
                 {"name": "batt", "pin": "1", "type": "ads1115", "i2c_bus": "1", "i2c_addr": "0x48",
                  "full_scale_v": 4.096}]}
"""

from __future__ import annotations

from dataclasses import dataclass

from builtin_modules.common.attrs import Attrs
from drivers.board import PI_40PIN_HEADER, BoardInfo
from drivers.errors import PinInvalid
from drivers.gpio import resolve_pin
from viam.config.model import ResourceConfig

PULLS = ("up", "down", "none")
PIN_TYPES = ("gpio", "interrupt")
ANALOG_TYPES = ("mcp3008", "ads1115")
# Every supported Pi shares the 40-pin header, so pin names are checked against it at validation.
HEADER_BOARD = BoardInfo(family="rpi", model="the Raspberry Pi 40-pin header", soc="any", header=PI_40PIN_HEADER)


@dataclass(frozen=True)
class PinConfig:
    name: str
    pin: str
    type: str
    pull: str | None
    debounce_ms: float


@dataclass(frozen=True)
class AnalogConfig:
    name: str
    type: str
    channel: int
    spi_bus: int = 0
    chip_select: int = 0
    vref_v: float = 3.3
    i2c_bus: str = "1"
    i2c_addr: int = 0x48
    full_scale_v: float = 2.048


@dataclass(frozen=True)
class BoardConfig:
    pin_factory: str | None
    pins: tuple[PinConfig, ...]
    analogs: tuple[AnalogConfig, ...]


def check_pin(attrs: Attrs, key: str, seen: dict[int, str] | None = None) -> str:
    """Parse ``attrs[key]`` as a Pi pin name; with ``seen`` (gpio -> path), reject a pin used twice."""
    name = attrs.str(key)
    try:
        spec = resolve_pin(name, HEADER_BOARD)
    except PinInvalid as exc:
        raise attrs.error(str(exc), key) from None
    if seen is not None:
        other = seen.get(spec.gpio)
        if other is not None:
            raise attrs.error(f"{spec} is already used by {other}", key)
        seen[spec.gpio] = attrs.path(key)
    return name


def parse_board(config: ResourceConfig) -> BoardConfig:
    attrs = Attrs(config)
    factory = attrs.str("pin_factory", None)
    seen_gpio: dict[int, str] = {}
    names: dict[str, str] = {}
    pins: list[PinConfig] = []
    entries = [(e, e.str("type", "gpio", choices=PIN_TYPES)) for e in attrs.items("pins")]
    entries += [(e, "interrupt") for e in attrs.items("digital_interrupts")]
    for entry, kind in entries:
        name = entry.str("name")
        if name in names:
            raise entry.error(f"name {name!r} is already used by {names[name]}", "name")
        names[name] = entry.path("name")
        pin = check_pin(entry, "pin", seen_gpio)
        pull = entry.str("pull", None, choices=PULLS)
        debounce = entry.number("debounce_ms", 0.0, minimum=0.0)
        if debounce and kind != "interrupt":
            raise entry.error("debounce_ms only applies to pins of type 'interrupt'", "debounce_ms")
        pins.append(PinConfig(name, pin, kind, pull, float(debounce)))
    analogs: list[AnalogConfig] = []
    for entry in attrs.items("analogs"):
        name = entry.str("name")
        if name in names:
            raise entry.error(f"name {name!r} is already used by {names[name]}", "name")
        names[name] = entry.path("name")
        kind = entry.str("type", "mcp3008", choices=ANALOG_TYPES)
        if kind == "mcp3008":
            channel = entry.int("pin", minimum=0, maximum=7)
            analogs.append(AnalogConfig(name, kind, channel, spi_bus=int(entry.int("spi_bus", 0, minimum=0)),
                                        chip_select=int(entry.int("chip_select", 0, minimum=0, maximum=1)),
                                        vref_v=float(entry.number("vref_v", 3.3, minimum=0, exclusive_minimum=True))))
        else:
            channel = entry.int("pin", minimum=0, maximum=3)
            full_scale = float(entry.number("full_scale_v", 2.048))
            if full_scale not in (6.144, 4.096, 2.048, 1.024, 0.512, 0.256):
                raise entry.error("full_scale_v must be one of 6.144, 4.096, 2.048, 1.024, 0.512, 0.256 "
                                  f"(the ADS1115 PGA ranges), got {full_scale!r}", "full_scale_v")
            address = entry.i2c_address("i2c_addr", 0x48)
            if not 0x48 <= address <= 0x4B:
                raise entry.error(f"an ADS1115 answers at 0x48-0x4b (ADDR pin strapping), not {address:#04x}",
                                  "i2c_addr")
            analogs.append(AnalogConfig(name, kind, channel, i2c_bus=entry.str("i2c_bus", "1"), i2c_addr=address,
                                        full_scale_v=full_scale))
    return BoardConfig(factory, tuple(pins), tuple(analogs))
