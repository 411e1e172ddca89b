"""The Pi's revision code when the firmware did not put one in the device tree.

gpiozero identifies the board (header, RAM, which GPIO chip on a Pi 5) by its revision code, read
from ``/proc/device-tree/system/linux,revision`` (Raspberry Pi's firmware adds it when it loads the
device tree) or from the ``Revision`` line of ``/proc/cpuinfo`` (32-bit kernels). A Pi that boots
another way (U-Boot, UEFI, QEMU's raspi boards) has neither, and gpiozero then refuses the board
with ``PinUnknownPi`` although its GPIO chip works. The device tree's model string still names the
board; this builds the new-style revision code from it and the RAM size.

The code's fields (bit 23 new style, 20-22 memory, 16-19 maker, 12-15 SoC, 4-11 type, 0-3 PCB
revision) and the type numbers are Raspberry Pi's published ones.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path

from drivers.board import DEVICE_TREE_MODEL

log = logging.getLogger(__name__)

MODEL_PATH = DEVICE_TREE_MODEL
MEMINFO_PATH = Path("/proc/meminfo")

# (model string prefix, type code, SoC code), most specific first.
_TYPES: tuple[tuple[str, int, int], ...] = (
    ("Raspberry Pi 500", 0x19, 4),
    ("Raspberry Pi Compute Module 5", 0x18, 4),
    ("Raspberry Pi 5", 0x17, 4),
    ("Raspberry Pi 400", 0x13, 3),
    ("Raspberry Pi Compute Module 4S", 0x15, 3),
    ("Raspberry Pi Compute Module 4", 0x14, 3),
    ("Raspberry Pi 4", 0x11, 3),
    ("Raspberry Pi Zero 2", 0x12, 2),
    ("Raspberry Pi 3 Model B Plus", 0x0D, 2),
    ("Raspberry Pi 3 Model A Plus", 0x0E, 2),
    ("Raspberry Pi 3", 0x08, 2),
    ("Raspberry Pi Compute Module 3 Plus", 0x10, 2),
    ("Raspberry Pi Compute Module 3", 0x0A, 2),
    ("Raspberry Pi 2", 0x04, 1),
    ("Raspberry Pi Zero W", 0x0C, 0),
    ("Raspberry Pi Zero", 0x09, 0),
)
NEW_STYLE = 1 << 23


def memory_code(mem_total_kib: int) -> int:
    """The revision code's memory field: 256 MB << code, the smallest size that holds MemTotal."""
    mib = max(mem_total_kib / 1024, 1)
    return min(max(math.ceil(math.log2(mib / 256)), 0), 7)


def revision_for(model: str, mem_total_kib: int) -> int | None:
    """The new-style revision code for a device-tree model string, or None for a board not listed."""
    model = model.strip("\x00 \n")
    for prefix, board_type, soc in _TYPES:
        if model.startswith(prefix):
            pcb = re.search(r"Rev (\d+)\.(\d+)", model)
            return (NEW_STYLE | memory_code(mem_total_kib) << 20 | soc << 12 | board_type << 4
                    | (int(pcb.group(2)) & 0xF if pcb else 0))
    return None


def revision_from_device_tree(model_path: Path | None = None, meminfo_path: Path | None = None) -> int | None:
    """The revision code built from this machine's model string and RAM, or None when not a known Pi."""
    model_path, meminfo_path = model_path or MODEL_PATH, meminfo_path or MEMINFO_PATH
    try:
        model = model_path.read_bytes().decode("utf-8", "replace")
        mem_kib = next((int(line.split()[1]) for line in meminfo_path.read_text().splitlines()
                        if line.startswith("MemTotal:")), 0)
    except (OSError, ValueError, IndexError):
        return None
    code = revision_for(model, mem_kib)
    if code is not None:
        log.info("no revision code from the firmware; %r with %d MiB RAM is revision %x", model.strip("\x00 \n"),
                 mem_kib // 1024, code)
    return code
