"""Raspberry Pi Imager's customisation (firstrun.sh and cloud-init NoCloud files) at first boot.

The files are shaped as Imager writes them; first boot runs against a temp root and boot partition
with ``live=False``, so system commands (useradd, usermod) are recorded instead of run. The amd64
twin boot test (tests/image/test_boot_amd64.py) applies the same files on a booted image.
"""

from __future__ import annotations

import configparser
import importlib.util
import stat
import sys
from pathlib import Path

import pytest

IMAGE_LIB = Path(__file__).resolve().parents[2] / "image/rootfs/usr/lib/viam-image"
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyForImagerTestsOnly user@laptop"
HASH = "$5$abcdefgh$0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
PSK = "a1b2c3d4e5f60718293a4b5c6d7e8f90" * 2


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, IMAGE_LIB / f"{name.split('_', 2)[-1]}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fb = _load("viam_image_firstboot")
imager = _load("viam_image_imager")

FIRSTRUN = f"""#!/bin/bash

set +e

CURRENT_HOSTNAME=`cat /etc/hostname | tr -d " \\t\\n\\r"`
if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
   /usr/lib/raspberrypi-sys-mods/imager_custom set_hostname rover-7
else
   echo rover-7 >/etc/hostname
   sed -i "s/127.0.1.1.*$CURRENT_HOSTNAME/127.0.1.1\\trover-7/g" /etc/hosts
fi
FIRSTUSER=`getent passwd 1000 | cut -d: -f1`
FIRSTUSERHOME=`getent passwd 1000 | cut -d: -f6`
if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
   /usr/lib/raspberrypi-sys-mods/imager_custom enable_ssh -k '{KEY}'
else
   install -o "$FIRSTUSER" -m 700 -d "$FIRSTUSERHOME/.ssh"
fi
if [ -f /usr/lib/userconf-pi/userconf ]; then
   /usr/lib/userconf-pi/userconf 'ada' '{HASH}'
else
   echo "$FIRSTUSER:"'{HASH}' | chpasswd -e
fi
if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
   /usr/lib/raspberrypi-sys-mods/imager_custom set_wlan 'Workshop Wi-Fi' '{PSK}' 'GB'
else
cat >/etc/wpa_supplicant/wpa_supplicant.conf <<'WPAEOF'
country=GB
WPAEOF
fi
if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
   /usr/lib/raspberrypi-sys-mods/imager_custom set_keymap 'gb'
   /usr/lib/raspberrypi-sys-mods/imager_custom set_timezone 'Europe/London'
fi
rm -f /boot/firstrun.sh
sed -i 's| systemd.run.*||g' /boot/cmdline.txt
exit 0
"""

CMDLINE = ("console=tty0 console=ttyS1,115200 root=LABEL=viamroot rootfstype=ext4 rootwait "
           "systemd.run=/boot/firstrun.sh systemd.run_success_action=reboot "
           "systemd.unit=kernel-command-line.target\n")

USER_DATA = f"""#cloud-config
hostname: lab-pi
manage_etc_hosts: true
timezone: Europe/Berlin
keyboard:
  model: pc105
  layout: "de"
users:
- name: grace
  groups: users,adm,dialout,audio,netdev,video,plugdev,cdrom,games,input,gpio,spi,i2c,render,sudo
  shell: /bin/bash
  lock_passwd: false
  passwd: {HASH}
  ssh_authorized_keys:
    - {KEY}
  sudo: ALL=(ALL) NOPASSWD:ALL
ssh_pwauth: true
runcmd:
  - echo hi
"""

NETWORK_CONFIG = """network:
  version: 2
  wifis:
    renderer: NetworkManager
    wlan0:
      dhcp4: true
      regulatory-domain: "DE"
      access-points:
        "Lab Net":
          password: "correct horse battery"
      optional: true
"""


@pytest.fixture
def system(tmp_path: Path):
    root, boot = tmp_path / "root", tmp_path / "boot"
    (root / "etc").mkdir(parents=True)
    boot.mkdir()
    (root / "etc/hostname").write_text("viam-pi\n")
    (root / "etc/hosts").write_text("127.0.0.1\tlocalhost\n127.0.1.1\tviam-pi\n")
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\nviam:x:1000:1000::/home/viam:/bin/bash\n")
    (root / "etc/group").write_text("root:x:0:\nsudo:x:27:viam\ndialout:x:20:viam\nnetdev:x:108:viam\n")
    for zone in ("Europe/London", "Europe/Berlin"):
        (root / "usr/share/zoneinfo" / zone).parent.mkdir(parents=True, exist_ok=True)
        (root / "usr/share/zoneinfo" / zone).write_bytes(b"TZif2")
    serial = tmp_path / "serial-number"
    serial.write_bytes(b"100000001234abcd\0")
    cmdline = tmp_path / "proc-cmdline"
    cmdline.write_text(CMDLINE)
    return fb.System(root=root, boot=boot, serial_file=serial, net_dir=tmp_path / "net", live=False,
                     cmdline_file=cmdline)


def _keyfile(system, ssid_file: str) -> configparser.ConfigParser:
    path = system.root / f"etc/NetworkManager/system-connections/viam-wifi-{ssid_file}.nmconnection"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read_string(path.read_text())
    return cfg


def test_parse_firstrun_reads_only_the_imager_calls():
    custom = imager.parse_firstrun(FIRSTRUN)
    assert custom.hostname == "rover-7"
    assert custom.ssh_enabled and custom.ssh_keys == [KEY] and not custom.ssh_password_auth
    assert (custom.user, custom.password_hash) == ("ada", HASH)
    assert [(w.ssid, w.hidden) for w in custom.wifi] == [("Workshop Wi-Fi", False)]
    assert custom.wifi[0].psk.startswith("a1b2") and custom.country == "GB"
    assert (custom.keymap, custom.timezone) == ("gb", "Europe/London")


def test_firstrun_is_applied_erased_and_cmdline_cleaned(system):
    (system.boot / "firstrun.sh").write_text(FIRSTRUN)
    (system.boot / "cmdline.txt").write_text(CMDLINE)
    assert fb.run(system) == 0
    assert (system.root / "etc/hostname").read_text() == "rover-7\n"
    assert "127.0.1.1\trover-7" in (system.root / "etc/hosts").read_text()
    assert ["useradd", "--create-home", "--shell", "/bin/bash", "--groups", "sudo,dialout,netdev", "ada"] \
        in system.commands
    assert ["usermod", "--password", HASH, "ada"] in system.commands
    sudoers = system.root / "etc/sudoers.d/010-imager-ada"
    assert sudoers.read_text() == "ada ALL=(ALL:ALL) NOPASSWD: ALL\n" and stat.S_IMODE(sudoers.stat().st_mode) == 0o440
    cfg = _keyfile(system, "Workshop_Wi-Fi")
    assert cfg["wifi"]["ssid"] == "Workshop Wi-Fi" and cfg["wifi-security"]["psk"].startswith("a1b2")
    assert "ieee80211_regdom=GB" in (system.root / "etc/modprobe.d/viam-wifi-country.conf").read_text()
    assert (system.root / "etc/timezone").read_text() == "Europe/London\n"
    assert str(Path.readlink(system.root / "etc/localtime")) == "/usr/share/zoneinfo/Europe/London"
    assert 'XKBLAYOUT="gb"' in (system.root / "etc/default/keyboard").read_text()
    assert not (system.boot / "firstrun.sh").exists(), "firstrun.sh holds a password hash and a Wi-Fi key"
    cmdline = (system.boot / "cmdline.txt").read_text()
    assert "systemd.run" not in cmdline and "systemd.unit" not in cmdline
    assert cmdline.startswith("console=tty0 console=ttyS1,115200 root=LABEL=viamroot")
    assert cmdline.endswith("rootwait\n")
    assert system.reboot, "booted into kernel-command-line.target: first boot must reboot into the normal one"
    report = (system.boot / "viam-firstboot.txt").read_text()
    assert HASH not in report and "a1b2c3d4" not in report


def test_firstrun_keys_go_to_an_existing_user_and_enable_ssh(system):
    (system.root / "etc/passwd").write_text(
        "root:x:0:0:root:/root:/bin/bash\nviam:x:1000:1000::/home/viam:/bin/bash\nada:x:1001:1001::/home/ada:/bin/bash\n")
    (system.boot / "firstrun.sh").write_text(FIRSTRUN)
    fb.run(system)
    keys = system.root / "home/ada/.ssh/authorized_keys"
    assert keys.read_text() == KEY + "\n" and stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert not any(c[0] == "useradd" for c in system.commands), "an existing user is not created again"
    assert (system.root / "etc/systemd/system/multi-user.target.wants/ssh.service").is_symlink()


def test_cloud_init_user_data_and_network_config(system):
    (system.boot / "user-data").write_text(USER_DATA)
    (system.boot / "network-config").write_text(NETWORK_CONFIG)
    (system.boot / "meta-data").write_text("instance-id: rpi-imager-1\n")
    assert fb.run(system) == 0
    assert (system.root / "etc/hostname").read_text() == "lab-pi\n"
    assert ["usermod", "--password", HASH, "grace"] in system.commands
    login = system.root / "etc/ssh/sshd_config.d/40-imager-password-login.conf"
    # sshd takes the first value it reads: this file must sort before the image's 50-viam-image.conf
    assert "PasswordAuthentication yes" in login.read_text() and login.name < "50-viam-image.conf"
    cfg = _keyfile(system, "Lab_Net")
    assert cfg["wifi-security"]["psk"] == "correct horse battery"
    assert "ieee80211_regdom=DE" in (system.root / "etc/modprobe.d/viam-wifi-country.conf").read_text()
    assert (system.root / "etc/timezone").read_text() == "Europe/Berlin\n"
    assert 'XKBLAYOUT="de"' in (system.root / "etc/default/keyboard").read_text()
    assert not (system.boot / "user-data").exists() and not (system.boot / "network-config").exists()
    report = (system.boot / "viam-firstboot.txt").read_text()
    assert "runcmd has no effect on this image" in report


def test_broken_cloud_init_is_reported_and_still_erased(system):
    (system.boot / "user-data").write_text("#cloud-config\nusers: [ {name: 12\n")
    assert fb.run(system) == 0
    report = (system.boot / "viam-firstboot.txt").read_text()
    assert "Imager customisation not applied: user-data: not valid YAML" in report
    assert not (system.boot / "user-data").exists()


@pytest.mark.parametrize("text, error", [
    ("/usr/lib/userconf-pi/userconf 'Bad User' 'x'\n", "user name 'Bad User' is not valid"),
    ("/usr/lib/raspberrypi-sys-mods/imager_custom set_wlan 'n' 'password1' 'Narnia'\n", "not a two-letter"),
    ("/usr/lib/raspberrypi-sys-mods/imager_custom set_wlan 'unterminated\n", "firstrun.sh line 1"),
])
def test_bad_firstrun_values_name_the_line(text, error):
    with pytest.raises(imager.ImagerError, match=error):
        imager.parse_firstrun(text)


def test_unknown_timezone_is_left_alone(system):
    custom = imager.Customisation(source="cloud-init", timezone="Mars/Olympus_Mons")
    fb.apply_customisation(system, custom)
    assert not (system.root / "etc/timezone").exists()
    assert "no such zone" in "\n".join(system.report)
