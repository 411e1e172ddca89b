"""``image/build --base IMG``: put this project onto an image someone else built (Raspberry Pi OS Lite).

Raspberry Pi OS is the route to boards and hardware Debian's kernel does not cover (Pi 5, the
camera stack), so instead of a root filesystem from mmdebstrap the build starts from the user's
downloaded image, still without loop devices or mounts of the image itself:

1. the image is decompressed (``.xz``, ``.zst``, ``.gz`` or raw) and its MBR read with sfdisk;
2. the FAT partition's files are copied out with mtools, the ext4 root with ``debugfs rdump``;
3. the packages this project needs and the base lacks are installed in a chroot (its own apt
   sources), then the same customize hook as the Debian build adds the release, units, first boot
   and the admin user;
4. a new disk is assembled from the two trees with the base's disk identifier, so the
   ``PARTUUID=`` names in its cmdline.txt and fstab still match; its kernel, firmware, config.txt
   and cmdline.txt are kept as they are.

File capabilities (xattrs) are not carried by ``rdump``; the few packages that use them get
them back from ``dpkg-reconfigure``-free ``setcap`` calls in :data:`CAPABILITIES`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ImageBuildError
from .run import run

log = logging.getLogger(__name__)
SECTOR = 512
# What the release, first boot, the agent's networking and mDNS need from the base's distribution.
BASE_PACKAGES = ("python3", "python3-venv", "python3-yaml", "network-manager", "wpasupplicant", "dnsmasq-base",
                 "iw", "avahi-daemon", "libnss-mdns", "cloud-guest-utils", "e2fsprogs", "openssh-server", "sudo",
                 "i2c-tools", "tzdata", "ca-certificates", "iproute2")
CAPABILITIES = (("/usr/bin/ping", "cap_net_raw+ep"),)
# Installed when the base's apt sources have them (Raspberry Pi OS does; Debian does not): the CSI
# camera model's libcamera binding, seen by the release venv through --system-site-packages.
OPTIONAL_PACKAGES = ("python3-picamera2",)
_DECOMPRESS = {".xz": ["xz", "-dc"], ".zst": ["zstd", "-dc"], ".gz": ["gzip", "-dc"]}


class BaseImageError(ImageBuildError):
    """The base image cannot be used; the message says why and what to give instead."""


@dataclass(frozen=True)
class BaseImage:
    disk_id: int
    boot_tree: Path
    root_tree: Path
    boot_mib: int


def decompress(source: Path, dest: Path, log_file: Path) -> Path:
    command = _DECOMPRESS.get(source.suffix)
    if command is None:
        return source
    log.info("decompressing %s", source.name)
    with dest.open("wb") as out, log_file.open("a") as err:
        result = subprocess.run([*command, str(source)], stdout=out, stderr=err)
    if result.returncode != 0:
        raise BaseImageError(f"cannot decompress {source} ({command[0]} exit {result.returncode}); see {log_file}")
    return dest


def partitions(image: Path) -> tuple[int, list[dict]]:
    proc = subprocess.run(["sfdisk", "--json", str(image)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BaseImageError(f"{image} has no partition table sfdisk can read: {proc.stderr.strip()}")
    table = json.loads(proc.stdout)["partitiontable"]
    if table.get("label") != "dos":
        raise BaseImageError(f"{image}: expected an MBR (dos) partition table as Raspberry Pi images have, "
                             f"found {table.get('label')!r}")
    parts = table.get("partitions", [])
    if len(parts) < 2 or parts[0]["type"].lower() not in ("c", "b", "e") or parts[1]["type"] != "83":
        raise BaseImageError(f"{image}: expected partition 1 FAT and partition 2 Linux (ext4), found "
                             f"{[p['type'] for p in parts]}")
    return int(table["id"], 16), parts


def unpack(source: Path, work: Path, log_file: Path) -> BaseImage:
    """Copy the base image's boot and root partitions out into directories."""
    if not source.is_file():
        raise BaseImageError(f"--base {source}: no such file")
    raw = decompress(source, work / "base.img", log_file)
    disk_id, parts = partitions(raw)
    boot_tree, root_tree = work / "boot", work / "rootfs"
    for tree in (boot_tree, root_tree):
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
    boot_offset = parts[0]["start"] * SECTOR
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    run(["mcopy", "-s", "-p", "-m", "-i", f"{raw}@@{boot_offset}", "::/*", str(boot_tree)], log_file, env=env)
    root_offset = parts[1]["start"] * SECTOR
    run(["debugfs", "-R", f"rdump / {root_tree}", f"{raw}?offset={root_offset}"], log_file)
    if not (root_tree / "etc/os-release").exists():
        raise BaseImageError(f"{source}: partition 2 holds no Linux root filesystem (no /etc/os-release)")
    if raw != source:
        raw.unlink()
    boot_mib = max(256, -(-parts[0]["size"] * SECTOR // (1024 * 1024)))
    log.info("base %s: disk id %08x, %s", source.name, disk_id, os_name(root_tree))
    return BaseImage(disk_id=disk_id, boot_tree=boot_tree, root_tree=root_tree, boot_mib=boot_mib)


def os_name(root: Path) -> str:
    for line in (root / "etc/os-release").read_text().splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return "unknown distribution"


def base_arch(root: Path) -> str:
    """The Debian architecture of the base (read from dpkg's database, no emulation needed)."""
    status = root / "var/lib/dpkg/status"
    if not status.exists():
        raise BaseImageError("the base image has no dpkg database: only Debian-based images (Raspberry Pi OS) work")
    block, arch = "", None
    for line in status.read_text(errors="replace").splitlines() + [""]:
        if line:
            block += line + "\n"
            continue
        if "Package: base-files\n" in block:
            arch = next((x.split(": ", 1)[1] for x in block.splitlines() if x.startswith("Architecture: ")), None)
            break
        block = ""
    if arch is None:
        raise BaseImageError("cannot tell the base image's architecture (no base-files package)")
    return arch


@contextlib.contextmanager
def chroot_mounts(root: Path) -> Iterator[None]:
    """/proc, /sys, /dev and resolv.conf for apt-get inside the tree; always undone."""
    mounted: list[Path] = []
    resolv = root / "etc/resolv.conf"
    saved = root / "etc/.resolv.conf.viam-build"
    try:
        for source, target, fstype in (("proc", "proc", "proc"), ("sysfs", "sys", "sysfs")):
            (root / target).mkdir(exist_ok=True)
            subprocess.run(["mount", "-t", fstype, source, str(root / target)], check=True)
            mounted.append(root / target)
        (root / "dev").mkdir(exist_ok=True)
        subprocess.run(["mount", "--bind", "/dev", str(root / "dev")], check=True)
        mounted.append(root / "dev")
        if resolv.exists() or resolv.is_symlink():
            resolv.rename(saved)
        shutil.copyfile("/etc/resolv.conf", resolv)
        yield
    finally:
        for path in reversed(mounted):
            subprocess.run(["umount", "--lazy", str(path)], check=False)
        if saved.exists() or saved.is_symlink():
            resolv.unlink(missing_ok=True)
            saved.rename(resolv)


def missing_packages(root: Path) -> list[str]:
    proc = subprocess.run(["chroot", str(root), "dpkg-query", "-W", "-f", "${Package} ${Status}\\n"],
                          capture_output=True, text=True)
    installed = {line.split()[0] for line in proc.stdout.splitlines() if line.endswith("install ok installed")}
    return [p for p in BASE_PACKAGES if p not in installed]


def available(root: Path, package: str) -> bool:
    """True when the base's apt knows ``package`` (after ``apt-get update``)."""
    proc = subprocess.run(["chroot", str(root), "apt-cache", "show", package], capture_output=True, text=True)
    return proc.returncode == 0 and "Package:" in proc.stdout


def customize(base: BaseImage, hooks: Path, env: dict[str, str], log_file: Path) -> None:
    """Install what is missing, then run the same customize hook the Debian build runs."""
    root = base.root_tree
    with chroot_mounts(root):
        missing = missing_packages(root)
        apt_env = dict(env, DEBIAN_FRONTEND="noninteractive")
        run(["chroot", str(root), "apt-get", "update", "-q"], log_file, env=apt_env)
        optional = [p for p in OPTIONAL_PACKAGES if available(root, p)]
        for package in OPTIONAL_PACKAGES:
            if package not in optional:
                log.info("%s is not in the base's apt sources: left out (only Raspberry Pi OS has it)", package)
        if missing or optional:
            log.info("installing into the base: %s", " ".join(missing + optional))
            run(["chroot", str(root), "apt-get", "install", "-y", "-q", "--no-install-recommends",
                 *missing, *optional], log_file, env=apt_env, progress=True)
        run(["sh", str(hooks / "customize.sh"), str(root)], log_file, env=env, progress=True)
        for path, caps in CAPABILITIES:
            if (root / path.lstrip("/")).exists() and shutil.which("setcap"):
                subprocess.run(["setcap", caps, str(root / path.lstrip("/"))], check=False)
    # The base's own FAT files stay; the root tree keeps an empty mount point for them.
    firmware_dir = root / "boot/firmware"
    firmware_dir.mkdir(parents=True, exist_ok=True)
    for entry in firmware_dir.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def check_compatible(root: Path, target) -> None:
    """The base must be the target's architecture and carry the Python the release's wheels are for."""
    arch = base_arch(root)
    if arch != target.arch:
        raise BaseImageError(f"the base image is {arch}, but --arch {target.arch} was asked for "
                             f"(use --arch {arch} with a matching --board)")
    if not list((root / "usr/lib").glob("python3.11")):
        found = sorted(p.name for p in (root / "usr/lib").glob("python3.*"))
        raise BaseImageError(f"the base image has {found or 'no Python 3'}, the release is built for python3.11 "
                             "(Raspberry Pi OS / Debian bookworm); use a bookworm-based image")
