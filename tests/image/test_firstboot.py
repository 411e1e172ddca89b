"""First-boot import against a temp root and a temp "boot partition" (runs everywhere, fast)."""

from __future__ import annotations

import configparser
import importlib.util
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

FIRSTBOOT = Path(__file__).resolve().parents[2] / "image/rootfs/usr/lib/viam-image/firstboot.py"


def load_firstboot():
    spec = importlib.util.spec_from_file_location("viam_image_firstboot", FIRSTBOOT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


fb = load_firstboot()


@pytest.fixture
def system(tmp_path: Path):
    root, boot = tmp_path / "root", tmp_path / "boot"
    (root / "etc").mkdir(parents=True)
    boot.mkdir()
    (root / "etc/hostname").write_text("viam-pi\n")
    (root / "etc/hosts").write_text("127.0.0.1\tlocalhost\n127.0.1.1\tviam-pi\n")
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/bash\nviam:x:1000:1000::/home/viam:/bin/bash\n")
    serial = tmp_path / "serial-number"
    serial.write_bytes(b"100000001234abcd\0")
    cmdline = tmp_path / "proc-cmdline"
    cmdline.write_text("console=ttyS0 root=LABEL=viamroot\n")
    return fb.System(root=root, boot=boot, serial_file=serial, net_dir=tmp_path / "net", live=False,
                     cmdline_file=cmdline)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_credentials_move_to_etc_with_0600_and_leave_fat(system):
    secret = {"cloud": {"id": "abc", "secret": "s3cr3t", "app_address": "https://app.example"}}
    (system.boot / "VIAM.JSON").write_text(json.dumps(secret))  # FAT users do not care about case
    (system.boot / "viam-defaults.json").write_text('{"network_configuration": {"hotspot_password": "x"}}')
    assert fb.run(system) == 0
    installed = system.root / "etc/viam.json"
    assert json.loads(installed.read_text()) == secret
    assert mode(installed) == 0o600
    assert mode(system.root / "etc/viam-defaults.json") == 0o600
    assert not (system.boot / "VIAM.JSON").exists()
    assert not (system.boot / "viam-defaults.json").exists()
    report = (system.boot / "viam-firstboot.txt").read_text()
    assert "viam.json: moved to /etc/viam.json" in report
    assert "s3cr3t" not in report


def test_shred_overwrites_before_unlink(tmp_path, monkeypatch):
    victim = tmp_path / "viam.json"
    victim.write_bytes(b"secret-bytes")
    seen = {}
    real_unlink = Path.unlink

    def spy(self, *args, **kwargs):
        seen["content"] = self.read_bytes()
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", spy)
    fb.shred_and_remove(victim)
    assert seen["content"] == b"\0" * len(b"secret-bytes")
    assert not victim.exists()


def test_invalid_viam_json_is_installed_and_reported(system):
    (system.boot / "viam.json").write_text("{not json")
    fb.run(system)
    assert (system.root / "etc/viam.json").read_text() == "{not json"
    assert "not valid JSON" in (system.boot / "viam-firstboot.txt").read_text()


def test_wifi_becomes_networkmanager_keyfiles(system):
    (system.boot / "wifi.json").write_text(json.dumps(
        {"country": "DE", "networks": [{"ssid": "home net", "psk": "password1", "priority": 50},
                                       {"ssid": "lab", "psk": "labpass12", "hidden": True}]}))
    assert fb.run(system) == 0
    conns = sorted((system.root / "etc/NetworkManager/system-connections").iterdir())
    assert [c.name for c in conns] == ["viam-wifi-home_net.nmconnection", "viam-wifi-lab.nmconnection"]
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(conns[0])
    assert cfg["wifi"]["ssid"] == "home net"
    assert cfg["wifi-security"]["psk"] == "password1"
    assert cfg["connection"]["autoconnect-priority"] == "50"
    assert all(mode(c) == 0o600 for c in conns)
    # Persisted where the kernel reads it at each boot (cfg80211's module option), not /etc/default/crda.
    regdom = (system.root / "etc/modprobe.d/viam-wifi-country.conf").read_text()
    assert "options cfg80211 ieee80211_regdom=DE" in regdom.splitlines()
    assert not (system.root / "etc/default/crda").exists()
    assert not (system.boot / "wifi.json").exists()


@pytest.mark.parametrize(
    ("doc", "error"),
    [({"ssid": ""}, "networks[0].ssid must be a non-empty string"),
     ({"ssid": "x" * 33, "psk": "password1"}, "longer than 32 bytes"),
     ([{"ssid": "ok", "psk": "short"}], "networks[0].psk must be 8..63")],
)
def test_bad_wifi_is_rejected_with_the_field(system, doc, error):
    (system.boot / "wifi.json").write_text(json.dumps(doc))
    fb.run(system)
    assert error in (system.boot / "viam-firstboot.txt").read_text()
    assert not (system.root / "etc/NetworkManager/system-connections").exists()
    assert not (system.boot / "wifi.json").exists(), "a file that may hold a password must not stay on FAT"


def test_ssh_key_installs_for_admin_and_enables_sshd(system):
    (system.boot / "authorized_keys").write_text("ssh-ed25519 AAAAC3Nza test@host\n")
    fb.run(system)
    auth = system.root / "home/viam/.ssh/authorized_keys"
    assert auth.read_text() == "ssh-ed25519 AAAAC3Nza test@host\n"
    assert mode(auth) == 0o600 and mode(auth.parent) == 0o700
    assert (system.root / "etc/systemd/system/multi-user.target.wants/ssh.service").is_symlink()


def test_ssh_marker_without_key_leaves_ssh_off(system):
    (system.boot / "ssh").write_text("")
    fb.run(system)
    assert not (system.root / "etc/systemd/system/multi-user.target.wants/ssh.service").exists()
    assert "no public key" in (system.boot / "viam-firstboot.txt").read_text()


def test_hostname_from_serial_once(system):
    fb.run(system)
    assert (system.root / "etc/hostname").read_text() == "viam-1234abcd\n"
    assert "127.0.1.1\tviam-1234abcd" in (system.root / "etc/hosts").read_text()
    assert "viam-pi" not in (system.root / "etc/hosts").read_text()
    system.serial_file.write_bytes(b"99999999\0")
    fb.run(system)
    assert (system.root / "etc/hostname").read_text() == "viam-1234abcd\n", "hostname is set once"


def test_hostname_from_mac_without_serial(system, tmp_path):
    system.serial_file = tmp_path / "missing"
    (tmp_path / "net/lo").mkdir(parents=True)
    (tmp_path / "net/lo/address").write_text("00:00:00:00:00:00\n")
    (tmp_path / "net/eth0").mkdir()
    (tmp_path / "net/eth0/address").write_text("52:54:00:12:34:56\n")
    fb.run(system)
    assert (system.root / "etc/hostname").read_text() == "viam-123456\n"


def test_hostname_txt_overrides_and_bad_one_is_ignored(system):
    (system.boot / "hostname.txt").write_text("Robot-7\n")
    fb.run(system)
    assert (system.root / "etc/hostname").read_text() == "robot-7\n"
    (system.boot / "hostname.txt").write_text("bad_name!\n")
    fb.run(system)
    assert (system.root / "etc/hostname").read_text() == "viam-1234abcd\n"
    assert "not a valid hostname" in (system.boot / "viam-firstboot.txt").read_text()


def test_nothing_dropped_is_a_quiet_noop(system):
    (system.root / "etc/hostname").write_text("viam-already\n")
    assert fb.run(system) == 0
    assert not (system.boot / "viam-firstboot.txt").exists()


def test_cli_offline_against_a_root(tmp_path):
    root, boot = tmp_path / "root", tmp_path / "boot"
    (root / "etc").mkdir(parents=True)
    boot.mkdir()
    (boot / "viam.json").write_text("{}")
    proc = subprocess.run([sys.executable, str(FIRSTBOOT), "--root", str(root), "--boot", str(boot), "--offline"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert mode(root / "etc/viam.json") == 0o600
