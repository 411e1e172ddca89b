"""The viam-server artifact: one self-contained executable file per version.

A zipapp (PEP 441): ``#!<interpreter>`` followed by a zip of the project's pure-Python packages
(``viam``, ``drivers``, ``builtin_modules``, ``provisioning``) and a ``__main__.py`` that calls the
entry point. One file per version makes install a copy + rename and activation one symlink swap.
Compiled dependencies (grpcio, protobuf) are not inside: they come from the interpreter the
``#!`` line names (the image's venv), which changes only with an image or agent update.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import zipfile
from pathlib import Path

PACKAGES = ("viam", "drivers", "builtin_modules", "provisioning")


def build_zipapp(out: Path, *, version: str, entry: str = "viam.cli.server:main",
                 interpreter: str = "/usr/bin/env python3") -> Path:
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
    os.replace(tmp, out)
    return out
