"""Build the amd64 twin and boot it under qemu-system-x86_64 (software emulation).

Slow (a build of several minutes unless cached by input hash, then about two minutes per boot):
runs only with VIAM_IMAGE_TESTS=1. VIAM_IMAGE_CACHE names the cache folder (default image/out/).
"""

from __future__ import annotations

import json
import re
import subprocess
import time

import grpc
import pytest

from tests.conftest import run_sdk_script
from tests.image import vm as vmlib

pytestmark = pytest.mark.timeout(3600)

FAKE_ROBOT = {
    "network": {"bind_address": "0.0.0.0:8080"},
    # What tests/sdk_scripts/motor.py drives (as tests/core/test_motor.py's config).
    "components": [{"name": "motor1", "api": "rdk:component:motor", "model": "rdk:builtin:fake",
                    "attributes": {"max_rpm": 200, "encoder": "enc1", "ticks_per_rotation": 10}},
                   {"name": "enc1", "api": "rdk:component:encoder", "model": "rdk:builtin:fake"},
                   {"name": "bare", "api": "rdk:component:motor", "model": "rdk:builtin:fake"}],
}
BOOT_TIMEOUT_S = 900  # generous: software emulation on a busy 2-core machine


@pytest.fixture(scope="session")
def amd64_image():
    vmlib.require_image_tests()
    vmlib.require_tools(vmlib.BUILD_TOOLS)
    vmlib.require_tools(vmlib.BOOT_TOOLS)
    return vmlib.build_image("amd64", "qemu", xz_level="none")  # compression is checked on the arm64 image


@pytest.fixture
def machine(amd64_image, tmp_path):
    vm = vmlib.VM(amd64_image / "viam-qemu-amd64.img", tmp_path, guest_ports=(8080, 4772))
    vm.add_ssh_key()
    yield vm
    vm.stop()
    print(vm.console_tail(30))


def test_configured_boot_serves_the_fake_motor_to_the_official_sdk(machine, viam_sdk_python):
    machine.drop("viam.json", json.dumps(FAKE_ROBOT))
    machine.start()
    ssh_s = machine.wait_ssh(BOOT_TIMEOUT_S)
    address = f"127.0.0.1:{machine.ports[8080]}"
    served_s = vmlib.wait_machine_running(address, 300, machine)  # the agent starts viam-server after boot
    print(f"ssh after {ssh_s:.0f} s, viam-server running after {served_s:.0f} s of boot")
    assert run_sdk_script(viam_sdk_python, "motor.py", address, timeout_s=180).strip().endswith("ok")

    # The agent runs as a notify service with a watchdog.
    show = machine.ssh("systemctl show viam-agent -p ActiveState -p Type -p WatchdogUSec -p NRestarts").stdout
    props = dict(line.split("=", 1) for line in show.split())
    assert props["ActiveState"] == "active" and props["Type"] == "notify", show
    assert props["WatchdogUSec"] not in ("0", "infinity", ""), show
    # First-boot files moved and secured; nothing secret left on FAT.
    assert machine.ssh("sudo stat -c '%a %U' /etc/viam.json").stdout.split() == ["600", "root"]
    fat = machine.ssh("sudo ls /boot/firmware").stdout.split()
    assert "viam.json" not in fat and "authorized_keys" not in fat, fat
    assert "viam-firstboot.txt" in fat
    assert machine.ssh("stat -c %a /boot/firmware").stdout.strip() == "700"
    # A unique hostname (from the MAC: QEMU's default 52:54:00:12:34:56), a fresh machine-id.
    assert machine.ssh("hostname").stdout.strip() == "viam-123456"
    assert re.fullmatch(r"[0-9a-f]{32}", machine.ssh("cat /etc/machine-id").stdout.strip())
    # The root filesystem grew into the space added to the disk.
    machine.ssh("test -f /var/lib/viam-image/rootfs-grown")
    # The project's units pass systemd-analyze verify inside the image.
    units = "/etc/systemd/system/viam-agent.service /etc/systemd/system/viam-firstboot.service"
    verify = machine.ssh(f"sudo systemd-analyze verify {units}", check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # SSH is key-only.
    assert "passwordauthentication no" in machine.ssh("sudo sshd -T").stdout


def test_unprovisioned_boot_enters_provisioning_mode(machine):
    from viam.gen.provisioning.v1 import provisioning_pb2, provisioning_pb2_grpc

    # Manufacturer defaults from the boot partition: serve provisioning on every address, since
    # the VM has no Wi-Fi device for the hotspot address (10.42.0.1) to live on.
    machine.drop("viam-defaults.json", json.dumps({"network_configuration": {"bind_address": "0.0.0.0"}}))
    machine.start()
    machine.wait_ssh(BOOT_TIMEOUT_S)
    address = f"127.0.0.1:{machine.ports[4772]}"
    deadline = time.monotonic() + 300
    status = None
    while status is None:
        try:
            with grpc.insecure_channel(address) as channel:
                stub = provisioning_pb2_grpc.ProvisioningServiceStub(channel)
                status = stub.GetSmartMachineStatus(provisioning_pb2.GetSmartMachineStatusRequest(), timeout=10)
        except grpc.RpcError:
            machine.check_alive()
            if time.monotonic() > deadline:
                pytest.fail("provisioning API never answered on port 4772:\n"
                            + machine.ssh("sudo journalctl -b -u viam-agent --no-pager | tail -60", check=False).stdout)
            time.sleep(3)
    assert not status.has_smart_machine_credentials
    journal = machine.ssh("sudo journalctl -b -u viam-agent --no-pager").stdout
    assert re.search(r"provisioning", journal, re.I), journal[-3000:]
    assert re.search(r"no Wi-Fi device", journal, re.I), journal[-3000:]
    assert machine.ssh("test -e /etc/viam.json", check=False).returncode != 0
    assert machine.ssh("sudo stat -c %a /etc/viam-defaults.json").stdout.strip() == "600"


KEY_COMMENT = "imager-test"


def _new_key(machine) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", KEY_COMMENT, "-f", str(machine.key)],
                   check=True)
    return machine.key.with_suffix(".pub").read_text().strip()


@pytest.fixture
def bare_machine(amd64_image, tmp_path):
    vm = vmlib.VM(amd64_image / "viam-qemu-amd64.img", tmp_path, guest_ports=(8080,))
    yield vm
    vm.stop()
    print(vm.console_tail(30))


def test_imager_cloud_init_customisation(bare_machine):
    """Imager's NoCloud files: a new user with a key, Wi-Fi country, time zone, hostname."""
    key = _new_key(bare_machine)
    bare_machine.drop("user-data", "#cloud-config\nhostname: imager-twin\ntimezone: Europe/Berlin\n"
                      f"users:\n- name: grace\n  lock_passwd: true\n  ssh_authorized_keys:\n  - {key}\n")
    bare_machine.drop("network-config", "network:\n  version: 2\n  wifis:\n    wlan0:\n"
                      '      regulatory-domain: "DE"\n      access-points:\n        "Lab Net":\n'
                      '          password: "correct horse battery"\n')
    bare_machine.user = "grace"
    bare_machine.start()
    bare_machine.wait_ssh(BOOT_TIMEOUT_S)
    assert bare_machine.ssh("hostname").stdout.strip() == "imager-twin"
    assert bare_machine.ssh("cat /etc/timezone").stdout.strip() == "Europe/Berlin"
    assert "sudo" in bare_machine.ssh("id -nG").stdout.split()
    assert bare_machine.ssh("sudo -n true", check=False).returncode == 0
    assert "ieee80211_regdom=DE" in bare_machine.ssh("cat /etc/modprobe.d/viam-wifi-country.conf").stdout
    assert "Lab Net" in bare_machine.ssh("sudo cat /etc/NetworkManager/system-connections/*.nmconnection").stdout
    fat = bare_machine.ssh("sudo ls /boot/firmware").stdout.split()
    assert "user-data" not in fat and "network-config" not in fat, fat


def test_imager_firstrun_customisation_reboots_once_into_the_normal_boot(bare_machine):
    """Imager's firstrun.sh + systemd.run: read at first boot, cmdline cleaned, one reboot."""
    key = _new_key(bare_machine)
    cmdline = vmlib.fat_get(bare_machine.disk, "cmdline.txt", bare_machine.workdir / "c.txt").read_text().strip()
    bare_machine.drop("cmdline.txt", cmdline + " systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot"
                      " systemd.unit=kernel-command-line.target\n")
    bare_machine.drop("firstrun.sh", "#!/bin/bash\nset +e\n"
                      "if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then\n"
                      "   /usr/lib/raspberrypi-sys-mods/imager_custom set_hostname rover-twin\n"
                      f"   /usr/lib/raspberrypi-sys-mods/imager_custom enable_ssh -k '{key}'\n"
                      "fi\n"
                      "/usr/lib/userconf-pi/userconf 'ada' '$5$abcdefgh$0123456789abcdefghijklmnopqrstuvwxyzABCDEF'\n"
                      "rm -f /boot/firstrun.sh\nsed -i 's| systemd.run.*||g' /boot/cmdline.txt\nexit 0\n")
    bare_machine.start()
    bare_machine.wait_exit(BOOT_TIMEOUT_S)  # the first boot ends in a reboot (qemu -no-reboot exits)
    cleaned = vmlib.fat_get(bare_machine.disk, "cmdline.txt", bare_machine.workdir / "c2.txt").read_text()
    assert "systemd.run" not in cleaned and "systemd.unit" not in cleaned, cleaned
    assert "firstrun.sh" not in vmlib.fat_list(bare_machine.disk)
    bare_machine.user = "ada"
    bare_machine.start()
    bare_machine.wait_ssh(BOOT_TIMEOUT_S)
    assert bare_machine.ssh("hostname").stdout.strip() == "rover-twin"
    assert bare_machine.ssh("systemctl is-active viam-agent", check=False).stdout.strip() in ("active", "activating")
