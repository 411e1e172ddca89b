"""``image/build --base``: the project put onto an image built by someone else.

The stand-in for a downloaded Raspberry Pi OS image is the amd64 twin built by our own Debian path,
marked on its boot partition so the test can see the base's files carried over. Slow (a build and
a boot): only with VIAM_IMAGE_TESTS=1. The parsing checks at the top run everywhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "image"))

from imagebuild import base  # noqa: E402

from tests.image import vm as vmlib  # noqa: E402

STATUS = """Package: libc6
Status: install ok installed
Architecture: arm64

Package: base-files
Status: install ok installed
Architecture: arm64
Version: 12.4+deb12u5
"""


def test_base_arch_comes_from_dpkg(tmp_path):
    (tmp_path / "var/lib/dpkg").mkdir(parents=True)
    (tmp_path / "var/lib/dpkg/status").write_text(STATUS)
    assert base.base_arch(tmp_path) == "arm64"


def test_not_a_debian_base_is_refused(tmp_path):
    with pytest.raises(base.BaseImageError, match="no dpkg database"):
        base.base_arch(tmp_path)


def test_wrong_arch_and_python_are_named(tmp_path):
    (tmp_path / "var/lib/dpkg").mkdir(parents=True)
    (tmp_path / "var/lib/dpkg/status").write_text(STATUS)
    (tmp_path / "usr/lib/python3.13").mkdir(parents=True)

    class Target:
        arch = "amd64"

    with pytest.raises(base.BaseImageError, match="the base image is arm64, but --arch amd64"):
        base.check_compatible(tmp_path, Target)
    Target.arch = "arm64"
    with pytest.raises(base.BaseImageError, match=r"python3\.13.*built for python3\.11"):
        base.check_compatible(tmp_path, Target)


@pytest.mark.skipif(shutil.which("sfdisk") is None, reason="sfdisk (fdisk) not installed")
def test_an_image_without_the_pi_layout_is_refused(tmp_path):
    disk = tmp_path / "gpt.img"
    with disk.open("wb") as f:
        f.truncate(8 * 1024 * 1024)
    subprocess.run(["sfdisk", "-q", str(disk)], input="label: gpt\n,\n", text=True, check=True)
    with pytest.raises(base.BaseImageError, match="expected an MBR"):
        base.partitions(disk)
    with pytest.raises(base.BaseImageError, match="no such file"):
        base.unpack(tmp_path / "absent.img.xz", tmp_path, tmp_path / "log")


@pytest.mark.timeout(5400)
def test_twin_rebuilt_from_itself_as_base_boots_and_serves(tmp_path, viam_sdk_python):
    from tests.conftest import run_sdk_script
    from tests.image.test_boot_amd64 import BOOT_TIMEOUT_S, FAKE_ROBOT

    vmlib.require_image_tests()
    vmlib.require_tools({**vmlib.BUILD_TOOLS, **vmlib.BOOT_TOOLS, "debugfs": "e2fsprogs"})
    twin = vmlib.build_image("amd64", "qemu", xz_level="none")
    stand_in = tmp_path / "stand-in-base.img"
    subprocess.run(["cp", "--sparse=always", str(twin / "viam-qemu-amd64.img"), str(stand_in)], check=True)
    vmlib.fat_put(stand_in, "base-marker.txt", b"from the base image\n", tmp_path)
    built = vmlib.build_image("amd64", "qemu", xz_level="none", base=stand_in)
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["base"]["file"] == "stand-in-base.img" and "Debian" in manifest["base"]["os"]
    image = built / "viam-qemu-amd64.img"
    assert "base-marker.txt" in vmlib.fat_list(image), "the base's boot files are kept"
    base_id = json.loads(subprocess.run(["sfdisk", "--json", str(stand_in)], capture_output=True, text=True,
                                        check=True).stdout)["partitiontable"]["id"]
    new_id = json.loads(subprocess.run(["sfdisk", "--json", str(image)], capture_output=True, text=True,
                                       check=True).stdout)["partitiontable"]["id"]
    assert new_id == base_id, "PARTUUID names in the base's cmdline.txt/fstab must still match"
    (tmp_path / "vm").mkdir()
    vm = vmlib.VM(image, tmp_path / "vm", guest_ports=(8080,))
    vm.add_ssh_key()
    vm.drop("viam.json", json.dumps(FAKE_ROBOT))
    with vmlib.booted(vm):
        vm.wait_ssh(BOOT_TIMEOUT_S)
        address = f"127.0.0.1:{vm.ports[8080]}"
        vmlib.wait_machine_running(address, 600, vm)
        assert run_sdk_script(viam_sdk_python, "motor.py", address, timeout_s=180).strip().endswith("ok")
