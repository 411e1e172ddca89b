"""Build the Raspberry Pi (arm64) image and check its partitions, boot files and root filesystem.

Slow (qemu-user runs the arm64 package scripts): only with VIAM_IMAGE_TESTS=1; cached by input hash.
The root filesystem is read with debugfs straight from the image file (no mount, no loop device).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.image import vm as vmlib

pytestmark = pytest.mark.timeout(5400)
ELF_MACHINE_AARCH64 = 183


@pytest.fixture(scope="module")
def rpi_image() -> Path:
    vmlib.require_image_tests()
    vmlib.require_tools({**vmlib.BUILD_TOOLS, **vmlib.ARM64_TOOLS})
    return vmlib.build_image("arm64", "rpi")


def debugfs(image: Path, offset: int, request: str) -> str:
    proc = subprocess.run(["debugfs", "-R", request, f"{image}?offset={offset}"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def root_fs(rpi_image):
    image = rpi_image / "viam-rpi-arm64.img"
    offset = vmlib.partitions(image)[1]["start"] * vmlib.SECTOR
    return lambda request: debugfs(image, offset, request)


def test_partition_table(rpi_image):
    image = rpi_image / "viam-rpi-arm64.img"
    table = json.loads(subprocess.run(["sfdisk", "--json", str(image)], capture_output=True, text=True,
                                      check=True).stdout)["partitiontable"]
    assert table["label"] == "dos", "Pi boot ROMs need an MBR"
    boot, root = table["partitions"]
    assert boot["type"] == "c" and boot.get("bootable") is True
    assert boot["start"] * 512 == 4 * 1024 * 1024
    assert root["type"] == "83" and root["start"] == boot["start"] + boot["size"]
    assert (root["start"] + root["size"]) * 512 == image.stat().st_size


def test_boot_partition_has_firmware_kernel_and_config(rpi_image):
    image = rpi_image / "viam-rpi-arm64.img"
    files = set(vmlib.fat_list(image))
    for name in ("bootcode.bin", "start4.elf", "fixup4.dat", "start.elf", "vmlinuz", "initrd.img",
                 "config.txt", "cmdline.txt", "bcm2711-rpi-4-b.dtb", "bcm2837-rpi-3-b.dtb",
                 "bcm2837-rpi-3-b-plus.dtb"):
        assert name in files, f"{name} missing from the boot partition: {sorted(files)}"
    config = vmlib.fat_get(image, "config.txt", rpi_image / ".config.txt.check").read_text()
    for line in ("arm_64bit=1", "enable_uart=1", "dtparam=i2c_arm=on", "dtparam=spi=on", "kernel=vmlinuz"):
        assert line in config.splitlines(), f"config.txt lacks {line!r}"
    cmdline = vmlib.fat_get(image, "cmdline.txt", rpi_image / ".cmdline.txt.check").read_text()
    assert "root=LABEL=viamroot" in cmdline and "console=ttyS1,115200" in cmdline
    assert not {"viam.json", "authorized_keys", "wifi.json"} & files


def test_root_filesystem_contents(root_fs):
    bin_listing = root_fs("ls -l /opt/viam/bin")
    assert "viam-server-" in bin_listing and "viam-agent-" in bin_listing, bin_listing
    assert "viam-agent.service" in root_fs("ls /etc/systemd/system/multi-user.target.wants")
    assert "viam-firstboot.service" in root_fs("ls /etc/systemd/system/sysinit.target.wants")
    assert "Size: 0" in root_fs("stat /etc/machine-id"), "machine-id must be empty: each device gets its own"
    assert "ssh_host" not in root_fs("ls /etc/ssh"), "SSH host keys must be made per device"
    assert "ssh.service" not in root_fs("ls /etc/systemd/system/multi-user.target.wants"), "SSH off by default"
    shadow = root_fs("cat /etc/shadow")
    for line in shadow.splitlines():
        if line.startswith(("root:", "viam:")):
            assert line.split(":")[1].startswith(("!", "*")), f"no usable password allowed: {line.split(':')[0]}"
    assert "LABEL=VIAMBOOT" in root_fs("cat /etc/fstab")
    assert "fmask=0177" in root_fs("cat /etc/fstab")


def test_python_runtime_is_aarch64(root_fs, rpi_image, tmp_path):
    listing = root_fs("ls /opt/viam/venv/lib/python3.11/site-packages/grpc/_cython")
    so = next(word for word in listing.split() if word.endswith(".so"))
    dest = tmp_path / "cygrpc.so"
    root_fs(f"dump /opt/viam/venv/lib/python3.11/site-packages/grpc/_cython/{so} {dest}")
    header = dest.read_bytes()[:20]
    assert header[:4] == b"\x7fELF" and int.from_bytes(header[18:20], "little") == ELF_MACHINE_AARCH64


def test_outputs_and_manifest(rpi_image):
    manifest = json.loads((rpi_image / "manifest.json").read_text())
    for package in ("linux-image-arm64", "raspi-firmware", "network-manager", "systemd-timesyncd",
                    "firmware-brcm80211", "python3"):
        assert package in manifest["packages"], package
    assert manifest["project"]["name"] == "viam-pi"
    # The build's initramfs check (image/imagebuild/bootcheck.py) ran on Debian's own device trees.
    root_modules = manifest["initramfs_root_modules"]
    assert {"bcm2711-rpi-4-b.dtb", "bcm2837-rpi-3-b.dtb", "bcm2837-rpi-zero-2-w.dtb"} <= set(root_modules)
    assert {"sdhci_iproc", "fixed", "gpio_regulator"} <= set(root_modules["bcm2711-rpi-4-b.dtb"])
    xz = rpi_image / "viam-rpi-arm64.img.xz"
    assert xz.stat().st_size < 500 * 1024 * 1024
    sums = (rpi_image / "SHA256SUMS").read_text()
    assert "viam-rpi-arm64.img.xz" in sums and "manifest.json" in sums
    assert (rpi_image / "build.log").stat().st_size > 0


def test_root_filesystem_boots_under_qemu_virt_to_a_serving_server(rpi_image, tmp_path, viam_sdk_python):
    """The Pi image's kernel, initrd and root filesystem on QEMU's arm64 ``virt`` board (TCG).

    About 140 s of emulated boot to serving (measured) on top of the arm64 build: it runs only
    with VIAM_IMAGE_ARM64_BOOT=1 besides VIAM_IMAGE_TESTS=1.
    """
    import os

    from tests.conftest import run_sdk_script

    if os.environ.get("VIAM_IMAGE_ARM64_BOOT") != "1":
        pytest.skip("arm64 emulated boot is slow: set VIAM_IMAGE_ARM64_BOOT=1 to run it")
    vmlib.require_tools({"qemu-system-aarch64": "qemu-system-arm"})
    from tests.image.test_boot_amd64 import FAKE_ROBOT

    vm = vmlib.VM(rpi_image / "viam-rpi-arm64.img", tmp_path, guest_ports=(8080,), arch="arm64")
    vm.add_ssh_key()
    vm.drop("viam.json", json.dumps(FAKE_ROBOT))
    with vmlib.booted(vm):
        address = f"127.0.0.1:{vm.ports[8080]}"
        served_s = vmlib.wait_machine_running(address, 1500, vm)
        print(f"arm64 VM: viam-server running {served_s:.0f} s after power-on")
        assert run_sdk_script(viam_sdk_python, "motor.py", address, timeout_s=300).strip().endswith("ok")


HARDWARE_ROBOT = {
    "network": {"bind_address": "0.0.0.0:8080"},
    "components": [
        {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi"},
        {"name": "wheel", "api": "rdk:component:motor", "model": "rdk:builtin:gpio",
         "attributes": {"board": "pi", "pins": {"dir": "16", "pwm": "15"}, "max_rpm": 100}, "depends_on": ["pi"]},
        {"name": "cam", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
         "attributes": {"video_path": "/boot/firmware/clip.avi"}},
        {"name": "env", "api": "rdk:component:sensor", "model": "rdk:builtin:bme280", "attributes": {"i2c_bus": "1"}},
    ],
}
HW_SIM = {"i2c": {"1": [{"address": "0x77", "device": "bme280", "raw": [519888, 415148, 27000]}]}}


def _clip(path) -> bytes:
    import cv2
    import numpy as np

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for i in range(10):
        writer.write(np.full((48, 64, 3), i * 20, dtype=np.uint8))
    writer.release()
    return path.read_bytes()


def _resource_states(address: str) -> dict[str, str]:
    import grpc

    from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc

    with grpc.insecure_channel(address) as channel:
        status = robot_pb2_grpc.RobotServiceStub(channel).GetMachineStatus(robot_pb2.GetMachineStatusRequest(),
                                                                           timeout=30)
    return {r.name.name: robot_pb2.ResourceStatus.State.Name(r.state) + (f" ({r.error})" if r.error else "")
            for r in status.resources if r.name.type == "component"}


def test_raspi3b_emulation_boots_with_hardware_models_ready(rpi_image, tmp_path):
    """The real kernel, Pi 3 device tree and initramfs on QEMU's raspi3b board, SD card root.

    The board runs on the emulated SoC's GPIO controller through lgpio (no mock pins), the gpio
    motor on it, the webcam on a video file, the BME280 on a simulated I2C bus (VIAM_HW_SIM).
    """
    import os
    import time

    if os.environ.get("VIAM_IMAGE_ARM64_BOOT") != "1":
        pytest.skip("arm64 emulated boot is slow: set VIAM_IMAGE_ARM64_BOOT=1 to run it")
    vmlib.require_tools({"qemu-system-aarch64": "qemu-system-arm"})
    vm = vmlib.VM(rpi_image / "viam-rpi-arm64.img", tmp_path, guest_ports=(8080,), arch="raspi3b")
    vm.add_ssh_key()
    vm.drop("viam.json", json.dumps(HARDWARE_ROBOT))
    vm.drop("clip.avi", _clip(tmp_path / "clip.avi"))
    with vmlib.booted(vm):
        ssh_s = vm.wait_ssh(2400)
        print(f"raspi3b: SSH after {ssh_s:.0f} s")
        assert "Raspberry Pi 3 Model B" in vm.ssh("tr -d '\\0' </proc/device-tree/model").stdout
        assert vm.ssh("findmnt -n -o SOURCE /").stdout.strip().startswith("/dev/mmcblk")
        vm.ssh(f"echo '{json.dumps(HW_SIM)}' | sudo tee /etc/viam-hw-sim.json >/dev/null")
        vm.ssh("sudo mkdir -p /etc/systemd/system/viam-agent.service.d && printf '[Service]\\n"
               "Environment=VIAM_HW_SIM=/etc/viam-hw-sim.json\\n' | sudo tee "
               "/etc/systemd/system/viam-agent.service.d/hw-sim.conf >/dev/null && sudo systemctl daemon-reload "
               "&& sudo systemctl restart viam-agent", timeout_s=900)  # a graceful restart is slow emulated
        address = f"127.0.0.1:{vm.ports[8080]}"
        vmlib.wait_machine_running(address, 1500, vm)
        deadline, states = time.monotonic() + 900, {}
        while time.monotonic() < deadline:
            states = _resource_states(address)
            if all(states.get(n, "").startswith("STATE_READY") for n in ("pi", "wheel", "cam", "env")):
                break
            time.sleep(5)
        assert all(states.get(n, "").startswith("STATE_READY") for n in ("pi", "wheel", "cam", "env")), states
