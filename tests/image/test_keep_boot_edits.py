"""User edits of config.txt / cmdline.txt survive the raspi-firmware hook's rewrite at each upgrade.

``regenerate`` below writes the two files the way Debian's z50-raspi-firmware hook does (bookworm's
raspi-firmware 1.20220830: its header, arm_64bit/enable_uart/upstream_kernel, ``kernel=`` and
``initramfs`` for the newest kernel, then /etc/default/raspi-firmware-custom; cmdline.txt from the
consoles, ROOTPART and /etc/default/raspi-extra-cmdline). The test runs our z40 step, then that
rewrite, as an upgrade would, and checks the user's lines are still there.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

IMAGE = Path(__file__).resolve().parents[2] / "image"
KEEPER = IMAGE / "rootfs/usr/lib/viam-image/keep_boot_edits.py"
spec = importlib.util.spec_from_file_location("viam_keep_boot_edits", KEEPER)
keeper = importlib.util.module_from_spec(spec)
spec.loader.exec_module(keeper)


def regenerate(boot: Path, etc: Path, kernel: str) -> None:
    header = ("# Do not modify this file!\n#\n# It is automatically generated upon install or update of either the\n"
              "# firmware or the Linux kernel.\n#\n# If you need to set boot-time parameters, do so via the\n"
              "# /etc/default/raspi-firmware, /etc/default/raspi-firmware-custom or\n"
              "# /etc/default/raspi-extra-cmdline files.\n\n"
              "# Switch the CPU from ARMv7 into ARMv8 (aarch64) mode\narm_64bit=1\n\n"
              f"enable_uart=1\nupstream_kernel=1\n\nkernel=vmlinuz-{kernel}\n"
              "# For details on the initramfs directive, see\n"
              "# https://www.raspberrypi.org/forums/viewtopic.php?f=63&t=10532\n"
              f"initramfs initrd.img-{kernel}\n")
    custom = etc / "raspi-firmware-custom"
    if custom.exists():
        header += f"\n# Inserted by {custom}\n{custom.read_text().rstrip()}\n"
    (boot / "config.txt").write_text(header)
    extra = etc / "raspi-extra-cmdline"
    post = extra.read_text().strip() if extra.exists() else ""
    generated = "console=tty0 console=ttyS1,115200 root=LABEL=viamroot rw fsck.repair=yes net.ifnames=0 cma=64M"
    (boot / "cmdline.txt").write_text(f" {generated} rootwait {post}\n")


def upgrade(boot: Path, etc: Path, kernel: str) -> None:
    keeper.keep(boot, etc)
    regenerate(boot, etc, kernel)


def setup(tmp_path: Path) -> tuple[Path, Path]:
    boot, etc = tmp_path / "boot", tmp_path / "etc-default"
    boot.mkdir()
    etc.mkdir()
    (boot / "config.txt").write_text((IMAGE / "boards/rpi/config.txt").read_text())
    (boot / "cmdline.txt").write_text((IMAGE / "boards/rpi/cmdline.txt").read_text())
    (etc / "raspi-firmware-custom").write_text((IMAGE / "boards/rpi/raspi-firmware-custom").read_text())
    return boot, etc


def test_user_lines_survive_two_upgrades(tmp_path):
    boot, etc = setup(tmp_path)
    with (boot / "config.txt").open("a") as f:
        f.write("dtoverlay=pwm-2chan\ndtparam=i2c_arm_baudrate=400000\n[pi4]\narm_boost=1\n[all]\n")
    (boot / "cmdline.txt").write_text((boot / "cmdline.txt").read_text().strip() + " quiet loglevel=3\n")
    upgrade(boot, etc, "6.1.0-58-arm64")
    upgrade(boot, etc, "6.1.0-59-arm64")
    config = (boot / "config.txt").read_text().splitlines()
    for line in ("dtoverlay=pwm-2chan", "dtparam=i2c_arm_baudrate=400000", "arm_boost=1", "dtparam=i2c_arm=on",
                 "dtparam=spi=on", "max_framebuffers=2"):
        assert line in config, line
    assert config.index("[pi4]") < config.index("arm_boost=1")
    # The newest kernel is booted: the image's first kernel= / initramfs lines are not carried along.
    assert [line for line in config if line.startswith("kernel=")] == ["kernel=vmlinuz-6.1.0-59-arm64"]
    assert [line for line in config if line.startswith("initramfs")] == ["initramfs initrd.img-6.1.0-59-arm64"]
    assert config.count("arm_64bit=1") == 1 and config.count("# Do not modify this file!") == 1
    cmdline = (boot / "cmdline.txt").read_text().split()
    assert cmdline[-2:] == ["quiet", "loglevel=3"] and cmdline.count("quiet") == 1
    assert "root=LABEL=viamroot" in cmdline and cmdline.count("rootwait") == 1


def test_steady_state_writes_nothing(tmp_path):
    boot, etc = setup(tmp_path)
    upgrade(boot, etc, "6.1.0-58-arm64")
    assert keeper.keep(boot, etc) == []


def test_imager_one_shot_arguments_are_not_kept(tmp_path):
    boot, etc = setup(tmp_path)
    (boot / "cmdline.txt").write_text((boot / "cmdline.txt").read_text().strip()
                                      + " systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot"
                                      " systemd.unit=kernel-command-line.target\n")
    keeper.keep(boot, etc)
    assert not (etc / "raspi-extra-cmdline").exists()


def test_hook_script_without_boot_partition_is_harmless(tmp_path):
    proc = subprocess.run([sys.executable, str(KEEPER),
                           "--boot", str(tmp_path / "absent"), "--etc-default", str(tmp_path / "etc")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "not found" in proc.stderr
    assert not (tmp_path / "etc").exists()


def test_hooks_are_installed_before_the_raspi_firmware_hook():
    for folder in ("etc/kernel/postinst.d", "etc/initramfs/post-update.d"):
        hook = IMAGE / "rootfs" / folder / "z40-viam-keep-boot-edits"
        assert hook.exists() and "keep_boot_edits.py" in hook.read_text()
        assert hook.name < "z50-raspi-firmware"
