"""A remote's APIs this server ships no protos for are learnt over gRPC reflection and routed:
an official-SDK standalone server serving a vision service, used as a remote, driven through our
server with the official client."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.sdk_compat.conftest import run_compat_script

MODULES = Path(__file__).resolve().parent / "modules"
FAST = {"connection_check_interval": "300ms", "reconnect_interval": "100ms"}


def test_official_sdk_server_as_remote_with_an_api_learnt_over_reflection(viam_server, viam_sdk_python, tmp_path):
    sdk = subprocess.Popen([str(viam_sdk_python), str(MODULES / "vision_server.py")], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    try:
        assert sdk.stdout is not None
        port = ""
        for line in sdk.stdout:  # ends when the process exits, so this cannot hang past its death
            if line.startswith("PORT "):
                port = line.split()[1]
                break
        assert port, "the official-SDK server did not start"
        a = viam_server({"remotes": [{"name": "sdk", "address": f"127.0.0.1:{port}", "insecure": True, **FAST}]},
                        name="A")
        a.wait_for_line(r"learnt a remote's API over gRPC reflection.*service=viam.service.vision.v1.VisionService")
        assert run_compat_script(viam_sdk_python, "vision_check.py", a.address).strip().endswith("ok")
    finally:
        sdk.terminate()
        sdk.wait(10)
