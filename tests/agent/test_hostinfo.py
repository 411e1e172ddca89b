"""HostInfo in the reference agent's forms: Go's GOOS/GOARCH, ID:VERSION_ID, the rpi tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from viam.agent.hostinfo import go_platform, host_info, os_release_distro

DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'


@pytest.mark.parametrize(("machine", "expected"), [("x86_64", "linux/amd64"), ("aarch64", "linux/arm64"),
                                                   ("armv7l", "linux/arm"), ("armv6l", "linux/arm")])
def test_platform_is_goos_goarch(machine, expected):
    assert go_platform(machine) == expected


def test_distro_from_os_release():
    assert os_release_distro(DEBIAN) == "debian:12"
    assert os_release_distro("ID=arch\n") == "arch:unknown"
    assert os_release_distro("NAME=x\n") == ""


def test_raspberry_pi_tags(tmp_path: Path):
    release = tmp_path / "os-release"
    release.write_text(DEBIAN)
    compatible = tmp_path / "compatible"
    compatible.write_bytes(b"raspberrypi,4-model-b\x00brcm,bcm2711\x00")
    info = host_info(machine="aarch64", os_release=release, compatible=compatible)
    assert info == {"platform": "linux/arm64", "distro": "debian:12", "tags": ["rpi", "rpi4"]}
    compatible.write_bytes(b"raspberrypi,3-model-b\x00brcm,bcm2837\x00")
    assert host_info(machine="aarch64", os_release=release, compatible=compatible)["tags"] == ["rpi"]
    assert host_info(machine="x86_64", os_release=release, compatible=compatible)["tags"] == []
