"""``viam-agent --install``: put the systemd unit in place and enable it, as the reference agent does."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from viam.agent.errors import InstallError
from viam.agent.paths import AgentPaths
from viam.files import atomic_write

LOG = logging.getLogger(__name__)
UNIT_NAME = "viam-agent.service"


def unit_source() -> Path:
    """The unit shipped beside the packages (a checkout, or the image's copy under /opt/viam)."""
    for candidate in (Path(__file__).resolve().parents[2] / "systemd" / UNIT_NAME,
                      Path("/opt/viam/systemd") / UNIT_NAME):
        if candidate.is_file():
            return candidate
    raise InstallError(f"cannot find {UNIT_NAME} to install (looked beside the package and in /opt/viam/systemd)")


def render_unit(template: str, executable: str, extra_args: list[str]) -> str:
    """The unit with ExecStart running ``executable`` (the agent being installed) and the given flags."""
    lines = []
    for line in template.splitlines():
        if line.startswith("ExecStart="):
            flags = " ".join(extra_args) or "--root / --enable-networking --enable-syscfg"
            line = f"ExecStart={executable} {flags}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install_unit(paths: AgentPaths, argv: list[str]) -> int:
    """Write ``<root>/etc/systemd/system/viam-agent.service``; on a real root, reload and enable it."""
    executable = shutil.which(sys.argv[0]) or sys.argv[0]
    if Path(executable).name != "viam-agent":
        executable = str(paths.agent_link)
    target = paths.root / "etc" / "systemd" / "system" / UNIT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, render_unit(unit_source().read_text(), executable, argv).encode())
    print(f"installed {target}")
    if paths.root == Path("/") and shutil.which("systemctl"):
        for command in (["systemctl", "daemon-reload"], ["systemctl", "enable", UNIT_NAME]):
            result = subprocess.run(command, capture_output=True, text=True, timeout=60)
            if result.returncode != 0:
                raise InstallError(f"{' '.join(command)} failed: {result.stderr.strip()}")
        print(f"enabled {UNIT_NAME}; start it with: systemctl start {UNIT_NAME}")
    return 0
