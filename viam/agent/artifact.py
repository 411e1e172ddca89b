"""The viam-server artifact: one self-contained executable file per version.

A zipapp (PEP 441): ``#!<interpreter>`` followed by a zip of the project's pure-Python packages
(``viam``, ``viam_pi``, ``drivers``, ``builtin_modules``, ``provisioning``) and a ``__main__.py`` that calls the
entry point. One file per version makes install a copy + rename and activation one symlink swap.
Compiled dependencies (grpcio, protobuf) are not inside: they come from the interpreter the
``#!`` line names (the image's venv), which changes only with an image or agent update.
"""

from __future__ import annotations

import importlib.util
import shlex
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

from viam.agent.errors import ArtifactError
from viam.files import commit_file

PACKAGES = ("viam", "viam_pi", "drivers", "builtin_modules", "provisioning")


# What the artifact needs from its interpreter: the compiled dependencies it does not carry.
REQUIRED_IMPORTS = ("grpc", "google.protobuf", "aiohttp")


def check_interpreter(interpreter: str) -> None:
    """Refuse an interpreter that cannot run the artifact (a bare system python has no grpcio).

    An artifact whose ``#!`` names such an interpreter crash-loops on ``No module named 'google'``
    once installed; failing here says so while someone is watching.
    """
    argv = shlex.split(interpreter)
    code = f"import {', '.join(REQUIRED_IMPORTS)}"
    try:
        result = subprocess.run([*argv, "-c", code], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ArtifactError(f"interpreter {interpreter!r} cannot be run here: {exc}") from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["exit code " + str(result.returncode)])[-1]
        raise ArtifactError(f"interpreter {interpreter!r} cannot run the artifact ({last}); pass --python with "
                            f"the venv that has viam-pi's dependencies (e.g. /opt/viam/venv/bin/python)")


def build_zipapp(out: Path, *, version: str, entry: str = "viam.cli.server:main",
                 interpreter: str | None = None) -> Path:
    """Write the artifact; ``interpreter`` (the ``#!``) defaults to the one running this build."""
    interpreter = interpreter or sys.executable
    module, _, func = entry.partition(":")
    main = (f"import sys\nfrom {module} import {func} as _main\n"
            f"VERSION = {version!r}\nsys.exit(_main())\n")
    tmp = out.with_name(f".{out.name}.tmp")
    with tmp.open("wb") as raw:
        raw.write(f"#!{interpreter}\n".encode())
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("__main__.py", main)
            archive.writestr("VIAM_ARTIFACT_VERSION", version + "\n")
            for name in PACKAGES:
                spec = importlib.util.find_spec(name)
                if spec is None or not spec.submodule_search_locations:
                    continue
                base = Path(next(iter(spec.submodule_search_locations)))
                for path in sorted(base.rglob("*")):
                    if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                        archive.write(path, f"{name}/{path.relative_to(base)}")
    tmp.chmod(tmp.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    commit_file(tmp, out)
    return out
