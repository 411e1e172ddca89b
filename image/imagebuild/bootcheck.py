"""Check that the initramfs carries every kernel module each board needs to reach its root device.

A Pi 4's SD controller (``brcm,bcm2711-emmc2``) probes only once its supplies exist, and those are a
``regulator-gpio`` and a ``regulator-fixed``, which Debian builds as modules. With ``MODULES=list``,
any such module left out of the list means a board that stops in the initramfs waiting for its root.
So the build reads each shipped device tree, starts from the nodes that can hold the root filesystem
(SD/eMMC controllers, and USB hosts for USB boot), follows every phandle they depend on (supplies,
clocks, resets, power domains, GPIOs, DMA, pin control, interrupt parents, and their parents), maps
each compatible string to a module through the kernel's ``modules.alias``, and fails naming the
board, the node and the module when the module is not in the initramfs (with its dependencies).
"""

from __future__ import annotations

import fnmatch
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from . import fdt
from .boot import RPI_DTBS, kernel_version
from .errors import ImageBuildError

log = logging.getLogger(__name__)

# Node names (before '@') that can carry the root filesystem.
ROOT_DEVICE_NODES = re.compile(r"^(mmc|mmcnr|sdhci|emmc2?|sdhost|usb|pcie)(@|$)")
# Properties holding one phandle (no arguments).
_SINGLE_PHANDLE = re.compile(r"^(.*-supply|interrupt-parent|pinctrl-\d+|msi-parent|iommus-map)$")
# Properties holding phandle + N argument cells, N read from the provider's '#<cells>' property.
_WITH_ARGS = {
    "clocks": "#clock-cells",
    "resets": "#reset-cells",
    "power-domains": "#power-domain-cells",
    "dmas": "#dma-cells",
    "phys": "#phy-cells",
    "mboxes": "#mbox-cells",
    "gpios": "#gpio-cells",
}


class BootModuleError(ImageBuildError):
    """A board's root device needs a module the initramfs does not carry."""


@dataclass(frozen=True)
class Need:
    board: str
    node: str
    compatible: str
    module: str


def normalise(module: str) -> str:
    return module.replace("-", "_")


class KernelModules:
    """The kernel's module aliases and dependencies, read from ``/lib/modules/<version>``."""

    def __init__(self, moddir: Path) -> None:
        self.of_aliases: list[tuple[str, str]] = []
        alias_file = moddir / "modules.alias"
        if not alias_file.exists():
            raise BootModuleError(f"{alias_file} missing: depmod did not run for the image's kernel")
        for line in alias_file.read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "alias" and parts[1].startswith("of:"):
                self.of_aliases.append((parts[1], normalise(parts[2])))
        self.deps: dict[str, list[str]] = {}
        for line in (moddir / "modules.dep").read_text().splitlines():
            target, _, rest = line.partition(":")
            self.deps[_module_name(target)] = [_module_name(p) for p in rest.split()]

    def modules_for(self, modalias: str) -> set[str]:
        return {module for pattern, module in self.of_aliases if fnmatch.fnmatchcase(modalias, pattern)}

    def closure(self, modules: set[str]) -> set[str]:
        seen: set[str] = set()
        todo = [normalise(m) for m in modules]
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(self.deps.get(module, ()))
        return seen


def _module_name(path: str) -> str:
    name = Path(path).name
    for suffix in (".xz", ".zst", ".gz"):
        name = name.removesuffix(suffix)
    return normalise(name.removesuffix(".ko"))


def modalias(node: fdt.Node) -> str:
    name = node.path.rsplit("/", 1)[-1].split("@", 1)[0]
    device_type = (node.strings("device_type") or ["<NULL>"])[0]
    return f"of:N{name}T{device_type}" + "".join(f"C{c}" for c in node.strings("compatible"))


def referenced(tree: fdt.Tree, node: fdt.Node) -> list[fdt.Node]:
    """Nodes ``node`` depends on through phandle properties."""
    found: list[fdt.Node] = []
    for prop in node.props:
        if _SINGLE_PHANDLE.match(prop):
            found.extend(tree.by_phandle[c] for c in node.cells(prop) if c in tree.by_phandle)
            continue
        cells_prop = _WITH_ARGS.get(prop) or ("#gpio-cells" if prop.endswith("-gpios") else None)
        if cells_prop is None:
            continue
        cells, i = node.cells(prop), 0
        while i < len(cells):
            provider = tree.by_phandle.get(cells[i])
            if provider is None:
                break  # not a phandle list this reader can walk; stop rather than guess
            found.append(provider)
            width = provider.cells(cells_prop)
            i += 1 + (width[0] if width else 0)
    return found


def _parents(tree: fdt.Tree, node: fdt.Node) -> list[fdt.Node]:
    parts = node.path.strip("/").split("/")
    return [tree.by_path["/" + "/".join(parts[:n])] for n in range(1, len(parts))]


def board_needs(board: str, tree: fdt.Tree, kernel: KernelModules) -> list[Need]:
    """Every (node, module) the root-device paths of one device tree depend on."""
    starts = [n for n in tree.by_path.values()
              if n.enabled and ROOT_DEVICE_NODES.match(n.path.rsplit("/", 1)[-1]) and n.strings("compatible")]
    seen: set[str] = set()
    todo = list(starts)
    needs: list[Need] = []
    while todo:
        node = todo.pop()
        if node.path in seen:
            continue
        seen.add(node.path)
        for module in sorted(kernel.modules_for(modalias(node))):
            needs.append(Need(board, node.path, node.strings("compatible")[0], module))
        todo.extend(referenced(tree, node))
        todo.extend(_parents(tree, node))
    return needs


def check(dtbs: list[Path], moddir: Path, listed: tuple[str, ...]) -> dict[str, list[str]]:
    """Raise BootModuleError for any needed module missing from ``listed`` (and its dependencies).

    Returns, per device tree, the sorted modules its root-device paths need (for the manifest).
    """
    kernel = KernelModules(moddir)
    carried = kernel.closure(set(listed))
    missing: list[Need] = []
    report: dict[str, list[str]] = {}
    for dtb in dtbs:
        needs = board_needs(dtb.name, fdt.load(dtb), kernel)
        report[dtb.name] = sorted({n.module for n in needs})
        missing.extend(n for n in needs if n.module not in carried)
    if missing:
        lines = "; ".join(f"{n.board}: {n.node} ({n.compatible}) needs {n.module}" for n in missing)
        raise BootModuleError(
            f"the initramfs lacks modules boards need to reach their root device: {lines}. "
            "Add them to initramfs_modules in image/imagebuild/targets.py"
        )
    log.info("initramfs carries every root-device module for %d device trees", len(dtbs))
    return report


def check_rootfs(rootfs: Path, listed: tuple[str, ...]) -> dict[str, list[str]]:
    """Run :func:`check` on the kernel and Raspberry Pi device trees installed in ``rootfs``."""
    version = kernel_version(rootfs)
    dtb_dir = rootfs / f"usr/lib/linux-image-{version}/broadcom"
    dtbs = sorted(p for p in dtb_dir.glob("*.dtb") if RPI_DTBS.match(p.name))
    if not dtbs:
        raise BootModuleError(f"no Raspberry Pi device trees in {dtb_dir}")
    return check(dtbs, rootfs / "lib/modules" / version, listed)
