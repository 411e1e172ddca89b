"""Draw a rig's wiring as an SVG: the 40-pin header, jumpers between pins, and the attached parts.

No dependencies: the SVG is written by hand. `python -m hil.diagram hil/rigs/pi4-bench.yaml -o rig.svg`
"""

from __future__ import annotations

import argparse
from html import escape
from pathlib import Path

from drivers.board import PI_40PIN_HEADER
from hil.rig import Rig, load_rig

PITCH = 22  # px between header pins
HEADER_X, HEADER_Y = 300, 40
COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def _pin_xy(number: int) -> tuple[int, int]:
    """Centre of header pin `number`: odd pins in the left column, even in the right."""
    row = (number - 1) // 2
    return HEADER_X + (0 if number % 2 else PITCH), HEADER_Y + 20 + row * PITCH


def connections(rig: Rig) -> list[tuple[str, list[str], str]]:
    """(label, pins, kind) for everything wired: kind "jumper" joins pins, "part" goes to a device."""
    out: list[tuple[str, list[str], str]] = []
    for i, loop in enumerate(rig.gpio_loopbacks):
        out.append((f"loopback {i + 1}", [loop.out, loop.inp], "jumper"))
    if rig.pwm_interrupt:
        out.append(("PWM -> interrupt", [rig.pwm_interrupt.pwm, rig.pwm_interrupt.interrupt], "jumper"))
    if rig.servo:
        out.append(("servo signal", [rig.servo.pin], "part"))
        if rig.servo.monitor:
            out.append(("servo monitor", [rig.servo.pin, rig.servo.monitor], "jumper"))
    if rig.motor:
        m = rig.motor
        out.append((f"motor driver {m.driver} ({', '.join(m.pins)})", list(m.pins.values()), "part"))
        out.append((f"encoder {m.encoder_type} ({', '.join(m.encoder_pins)})", list(m.encoder_pins.values()), "part"))
    if rig.i2c_devices:
        names = ", ".join(f"{d.type.upper()} @ {d.address:#04x}" for d in rig.i2c_devices)
        out.append((f"I2C{rig.i2c_bus}: {names}", ["3", "5"], "part"))
    if rig.spi_adc:
        a = rig.spi_adc
        label = (f"{a.chip.upper()} CH{a.channel}: {a.r_top_ohms:g}/{a.r_bottom_ohms:g} ohm divider "
                 f"from {a.supply_v:g} V")  # fmt: skip
        out.append((label, ["19", "21", "23", "24" if a.chip_select == 0 else "26"], "part"))
    if rig.serial_loopback:
        out.append((f"serial TX->RX ({rig.serial_loopback.port})", ["8", "10"], "jumper"))
    return out


def render_svg(rig: Rig) -> str:
    """The wiring diagram of `rig` as an SVG document."""
    items = connections(rig)
    height = max(HEADER_Y + 20 * PITCH + 60, HEADER_Y + 40 + 34 * (len(items) + 3))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="{height}" font-family="sans-serif" '
        f'font-size="11">',
        f'<text x="20" y="24" font-size="16" font-weight="bold">rig {escape(rig.name)}: '
        f"{escape(rig.board_model)}{' (mock)' if rig.mock else ''}</text>",
        f'<rect x="{HEADER_X - 14}" y="{HEADER_Y + 6}" width="{PITCH + 28}" height="{20 * PITCH + 6}" '
        'fill="#222" rx="4"/>',
    ]
    for number, pin in PI_40PIN_HEADER.items():
        x, y = _pin_xy(number)
        fill = "#c00" if pin.label in ("5V", "3V3") else "#555" if pin.label == "GND" else "#fc3"
        parts.append(f'<circle cx="{x}" cy="{y}" r="6" fill="{fill}"/>')
        anchor, dx = ("end", -20) if number % 2 else ("start", 20)
        parts.append(f'<text x="{x + dx}" y="{y + 4}" text-anchor="{anchor}">{number} {escape(pin.label)}</text>')
    for i, (label, pins, kind) in enumerate(items):
        colour = COLOURS[i % len(COLOURS)]
        box_x, box_y = 560, HEADER_Y + 20 + i * 34
        parts.append(f'<rect x="{box_x}" y="{box_y - 12}" width="320" height="24" fill="none" stroke="{colour}" '
                     f'stroke-width="2" rx="3" stroke-dasharray="{"4 2" if kind == "jumper" else "0"}"/>')
        parts.append(f'<text x="{box_x + 6}" y="{box_y + 4}">{escape(label)} [pins {", ".join(pins)}]</text>')
        for pin in pins:
            if not pin.isdigit() or int(pin) not in PI_40PIN_HEADER:
                continue
            x, y = _pin_xy(int(pin))
            start_x = x + 6 if int(pin) % 2 == 0 else x - 6
            bend = HEADER_X + PITCH + 90 + (i % 8) * 12 if int(pin) % 2 == 0 else HEADER_X - 200 + (i % 8) * 12
            parts.append(f'<polyline points="{start_x},{y} {bend},{y} {bend},{box_y} {box_x},{box_y}" fill="none" '
                         f'stroke="{colour}" stroke-width="2" opacity="0.8"/>')
    legend_y = height - 30
    parts.append(f'<text x="20" y="{legend_y}">dashed box: jumper wire between header pins; solid box: part; '
                 "red: power, grey: ground, yellow: GPIO</text>")
    if rig.camera:
        parts.append(f'<text x="20" y="{legend_y + 16}">USB: camera {escape(rig.camera.video_path)} '
                     f"{rig.camera.width}x{rig.camera.height} @ {rig.camera.fps:g} fps</text>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw a HIL rig's wiring as SVG")
    parser.add_argument("rig", type=Path)
    parser.add_argument("-o", "--output", type=Path, help="SVG file (default: stdout)")
    args = parser.parse_args(argv)
    svg = render_svg(load_rig(args.rig))
    if args.output:
        args.output.write_text(svg)
    else:
        print(svg, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
