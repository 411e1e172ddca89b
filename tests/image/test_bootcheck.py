"""The initramfs root-device check (image/imagebuild/bootcheck.py) on synthetic device trees.

The trees are written here in the real .dtb format, shaped like the Pi 4's SD path (an emmc2
controller with a regulator-gpio and a regulator-fixed supply, the gpio regulator driven by the
firmware GPIO expander), with a kernel module directory holding modules.alias and modules.dep.
The image stage runs the same check against Debian's kernel and device trees in every build.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "image"))

from imagebuild import bootcheck, fdt  # noqa: E402


def _cells(*values: int) -> bytes:
    return struct.pack(f">{len(values)}I", *values)


def _str(*values: str) -> bytes:
    return b"".join(v.encode() + b"\0" for v in values)


def write_dtb(nodes: dict[str, dict[str, bytes]]) -> bytes:
    """Serialise {path: props} (paths in depth-first order, '/' first) as a flattened device tree."""
    strings = bytearray()
    offsets: dict[str, int] = {}
    struct_block = bytearray()

    def token(value: int) -> None:
        struct_block.extend(struct.pack(">I", value))

    def pad() -> None:
        while len(struct_block) % 4:
            struct_block.append(0)

    depth: list[str] = []
    for path, props in nodes.items():
        parent = path.rsplit("/", 1)[0] or "/"
        while depth and depth[-1] != parent and path != "/":
            token(2)
            depth.pop()
        token(1)
        struct_block.extend(("" if path == "/" else path.rsplit("/", 1)[1]).encode() + b"\0")
        pad()
        for name, value in props.items():
            if name not in offsets:
                offsets[name] = len(strings)
                strings.extend(name.encode() + b"\0")
            token(3)
            struct_block.extend(struct.pack(">II", len(value), offsets[name]))
            struct_block.extend(value)
            pad()
        depth.append(path)
    for _ in depth:
        token(2)
    token(9)
    header_size, rsvmap = 40, b"\0" * 16
    off_struct = header_size + len(rsvmap)
    off_strings = off_struct + len(struct_block)
    total = off_strings + len(strings)
    header = struct.pack(">10I", fdt.MAGIC, total, off_struct, off_strings, header_size, 17, 16, 0,
                         len(strings), len(struct_block))
    return header + rsvmap + bytes(struct_block) + bytes(strings)


PI4_LIKE = {
    "/": {"compatible": _str("raspberrypi,4-model-b", "brcm,bcm2711")},
    "/soc": {"compatible": _str("simple-bus")},
    "/soc/firmware": {"compatible": _str("raspberrypi,bcm2835-firmware")},
    "/soc/firmware/gpio": {"compatible": _str("raspberrypi,firmware-gpio"), "#gpio-cells": _cells(2),
                           "phandle": _cells(1)},
    "/soc/mmc@7e202000": {"compatible": _str("brcm,bcm2835-sdhost"), "status": _str("disabled")},
    "/sd_io_1v8_reg": {"compatible": _str("regulator-gpio"), "gpios": _cells(1, 4, 0), "phandle": _cells(2)},
    "/sd_vcc_reg": {"compatible": _str("regulator-fixed"), "phandle": _cells(3)},
    "/emmc2bus": {"compatible": _str("simple-bus")},
    "/emmc2bus/mmc@7e340000": {"compatible": _str("brcm,bcm2711-emmc2"), "vqmmc-supply": _cells(2),
                               "vmmc-supply": _cells(3), "status": _str("okay")},
}


@pytest.fixture
def moddir(tmp_path: Path) -> Path:
    d = tmp_path / "modules"
    d.mkdir()
    (d / "modules.alias").write_text(
        "alias of:N*T*Cbrcm,bcm2711-emmc2C* sdhci_iproc\n"
        "alias of:N*T*Cbrcm,bcm2711-emmc2 sdhci_iproc\n"
        "alias of:N*T*Cbrcm,bcm2835-sdhost bcm2835\n"
        "alias of:N*T*Cregulator-gpio gpio_regulator\n"
        "alias of:N*T*Cregulator-fixed fixed\n"
        "alias platform:sdhost-bcm2835 bcm2835\n"
    )
    (d / "modules.dep").write_text(
        "kernel/drivers/mmc/host/sdhci-iproc.ko.xz: kernel/drivers/mmc/host/sdhci-pltfm.ko.xz "
        "kernel/drivers/mmc/host/sdhci.ko.xz\n"
        "kernel/drivers/mmc/host/sdhci-pltfm.ko.xz: kernel/drivers/mmc/host/sdhci.ko.xz\n"
        "kernel/drivers/mmc/host/sdhci.ko.xz:\n"
        "kernel/drivers/mmc/host/bcm2835.ko.xz:\n"
        "kernel/drivers/regulator/gpio-regulator.ko.xz:\n"
        "kernel/drivers/regulator/fixed.ko.xz:\n"
    )
    return d


@pytest.fixture
def dtb(tmp_path: Path) -> Path:
    path = tmp_path / "bcm2711-rpi-4-b.dtb"
    path.write_bytes(write_dtb(PI4_LIKE))
    return path


def test_reader_follows_phandles_and_paths(dtb):
    tree = fdt.load(dtb)
    emmc2 = tree.by_path["/emmc2bus/mmc@7e340000"]
    assert emmc2.strings("compatible") == ["brcm,bcm2711-emmc2"]
    assert {n.path for n in bootcheck.referenced(tree, emmc2)} == {"/sd_io_1v8_reg", "/sd_vcc_reg"}
    regulator = tree.by_path["/sd_io_1v8_reg"]
    assert [n.path for n in bootcheck.referenced(tree, regulator)] == ["/soc/firmware/gpio"]
    assert not tree.by_path["/soc/mmc@7e202000"].enabled


def test_missing_supply_modules_are_named(dtb, moddir):
    with pytest.raises(bootcheck.BootModuleError) as err:
        bootcheck.check([dtb], moddir, ("sdhci_iproc", "bcm2835"))
    message = str(err.value)
    assert "bcm2711-rpi-4-b.dtb: /sd_io_1v8_reg (regulator-gpio) needs gpio_regulator" in message
    assert "/sd_vcc_reg (regulator-fixed) needs fixed" in message
    assert "sdhci_iproc" not in message.split("needs", 1)[0]


def test_complete_list_passes_and_reports_modules(dtb, moddir):
    report = bootcheck.check([dtb], moddir, ("sdhci-iproc", "gpio_regulator", "fixed"))
    # The disabled sdhost is not a root path; dependencies of listed modules come along.
    assert report == {"bcm2711-rpi-4-b.dtb": ["fixed", "gpio_regulator", "sdhci_iproc"]}


def test_dependencies_of_listed_modules_count(dtb, moddir):
    carried = bootcheck.KernelModules(moddir).closure({"sdhci-iproc"})
    assert carried == {"sdhci_iproc", "sdhci_pltfm", "sdhci"}


def test_not_a_device_tree_is_refused(tmp_path):
    bad = tmp_path / "bad.dtb"
    bad.write_bytes(b"\0" * 64)
    with pytest.raises(fdt.FdtError, match="bad.dtb"):
        fdt.load(bad)


def test_shipped_pi_target_lists_the_pi4_supplies():
    from imagebuild import targets

    listed = set(targets.TARGETS[("arm64", "rpi")].initramfs_modules)
    assert {"fixed", "gpio_regulator", "sdhci_iproc", "bcm2835"} <= listed
