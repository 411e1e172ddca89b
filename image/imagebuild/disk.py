"""Assemble a partitioned disk image from a root tree and a boot tree, without loop devices.

Layout (MBR, which every Raspberry Pi boot ROM reads):
  1 MiB .. 4 MiB  empty (partition table, alignment for SD erase blocks)
  partition 1     FAT32 ``VIAMBOOT``, bootable: firmware, kernel, initrd, config.txt, cmdline.txt
  partition 2     ext4 ``viamroot``: the root filesystem, grown to fill the card at first boot
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from .errors import StepError
from .run import run

log = logging.getLogger(__name__)

MIB = 1024 * 1024
SECTOR = 512
FIRST_PARTITION_MIB = 4
BOOT_LABEL = "VIAMBOOT"
ROOT_LABEL = "viamroot"


@dataclass(frozen=True)
class Layout:
    """Where each partition sits in the image, in MiB."""

    boot_mib: int
    root_mib: int

    @property
    def boot_start_mib(self) -> int:
        return FIRST_PARTITION_MIB

    @property
    def root_start_mib(self) -> int:
        return FIRST_PARTITION_MIB + self.boot_mib

    @property
    def total_mib(self) -> int:
        return self.root_start_mib + self.root_mib

    def sfdisk_script(self, disk_id: int) -> str:
        sectors = MIB // SECTOR
        return (
            "label: dos\n"
            f"label-id: 0x{disk_id:08x}\n"
            "unit: sectors\n\n"
            f"start={self.boot_start_mib * sectors}, size={self.boot_mib * sectors}, type=c, bootable\n"
            f"start={self.root_start_mib * sectors}, size={self.root_mib * sectors}, type=83\n"
        )


def seeded_uuid(seed: str, purpose: str) -> uuid.UUID:
    """A UUID that is the same for the same build inputs (reproducible filesystems)."""
    return uuid.UUID(bytes=hashlib.sha256(f"{seed}:{purpose}".encode()).digest()[:16], version=4)


def tree_mib(path: Path) -> int:
    """Disk usage of a directory tree in MiB, counting allocated blocks."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except FileNotFoundError:
                continue
    return total // MIB + 1


def root_size_mib(used_mib: int) -> int:
    """Room for the tree plus ext4 metadata and a little headroom, rounded to 4 MiB."""
    size = int(used_mib * 1.3) + 256
    return (size + 3) // 4 * 4


def make_vfat(boot_tree: Path, image: Path, size_mib: int, seed: str, epoch: int, log_file: Path) -> None:
    """Make a FAT32 filesystem image holding ``boot_tree`` (mkfs.vfat + mcopy)."""
    image.unlink(missing_ok=True)
    with image.open("wb") as handle:
        handle.truncate(size_mib * MIB)
    volume_id = seeded_uuid(seed, "vfat").hex[:8]
    run(["mkfs.vfat", "-F", "32", "-n", BOOT_LABEL, "-i", volume_id, "--invariant", str(image)], log_file)
    for entry in boot_tree.rglob("*"):
        os.utime(entry, (epoch, epoch), follow_symlinks=False)
    entries = sorted(str(p) for p in boot_tree.iterdir())
    if entries:
        env = dict(os.environ, MTOOLS_SKIP_CHECK="1", SOURCE_DATE_EPOCH=str(epoch))
        run(["mcopy", "-s", "-p", "-m", "-i", str(image), *entries, "::/"], log_file, env=env)


def make_ext4(root_tree: Path, image: Path, size_mib: int, seed: str, epoch: int, log_file: Path) -> None:
    """Make an ext4 filesystem image populated from ``root_tree`` (mke2fs -d: no mount needed)."""
    image.unlink(missing_ok=True)
    fs_uuid = str(seeded_uuid(seed, "ext4"))
    env = dict(os.environ, E2FSPROGS_FAKE_TIME=str(epoch), SOURCE_DATE_EPOCH=str(epoch))
    run(
        ["mke2fs", "-q", "-F", "-t", "ext4", "-L", ROOT_LABEL, "-U", fs_uuid,
         "-E", f"hash_seed={seeded_uuid(seed, 'hash')},root_owner=0:0",
         "-d", str(root_tree), str(image), f"{size_mib}M"],
        log_file,
        env=env,
    )  # fmt: skip


def copy_into(src: Path, dest_handle, offset: int) -> None:
    """Copy ``src`` into the open image at ``offset``, skipping zero blocks (keeps it sparse)."""
    block = 4 * MIB
    with src.open("rb") as source:
        position = offset
        while chunk := source.read(block):
            if chunk.count(0) != len(chunk):
                dest_handle.seek(position)
                dest_handle.write(chunk)
            position += len(chunk)


def assemble(
    root_tree: Path, boot_tree: Path, boot_mib: int, output: Path, seed: str, epoch: int, log_file: Path,
    disk_id: int | None = None,
) -> Layout:
    """Write ``output`` as a partitioned disk image holding both trees; return its layout."""
    work = output.parent
    layout = Layout(boot_mib=boot_mib, root_mib=root_size_mib(tree_mib(root_tree)))
    log.info("disk layout: boot %d MiB, root %d MiB, total %d MiB", layout.boot_mib, layout.root_mib,
             layout.total_mib)
    boot_fs, root_fs = work / "boot.vfat", work / "root.ext4"
    make_vfat(boot_tree, boot_fs, layout.boot_mib, seed, epoch, log_file)
    log.info("boot filesystem ready")
    make_ext4(root_tree, root_fs, layout.root_mib, seed, epoch, log_file)
    log.info("root filesystem ready")
    output.unlink(missing_ok=True)
    with output.open("wb") as handle:
        handle.truncate(layout.total_mib * MIB)
    if disk_id is None:  # a base image's own id is kept: its cmdline.txt and fstab name PARTUUID=<id>-0N
        disk_id = int(seeded_uuid(seed, "disk").hex[:8], 16)
    script = layout.sfdisk_script(disk_id)
    with log_file.open("a") as out:
        out.write(f"$ sfdisk {output}\n{script}")
        out.flush()
        result = subprocess.run(["sfdisk", "--no-reread", "--no-tell-kernel", str(output)], input=script,
                                text=True, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise StepError(f"sfdisk could not write the partition table of {output}; see {log_file}")
    with output.open("r+b") as handle:
        copy_into(boot_fs, handle, layout.boot_start_mib * MIB)
        copy_into(root_fs, handle, layout.root_start_mib * MIB)
    boot_fs.unlink()
    root_fs.unlink()
    return layout
