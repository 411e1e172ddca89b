"""Check, and as root install, the host tools an image build needs."""

from __future__ import annotations

import logging
import os
import platform
import shutil
import subprocess
from pathlib import Path

from .errors import HostToolError

log = logging.getLogger(__name__)

# command -> Debian package that provides it
BUILD_TOOLS: dict[str, str] = {
    "mmdebstrap": "mmdebstrap",
    "mke2fs": "e2fsprogs",
    "mkfs.vfat": "dosfstools",
    "mcopy": "mtools",
    "sfdisk": "fdisk",
    "xz": "xz-utils",
    "zstd": "zstd",
    "sha256sum": "coreutils",
}
ARM64_ON_X86_TOOLS: dict[str, str] = {
    "qemu-aarch64-static": "qemu-user-static",
    "update-binfmts": "binfmt-support",
    # mmdebstrap runs arch-test to find out whether the host can execute the foreign architecture.
    "arch-test": "arch-test",
}
TEST_TOOLS: dict[str, str] = {
    "qemu-system-x86_64": "qemu-system-x86",
    "qemu-system-aarch64": "qemu-system-arm",
    "qemu-img": "qemu-utils",
}

_BINFMT = Path("/proc/sys/fs/binfmt_misc")


def needs_emulation(arch: str) -> bool:
    """True when building ``arch`` on this host runs foreign binaries through qemu-user."""
    host = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    return host != arch


def missing(tools: dict[str, str]) -> dict[str, str]:
    """Return the subset of ``tools`` that is not on PATH (including sbin)."""
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    return {cmd: pkg for cmd, pkg in tools.items() if shutil.which(cmd, path=path) is None}


def ensure_tools(arch: str, *, install: bool = True) -> None:
    """Make sure every build tool for ``arch`` is present, installing with apt-get when root."""
    tools = dict(BUILD_TOOLS)
    if needs_emulation(arch):
        tools.update(ARM64_ON_X86_TOOLS)
    absent = missing(tools)
    if absent:
        packages = sorted(set(absent.values()))
        if not install or os.geteuid() != 0:
            raise HostToolError(
                f"missing host tools {sorted(absent)}; install them with: "
                f"apt-get install --no-install-recommends {' '.join(packages)}"
            )
        log.info("installing host packages: %s", " ".join(packages))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600"]
        subprocess.run([*apt, "update", "-q"], check=True, env=env)
        subprocess.run([*apt, "install", "-y", "-q", "--no-install-recommends", *packages], check=True, env=env)
        still = missing(tools)
        if still:
            raise HostToolError(f"host tools still missing after apt-get install: {sorted(still)}")
    if needs_emulation(arch):
        ensure_binfmt(arch)
    log.info("host tools present for %s", arch)


def ensure_binfmt(arch: str) -> None:
    """Enable the qemu-user binfmt handler that lets the host run ``arch`` binaries in a chroot."""
    name = {"arm64": "qemu-aarch64", "armhf": "qemu-arm"}.get(arch, f"qemu-{arch}")
    entry = _BINFMT / name
    if not (_BINFMT / "status").exists():
        subprocess.run(["mount", "-t", "binfmt_misc", "binfmt_misc", str(_BINFMT)], check=False)
    if entry.exists() and entry.read_text().startswith("enabled"):
        return
    subprocess.run(["update-binfmts", "--enable", name], check=False)
    if not (entry.exists() and entry.read_text().startswith("enabled")):
        raise HostToolError(
            f"binfmt handler {name} is not enabled ({entry}); run `update-binfmts --enable {name}` "
            "as root (packages qemu-user-static, binfmt-support)"
        )
