"""``image/build``: one command from a checkout to a flashable, compressed image folder."""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from . import base, boot, bootcheck, disk, hosttools, inputs, wheels
from .errors import ImageBuildError
from .run import run
from .targets import DEFAULT_MIRROR, SUITE, Target, get_target

log = logging.getLogger("image.build")

IMAGE_DIR = Path(__file__).resolve().parent.parent
REPO = IMAGE_DIR.parent
DEFAULT_SECURITY_MIRROR = "http://deb.debian.org/debian-security"
OUTPUT_NAMES = ("manifest.json", "SHA256SUMS")


class Steps:
    """Log each step's start and duration so a long build shows where it is."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.timings: dict[str, float] = {}

    def __call__(self, name: str):
        steps = self

        class _Step:
            def __enter__(self) -> None:
                self.t0 = time.monotonic()
                log.info("==> %s (at %.0f s)", name, self.t0 - steps.started)

            def __exit__(self, *exc: object) -> None:
                steps.timings[name] = round(time.monotonic() - self.t0, 1)
                if exc[0] is None:
                    log.info("<== %s done in %.1f s", name, steps.timings[name])

        return _Step()


def output_dir(out_root: Path, target: Target, digest: str) -> Path:
    return out_root / f"{target.name}-{digest[:12]}"


def is_complete(folder: Path) -> bool:
    return all((folder / name).exists() for name in OUTPUT_NAMES)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def mmdebstrap_command(target: Target, rootfs: Path, mirror: str, security: str) -> list[str]:
    hooks = IMAGE_DIR / "hooks"
    components = " ".join(target.components)
    return [
        "mmdebstrap", "--mode=root", "--format=directory", "--variant=apt",
        f"--architectures={target.arch}",
        f"--components={','.join(target.components)}",
        '--aptopt=APT::Install-Recommends "false"',
        "--dpkgopt=path-exclude=/usr/share/man/*",
        "--dpkgopt=path-exclude=/usr/share/locale/*",
        "--dpkgopt=path-include=/usr/share/locale/locale.alias",
        "--dpkgopt=path-exclude=/usr/share/doc/*",
        "--dpkgopt=path-include=/usr/share/doc/*/copyright",
        f"--include={','.join(target.packages)}",
        f'--setup-hook={hooks}/setup.sh "$1"',
        f'--customize-hook={hooks}/customize.sh "$1"',
        "--verbose",
        SUITE, str(rootfs),
        f"deb {mirror} {SUITE} {components}",
        f"deb {mirror} {SUITE}-updates {components}",
        f"deb {security} {SUITE}-security {components}",
    ]  # fmt: skip


def build(args: argparse.Namespace) -> Path:
    """Build (or reuse) the image for the inputs as they are now; one build per target at a time."""
    target = get_target(args.arch, args.board)
    extra = [f"base-{sha256(args.base)}"] if args.base else []
    digest = inputs.input_hash(REPO, target.board, target.arch, args.mirror, args.security_mirror, SUITE,
                               f"xz-{args.xz_level}", *extra)
    out = output_dir(args.out, target, digest)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / f".{target.name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("another build of %s is running; waiting for it", target.name)
            fcntl.flock(lock, fcntl.LOCK_EX)
        built = _build_locked(args, target, digest, out)
        prune(args.out, target, keep={built})
        return built


def prune(out_root: Path, target: Target, keep: set[Path], spare: int = 1) -> None:
    """Delete older output folders of ``target`` (input changes), keeping ``spare`` of them."""
    old = sorted((p for p in out_root.glob(f"{target.name}-*") if p.is_dir() and p not in keep),
                 key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in old[spare:]:
        log.info("removing outdated build %s", folder)
        safe_rmtree(folder)


def safe_rmtree(folder: Path) -> None:
    """Delete ``folder`` unless something is still mounted below it (a killed mmdebstrap's /proc, /dev)."""
    prefix = str(folder.resolve()) + "/"
    with open("/proc/mounts") as mounts:
        busy = [line.split()[1] for line in mounts if line.split()[1].startswith(prefix)]
    if busy:
        log.warning("not deleting %s: still mounted below it: %s (umount them first)", folder, busy)
        return
    shutil.rmtree(folder, ignore_errors=True)


def _build_locked(args: argparse.Namespace, target: Target, digest: str, out: Path) -> Path:
    if is_complete(out) and not args.force:
        log.info("up to date: %s (inputs %s)", out, digest[:12])
        return out
    safe_rmtree(out)
    if out.exists():
        raise ImageBuildError(f"cannot start over in {out}: an earlier build left it in use (see warning above)")
    out.mkdir(parents=True)
    work = out / ".work"
    work.mkdir()
    log_file = out / "build.log"
    handler = logging.FileHandler(log_file)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    epoch = inputs.source_date_epoch(REPO)
    steps = Steps()
    log.info("building %s into %s (inputs %s, SOURCE_DATE_EPOCH=%d)", target.name, out, digest[:12], epoch)
    log.info("supported boards: %s", target.notes)
    try:
        with steps("host tools"):
            hosttools.ensure_tools(target.arch, install=not args.no_install_tools)
        with steps("python wheels"):
            inputs.build_page(REPO, log_file)
            inputs.copy_project(REPO, work / "src")
            project_wheel = wheels.build_project_wheel(work / "src", work / "project-wheel", log_file)
            version = wheels.parse_wheel(project_wheel.name)["version"]
            wheel_files = wheels.collect(project_wheel, target.extras, target.pip_platforms,
                                         hosttools.needs_emulation(target.arch), work / "wheels", log_file,
                                         from_debian=frozenset(n for n, _ in target.debian_python))
        rootfs = work / "rootfs"
        base_info: dict = {}
        env = dict(
            os.environ,
            SOURCE_DATE_EPOCH=str(epoch),
            VIAM_OVERLAY=str(IMAGE_DIR / "rootfs"),
            # A base image keeps its own boot settings: no Debian raspi-firmware defaults for it.
            VIAM_BOARD_DIR=str(IMAGE_DIR / "boards" / ("none" if args.base else target.board)),
            VIAM_UNITS=str(REPO / "systemd"),
            VIAM_WHEELS=str(work / "wheels"),
            VIAM_VERSION=version,
            VIAM_EXTRAS=",".join(target.extras),
            VIAM_MANIFEST_DIR=str(out),
            VIAM_INITRAMFS_MODULES=" ".join(target.initramfs_modules),
        )
        root_modules: dict = {}
        disk_id = None
        boot_mib = target.boot_mib
        if args.base:
            with steps(f"base image: unpack {args.base.name}"):
                unpacked = base.unpack(args.base, work, log_file)
                base.check_compatible(unpacked.root_tree, target)
            rootfs, boot_mib, disk_id = unpacked.root_tree, unpacked.boot_mib, unpacked.disk_id
            with steps("base image: packages, release, units, first boot"):
                base.customize(unpacked, IMAGE_DIR / "hooks", env, log_file)
            boot_files = sorted(p.name for p in unpacked.boot_tree.iterdir())
            base_info = {"file": args.base.name, "sha256": sha256(args.base), "os": base.os_name(rootfs)}
        else:
            with steps("root filesystem (mmdebstrap)"):
                run(mmdebstrap_command(target, rootfs, args.mirror, args.security_mirror), log_file, env=env,
                    progress=True)
            if target.board == "rpi":
                with steps("initramfs check: root-device modules per board"):
                    root_modules = bootcheck.check_rootfs(rootfs, target.initramfs_modules)
            with steps("boot partition files"):
                boot_files = boot.populate(target, rootfs, IMAGE_DIR / "boards" / target.board, work / "boot")
        image = out / f"{target.name}.img"
        with steps("disk image"):
            layout = disk.assemble(rootfs, work / "boot", boot_mib, image, digest, epoch, log_file,
                                   disk_id=disk_id)
        with steps("compress"):
            if args.xz_level != "none":
                run(["xz", "-T0", f"-{args.xz_level}", "-k", "-f", str(image)], log_file)
            if shutil.which("bmaptool"):
                run(["bmaptool", "create", "-o", str(image.with_suffix(".bmap")), str(image)], log_file)
        if not args.keep_work:
            safe_rmtree(work)
        manifest = {
            "name": target.name,
            "arch": target.arch,
            "board": target.board,
            "boards": target.notes,
            "project": {"name": "viam-pi", "version": version, "git_commit": inputs.git_commit(REPO)},
            "python_wheels": [w.name for w in wheel_files],
            "debian": {"suite": SUITE, "mirror": args.mirror, "components": list(target.components)},
            "packages": _read_packages(out / "packages.tsv"),
            "input_hash": digest,
            "source_date_epoch": epoch,
            "layout_mib": {"boot": layout.boot_mib, "root": layout.root_mib, "total": layout.total_mib},
            "boot_files": boot_files,
            "initramfs_root_modules": root_modules,
            "base": base_info or None,
            "step_seconds": steps.timings,
            "sizes": {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()},
        }
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        sums = [f"{sha256(p)}  {p.name}" for p in sorted(out.iterdir())
                if p.is_file() and p.name not in ("SHA256SUMS", "build.log")]
        (out / "SHA256SUMS").write_text("\n".join(sums) + "\n")
        xz = image.with_suffix(".img.xz")
        log.info("done in %.0f s: %s (%s)", time.monotonic() - steps.started, out,
                 f"{xz.stat().st_size / disk.MIB:.0f} MiB compressed" if xz.exists() else "not compressed")
        return out
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _read_packages(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text().splitlines() if line)
    return {row[0]: row[1] for row in rows if len(row) >= 2}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="image/build", description="Build a flashable viam image.")
    parser.add_argument("--arch", required=True, choices=["arm64", "amd64"])
    parser.add_argument("--board", required=True, choices=["rpi", "qemu"])
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("VIAM_IMAGE_CACHE", IMAGE_DIR / "out")),
                        help="output root; each build goes to OUT/<name>-<input hash> (env VIAM_IMAGE_CACHE)")
    parser.add_argument("--mirror", default=DEFAULT_MIRROR, help="Debian mirror (snapshot URL for exact rebuilds)")
    parser.add_argument("--security-mirror", default=DEFAULT_SECURITY_MIRROR)
    parser.add_argument("--xz-level", default="1", choices=[*map(str, range(10)), "none"],
                        help="xz preset for the .img.xz (1 is several times faster, a little bigger; "
                        "none skips it, for test builds)")
    parser.add_argument("--base", type=Path, default=None, metavar="IMG",
                        help="start from this image (Raspberry Pi OS Lite .img.xz/.img, bookworm) instead of a "
                        "Debian root filesystem: its kernel, firmware and boot settings are kept")
    parser.add_argument("--force", action="store_true", help="rebuild even if the output folder is complete")
    parser.add_argument("--keep-work", action="store_true", help="keep the root tree and wheels (.work/)")
    parser.add_argument("--no-install-tools", action="store_true", help="fail instead of apt-get installing")
    parser.add_argument("--print-dir", action="store_true", help="print only the output folder on stdout")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    if os.geteuid() != 0:
        log.error("image/build must run as root (mmdebstrap root mode and chroot)")
        return 2
    # SIGTERM (a CI timeout, systemd) unwinds like Ctrl-C: running steps stop their process groups.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        out = build(args)
    except KeyboardInterrupt:
        log.error("image build interrupted")
        return 130
    except ImageBuildError as exc:
        log.error("image build failed: %s", exc)
        return 1
    print(out)
    return 0
