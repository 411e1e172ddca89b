"""What differs between the Raspberry Pi image and its QEMU twin: packages, kernel, boot files."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import TargetError

SUITE = "bookworm"
DEFAULT_MIRROR = "http://deb.debian.org/debian"

# Packages both images carry. Recommends are off, so everything needed is listed.
COMMON_PACKAGES: tuple[str, ...] = (
    "systemd-sysv",
    "systemd-timesyncd",
    "udev",
    "dbus",
    "kmod",
    "initramfs-tools",
    "zstd",
    "e2fsprogs",
    "dosfstools",
    "fdisk",
    "cloud-guest-utils",  # growpart: grows the root partition of an MBR disk while mounted
    "network-manager",
    "wpasupplicant",
    "dnsmasq-base",  # NetworkManager's shared mode (the provisioning hotspot) runs it
    "iw",
    "wireless-regdb",
    "iproute2",
    "iputils-ping",
    "netbase",
    "ca-certificates",
    "openssh-server",
    "sudo",
    "python3",
    "python3-venv",
    "less",
    "nano",
    "i2c-tools",
    "python3-yaml",  # first boot reads Raspberry Pi Imager's cloud-init files (user-data, network-config)
    "avahi-daemon",  # mDNS: <hostname>.local answers on the LAN
    "libnss-mdns",  # and this machine resolves other .local names
    "tzdata",  # Imager's timezone setting
)


@dataclass(frozen=True)
class Target:
    """One buildable image: a Debian architecture on one kind of board."""

    arch: str
    board: str
    kernel_package: str
    extra_packages: tuple[str, ...]
    components: tuple[str, ...]
    # CPU name in wheel tags (x86_64, aarch64)
    wheel_machine: str
    # Project extras installed into the release venv.
    extras: tuple[str, ...]
    boot_mib: int
    # Kernel console(s) for cmdline.txt.
    consoles: tuple[str, ...]
    notes: str = ""
    # Compiled Python dependencies with no wheel for this CPU on PyPI, taken from Debian instead
    # (PyPI name -> Debian package); the venv sees them through --system-site-packages.
    debian_python: tuple[tuple[str, str], ...] = ()
    initramfs_modules: tuple[str, ...] = field(default=())

    @property
    def pip_platforms(self) -> tuple[str, ...]:
        """Every wheel platform tag bookworm (glibc 2.36) can run; pip does not expand these itself."""
        tags = [f"manylinux_2_{minor}_{self.wheel_machine}" for minor in range(36, 16, -1)]
        return (*tags, f"manylinux2014_{self.wheel_machine}")

    @property
    def name(self) -> str:
        return f"viam-{self.board}-{self.arch}"

    @property
    def packages(self) -> tuple[str, ...]:
        return COMMON_PACKAGES + (self.kernel_package,) + self.extra_packages + tuple(d for _, d in self.debian_python)


# Modules the initramfs needs to find the root filesystem. Listing them (MODULES=list) instead of
# copying most of the kernel's modules keeps mkinitramfs fast under qemu-user on an x86 host.
_BLOCK_MODULES = ("ext4", "crc32c_generic", "vfat", "nls_cp437", "nls_ascii")
_VIRTIO_MODULES = ("virtio_blk", "virtio_pci", "virtio_mmio", "virtio_net")

TARGETS: dict[tuple[str, str], Target] = {
    ("arm64", "rpi"): Target(
        arch="arm64",
        board="rpi",
        kernel_package="linux-image-arm64",
        extra_packages=("raspi-firmware", "firmware-brcm80211", "bluez-firmware", "bluez"),  # bluez: BLE provisioning
        components=("main", "non-free-firmware"),
        wheel_machine="aarch64",
        extras=("agent", "hardware"),
        boot_mib=512,
        consoles=("tty0", "ttyS1,115200"),
        debian_python=(("spidev", "python3-spidev"),),
        notes="Raspberry Pi 3B/3B+/3A+, Zero 2 W, 4B/400/CM4 (Debian kernel and Pi firmware). "
        "Not Pi 5: bookworm's kernel 6.1 has no Pi 5 (BCM2712/RP1) support.",
        initramfs_modules=_BLOCK_MODULES
        + ("mmc_block", "sdhci_iproc", "bcm2835", "bcm2835_dma", "reset_raspberrypi")
        # The Pi 4/400/CM4 SD controller waits for these supplies (image/imagebuild/bootcheck.py).
        + ("fixed", "gpio_regulator", "phy_generic")
        + ("usb_storage", "uas", "xhci_pci", "pcie_brcmstb", "dwc2")
        + _VIRTIO_MODULES,
    ),
    ("amd64", "qemu"): Target(
        arch="amd64",
        board="qemu",
        kernel_package="linux-image-amd64",
        extra_packages=(),
        components=("main",),
        wheel_machine="x86_64",
        extras=("agent",),
        boot_mib=128,
        consoles=("ttyS0,115200",),
        notes="The twin used by tests: boots under qemu-system-x86_64 with -kernel/-initrd "
        "taken from its boot partition.",
        initramfs_modules=_BLOCK_MODULES + _VIRTIO_MODULES + ("ata_piix", "sd_mod"),
    ),
}


def get_target(arch: str, board: str) -> Target:
    """Return the target for ``arch``/``board`` or raise naming the supported pairs."""
    try:
        return TARGETS[(arch, board)]
    except KeyError:
        known = ", ".join(f"--arch {a} --board {b}" for a, b in TARGETS)
        raise TargetError(f"no image target for --arch {arch} --board {board} (supported: {known})") from None
