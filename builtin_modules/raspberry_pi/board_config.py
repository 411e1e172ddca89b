"""The ``viam:raspberry-pi:*`` board's attributes, parsed once into plain values.

    {"pin_factory": "lgpio",                          # optional; else $GPIOZERO_PIN_FACTORY, else probed
     "pins": [{"name": "enc", "pin": "37", "type": "interrupt", "pull": "up", "debounce_ms": 5},
              {"pin": "11", "pull": "none"}],                # name optional (the pin), type gpio
     "digital_interrupts": [{"name": "di", "pin": "38"}],  # older spelling of type "interrupt"
     "analogs": [{"name": "pot", "channel": "0", "spi_bus": "0", "chip_select": "24",   # MCP3008 (reference)
                  "average_over_ms": 100, "samples_per_sec": 50},
                 {"name": "batt", "pin": "1", "type": "ads1115", "i2c_bus": "1", "i2c_addr": "0x48",
                  "full_scale_v": 4.096}],
     "board_settings": {"enable_i2c": true, "bluetooth_enable_uart": true,
                        "bluetooth_dtoverlay_miniuart": true, "bluetooth_baud_rate": 115200}}

The MCP3008 keys are the reference's (``channel``, ``spi_bus``, ``chip_select`` as 0/1, "24"/"26",
"ce0"/"ce1" or "io8"/"io7"); ``pin`` is our older spelling of ``channel``.
"""

from __future__ import annotations

from dataclasses import dataclass

from builtin_modules.common.attrs import Attrs, warn_unknown
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
    average_over_ms: int = 0
    samples_per_sec: int = 0


@dataclass(frozen=True)
class BoardSettings:
    """``board_settings``: boot-config options the reference writes to config.txt (then reboots)."""

    enable_i2c: bool = False
    bluetooth_enable_uart: bool | None = None
    bluetooth_dtoverlay_miniuart: bool | None = None
    bluetooth_baud_rate: int | None = None


@dataclass(frozen=True)
class BoardConfig:
    pin_factory: str | None
    pins: tuple[PinConfig, ...]
    analogs: tuple[AnalogConfig, ...]
    board_settings: BoardSettings = BoardSettings()
    warnings: tuple[str, ...] = ()


BOARD_ATTRIBUTES = ("pin_factory", "pins", "digital_interrupts", "analogs", "board_settings")
PIN_ATTRIBUTES = ("name", "pin", "type", "pull", "debounce_ms")
ANALOG_ATTRIBUTES = ("name", "channel", "pin", "type", "spi_bus", "chip_select", "vref_v", "i2c_bus", "i2c_addr",
                     "full_scale_v", "average_over_ms", "samples_per_sec")
SETTINGS_ATTRIBUTES = ("enable_i2c", "bluetooth_enable_uart", "bluetooth_dtoverlay_miniuart", "bluetooth_baud_rate")
_CHIP_SELECTS = {"24": 0, "ce0": 0, "io8": 0, "0": 0, "26": 1, "ce1": 1, "io7": 1, "1": 1}


def _chip_select(entry: Attrs) -> int:
    value = entry.str("chip_select", "0")
    if value.lower() not in _CHIP_SELECTS:
        raise entry.error(f"bad chip select ({value}), choose chip select 0 (pin 24) or 1 (pin 26)", "chip_select")
    return _CHIP_SELECTS[value.lower()]


def _optional_bool(attrs: Attrs, key: str) -> bool | None:
    return attrs.bool(key) if key in attrs.data and attrs.data[key] is not None else None


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
    warnings = warn_unknown(attrs, BOARD_ATTRIBUTES)
    for entry, kind in entries:
        warnings += warn_unknown(entry, PIN_ATTRIBUTES)
        name = entry.str("name", None) or entry.str("pin")  # the reference's name is optional
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
        warnings += warn_unknown(entry, ANALOG_ATTRIBUTES)
        name = entry.str("name")
        if name in names:
            raise entry.error(f"name {name!r} is already used by {names[name]}", "name")
        names[name] = entry.path("name")
        kind = entry.str("type", "mcp3008", choices=ANALOG_TYPES)
        channel_key = "channel" if entry.has("channel") else "pin"
        smoothing = {"average_over_ms": int(entry.int("average_over_ms", 0, minimum=0)),
                     "samples_per_sec": int(entry.int("samples_per_sec", 0, minimum=0))}
        if kind == "mcp3008":
            channel = entry.int(channel_key, minimum=0, maximum=7)
            analogs.append(AnalogConfig(name, kind, channel, spi_bus=int(entry.int("spi_bus", 0, minimum=0)),
                                        chip_select=_chip_select(entry),
                                        vref_v=float(entry.number("vref_v", 3.3, minimum=0, exclusive_minimum=True)),
                                        **smoothing))
        else:
            channel = entry.int(channel_key, minimum=0, maximum=3)
            full_scale = float(entry.number("full_scale_v", 2.048))
            if full_scale not in (6.144, 4.096, 2.048, 1.024, 0.512, 0.256):
                raise entry.error("full_scale_v must be one of 6.144, 4.096, 2.048, 1.024, 0.512, 0.256 "
                                  f"(the ADS1115 PGA ranges), got {full_scale!r}", "full_scale_v")
            address = entry.i2c_address("i2c_addr", 0x48)
            if not 0x48 <= address <= 0x4B:
                raise entry.error(f"an ADS1115 answers at 0x48-0x4b (ADDR pin strapping), not {address:#04x}",
                                  "i2c_addr")
            analogs.append(AnalogConfig(name, kind, channel, i2c_bus=entry.str("i2c_bus", "1"), i2c_addr=address,
                                        full_scale_v=full_scale, **smoothing))
    settings_attrs = attrs.mapping("board_settings")
    warnings += warn_unknown(settings_attrs, SETTINGS_ATTRIBUTES)
    baud = settings_attrs.int("bluetooth_baud_rate", None, minimum=0)
    settings = BoardSettings(
        enable_i2c=settings_attrs.bool("enable_i2c"),
        bluetooth_enable_uart=_optional_bool(settings_attrs, "bluetooth_enable_uart"),
        bluetooth_dtoverlay_miniuart=_optional_bool(settings_attrs, "bluetooth_dtoverlay_miniuart"),
        bluetooth_baud_rate=None if baud is None else int(baud))
    return BoardConfig(factory, tuple(pins), tuple(analogs), settings, tuple(warnings))
