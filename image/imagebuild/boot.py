"""Fill the FAT boot partition's tree for a board from the built root filesystem."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from .errors import StepError
from .targets import Target

log = logging.getLogger(__name__)

# Device trees of the boards the Pi image supports (mainline names, as Debian ships them).
RPI_DTBS = re.compile(r"^bcm(2710|2711|2837)-rpi-.*\.dtb$")


def kernel_version(rootfs: Path) -> str:
    """The one kernel version installed in ``rootfs``."""
    versions = sorted(p.name.removeprefix("vmlinuz-") for p in (rootfs / "boot").glob("vmlinuz-*"))
    if len(versions) != 1:
        raise StepError(f"expected one kernel in {rootfs / 'boot'}, found {versions or 'none'}")
    return versions[0]


def populate(target: Target, rootfs: Path, board_dir: Path, dest: Path) -> list[str]:
    """Copy kernel, initrd, firmware and board config into ``dest``; return the file names."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    version = kernel_version(rootfs)
    initrd = rootfs / "boot" / f"initrd.img-{version}"
    if not initrd.exists():
        raise StepError(f"no initramfs {initrd}: update-initramfs did not run in the root filesystem")
    shutil.copyfile(rootfs / "boot" / f"vmlinuz-{version}", dest / "vmlinuz")
    shutil.copyfile(initrd, dest / "initrd.img")
    if target.board == "rpi":
        firmware = rootfs / "usr/lib/raspi-firmware"
        if not firmware.is_dir():
            raise StepError(f"{firmware} missing: is raspi-firmware (non-free-firmware) installed?")
        for blob in sorted(firmware.iterdir()):
            if blob.is_file():
                shutil.copyfile(blob, dest / blob.name)
        dtb_dir = rootfs / f"usr/lib/linux-image-{version}/broadcom"
        dtbs = sorted(p for p in dtb_dir.glob("*.dtb") if RPI_DTBS.match(p.name))
        if not dtbs:
            raise StepError(f"no Raspberry Pi device trees in {dtb_dir}")
        for dtb in dtbs:
            shutil.copyfile(dtb, dest / dtb.name)
    for name in ("config.txt", "cmdline.txt"):
        if (board_dir / name).exists():
            shutil.copyfile(board_dir / name, dest / name)
    # The root tree keeps an empty mount point; the FAT partition is mounted there.
    firmware_dir = rootfs / "boot/firmware"
    if firmware_dir.exists():
        shutil.rmtree(firmware_dir)
    firmware_dir.mkdir()
    names = sorted(p.name for p in dest.iterdir())
    log.info("boot partition: %d files (kernel %s)", len(names), version)
    return names
