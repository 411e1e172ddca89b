"""What the agent tells the cloud about its host, in the reference agent's forms.

``platform`` is Go's ``GOOS/GOARCH`` (``linux/arm64``, not ``linux/aarch64``), ``distro`` is
``<ID>:<VERSION_ID>`` from os-release (``debian:12``), and Raspberry Pis get the ``rpi`` tag
(plus ``rpi4`` on a Pi 4), so fleet rules written for the reference match this agent too.
"""

from __future__ import annotations

import platform
from pathlib import Path

# Python's machine names -> Go's GOARCH.
GOARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64", "armv7l": "arm",
          "armv6l": "arm", "armv8l": "arm", "i386": "386", "i686": "386", "riscv64": "riscv64",
          "ppc64le": "ppc64le", "s390x": "s390x"}


def go_platform(machine: str | None = None) -> str:
    machine = machine if machine is not None else platform.machine()
    return f"linux/{GOARCH.get(machine.lower(), machine.lower())}"


def os_release_distro(text: str) -> str:
    """``ID:VERSION_ID`` ("debian:12"; "debian:unknown" without a version; "" without an ID)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value.strip().strip('"').strip("'")
    if not fields.get("ID"):
        return ""
    return f"{fields['ID']}:{fields.get('VERSION_ID') or 'unknown'}"


def host_info(*, machine: str | None = None, os_release: Path = Path("/etc/os-release"),
              compatible: Path = Path("/sys/firmware/devicetree/base/compatible")) -> dict[str, object]:
    """``platform``, ``distro`` and ``tags`` for ``viam.app.agent.v1.HostInfo``."""
    info: dict[str, object] = {"platform": go_platform(machine), "distro": "", "tags": []}
    try:
        info["distro"] = os_release_distro(os_release.read_text())
    except OSError:
        return info
    if info["platform"] in ("linux/arm64", "linux/arm"):
        try:
            board = compatible.read_bytes().decode("ascii", "replace")
        except OSError:
            return info
        if "raspberrypi" in board:
            info["tags"] = ["rpi", "rpi4"] if "4-model-b" in board else ["rpi"]
    return info
