"""An official-SDK module's own proto API with one RPC of each stream kind (unary, server
streaming, client streaming, bidi), driven with the official client through the module's machine
and through a second machine that has it as a remote (prefixed, so names are rewritten on the way).
The module's protos are generated at test time with grpcio-tools, as a module author does."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.sdk_compat.conftest import run_compat_script
from viam.testing.sdk import generate_sdk_protos

HERE = Path(__file__).resolve().parent
FAST = {"connection_check_interval": "300ms", "reconnect_interval": "100ms"}


def tally_module(tmp_path: Path, python: Path, generated: Path) -> str:
    path = tmp_path / "run-tally.sh"
    module = HERE / "modules" / "tally_module.py"
    path.write_text(f'#!/bin/sh\nPYTHONPATH="{generated}" exec "{python}" "{module}" "$@"\n')
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_custom_api_every_stream_kind_locally_and_through_a_remote(viam_server, viam_sdk_python, tmp_path):
    generated = generate_sdk_protos(HERE / "protos" / "tally.proto", tmp_path / "gen")
    a = viam_server({
        "modules": [{"name": "tallies", "executable_path": tally_module(tmp_path, viam_sdk_python, generated)}],
        "components": [{"name": "tally", "api": "acme:component:tally", "model": "acme:compat:counter"},
                       {"name": "tally2", "api": "acme:component:tally", "model": "acme:compat:counter"}],
    }, name="A")
    assert run_compat_script(viam_sdk_python, "tally_check.py", a.address, str(generated)).strip().endswith("ok")
    b = viam_server({"remotes": [{"name": "a", "address": a.address, "insecure": True, "prefix": "a-", **FAST}]},
                    name="B")
    b.wait_for_line(r"remote connected.*remote=a")
    # A fresh tally (its total starts at zero) through the remote: the renamed first message reaches A's module.
    assert run_compat_script(viam_sdk_python, "tally_check.py", b.address, str(generated),
                             "a-tally2").strip().endswith("ok")
