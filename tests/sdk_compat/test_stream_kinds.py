"""Client-streaming and bidi calls forwarded as raw bytes: an official-SDK arm module's streamed
trajectory (bidi) and speaker module's PlayStream (client streaming, name in ``init.name``), driven
with the official client on the modules' machine and through a second machine that has it as a
remote (with a prefix, so the first message is renamed on the way)."""

from __future__ import annotations

from tests.sdk_compat.conftest import run_compat_script
from tests.sdk_compat.test_sdk_modules import wrapper

FAST = {"connection_check_interval": "300ms", "reconnect_interval": "100ms"}


def test_sdk_module_bidi_stream_locally_and_through_a_remote(viam_server, viam_sdk_python, tmp_path):
    b = viam_server({
        "modules": [{"name": "arms", "executable_path": wrapper(tmp_path, viam_sdk_python, "arm_module.py")},
                    {"name": "speakers", "executable_path": wrapper(tmp_path, viam_sdk_python, "speaker_module.py")}],
        "components": [{"name": "arm", "api": "rdk:component:arm", "model": "acme:compat:stream-arm"},
                       {"name": "speaker", "api": "rdk:component:audio_out", "model": "acme:compat:counting-speaker"},
                       {"name": "speaker2", "api": "rdk:component:audio_out",
                        "model": "acme:compat:counting-speaker"}],
    }, name="B")
    assert run_compat_script(viam_sdk_python, "arm_stream_check.py", b.address).strip().endswith("ok")
    assert run_compat_script(viam_sdk_python, "speaker_stream_check.py", b.address).strip().endswith("ok")
    a = viam_server({"remotes": [{"name": "b", "address": b.address, "insecure": True, "prefix": "b-", **FAST}]},
                    name="A")
    a.wait_for_line(r"remote connected.*remote=b")
    assert run_compat_script(viam_sdk_python, "arm_stream_check.py", a.address, "b-arm").strip().endswith("ok")
    # A fresh speaker (its counts start at zero) through the remote: the renamed init reaches B's module.
    assert run_compat_script(viam_sdk_python, "speaker_stream_check.py", a.address,
                             "b-speaker2").strip().endswith("ok")


def test_sdk_module_with_arm_and_base_behind_a_second_machine(viam_server, viam_sdk_python, tmp_path):
    """Machine A runs one official-SDK module providing an arm and a base; machine B has A as a
    remote; the official client drives both through B (unary, bidi, stop_all)."""
    a = viam_server({
        "modules": [{"name": "rig", "executable_path": wrapper(tmp_path, viam_sdk_python, "arm_base_module.py")}],
        "components": [{"name": "arm", "api": "rdk:component:arm", "model": "acme:compat:stream-arm"},
                       {"name": "rover", "api": "rdk:component:base", "model": "acme:compat:rover"}],
    }, name="A")
    b = viam_server({"remotes": [{"name": "a", "address": a.address, "insecure": True, "prefix": "a-", **FAST}]},
                    name="B")
    b.wait_for_line(r"remote connected.*remote=a")
    assert run_compat_script(viam_sdk_python, "arm_stream_check.py", b.address, "a-arm").strip().endswith("ok")
    assert run_compat_script(viam_sdk_python, "base_check.py", b.address, "a-rover").strip().endswith("ok")
