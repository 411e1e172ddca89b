#!/usr/bin/python3
"""Keep the user's edits of config.txt and cmdline.txt across kernel and firmware upgrades.

Debian's raspi-firmware hook (``z50-raspi-firmware``, run by every kernel install and initramfs
update) rewrites ``/boot/firmware/config.txt`` and ``cmdline.txt`` from scratch: its own lines, then
``/etc/default/raspi-firmware-custom`` for config.txt and ``/etc/default/raspi-extra-cmdline`` for
the kernel arguments. Users edit the two files on the FAT partition, so each upgrade would drop what
they added (``dtparam=``, ``dtoverlay=``, ``quiet``...). This runs just before that hook (as ``z40``)
and moves those edits into the hook's own settings files, so the regenerated files keep them.

What counts as the user's: every config.txt line the generator does not write itself (its comment
header, ``arm_64bit=1``, ``enable_uart=1``, ``upstream_kernel=1``, ``kernel=``, ``initramfs``, its
``# Inserted by`` marker), and every kernel argument it does not produce (``console=``, ``root=``,
``rw``, ``fsck.repair=``, ``net.ifnames=``, ``cma=``, ``rootwait``), nor Imager's one-shot
``systemd.run`` arguments. ``kernel=`` and ``initramfs`` lines are never kept: pointing them at the
image's first kernel would boot the old kernel forever.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

GENERATED_LINES = {"arm_64bit=1", "enable_uart=1", "upstream_kernel=1"}
GENERATED_PREFIXES = ("kernel=", "initramfs ", "# Inserted by ")
GENERATED_ARGS = ("console=", "root=", "fsck.repair=", "net.ifnames=", "cma=", "rootfstype=")
GENERATED_WORDS = {"rw", "rootwait"}
ONE_SHOT_ARGS = ("systemd.run=", "systemd.run_success_action=", "systemd.run_failure_action=", "systemd.unit=")
# The generator's header comment, line by line (it starts the file and says "Do not modify").
_HEADER_MARKERS = ("# Do not modify this file!", "# It is automatically generated", "# firmware or the Linux",
                   "# If you need to set boot-time", "# /etc/default/raspi-firmware",
                   "# /etc/default/raspi-extra-cmdline files.", "# Switch the CPU from",
                   "# For details on the initramfs", "# https://www.raspberrypi.org/forums/viewtopic.php")


def user_config_lines(config: str) -> list[str]:
    """The lines of a config.txt the raspi-firmware generator would not write itself."""
    kept: list[str] = []
    for raw in config.splitlines():
        line = raw.strip()
        if line in GENERATED_LINES or line.startswith(GENERATED_PREFIXES) or line.startswith(_HEADER_MARKERS):
            continue
        if line == "#" and not kept:
            continue  # the header's blank comment lines
        kept.append(raw.rstrip())
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def user_cmdline_args(cmdline: str) -> list[str]:
    """The kernel arguments of a cmdline.txt the generator would not produce."""
    return [word for word in cmdline.split()
            if word not in GENERATED_WORDS and not word.startswith(GENERATED_ARGS + ONE_SHOT_ARGS)]


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def keep(boot: Path, etc_default: Path) -> list[str]:
    """Move the user's edits into the generator's settings files; return what was written."""
    written: list[str] = []
    config = boot / "config.txt"
    if config.exists():
        lines = user_config_lines(config.read_text(errors="replace"))
        custom = etc_default / "raspi-firmware-custom"
        text = "\n".join(lines) + "\n" if lines else ""
        if not custom.exists() or custom.read_text() != text:
            write_atomic(custom, text)
            written.append(str(custom))
    cmdline = boot / "cmdline.txt"
    if cmdline.exists():
        args = user_cmdline_args(cmdline.read_text(errors="replace"))
        extra = etc_default / "raspi-extra-cmdline"
        text = " ".join(args) + "\n" if args else ""
        if args or extra.exists():
            if not extra.exists() or extra.read_text() != text:
                write_atomic(extra, text)
                written.append(str(extra))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boot", type=Path, default=Path("/boot/firmware"))
    parser.add_argument("--etc-default", type=Path, default=Path("/etc/default"))
    args = parser.parse_args(argv)
    if not (args.boot / "config.txt").exists():
        print(f"viam: {args.boot}/config.txt not found (boot partition not mounted?); nothing kept", file=sys.stderr)
        return 0
    for path in keep(args.boot, args.etc_default):
        print(f"viam: kept your boot settings edits in {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
