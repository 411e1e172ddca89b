"""A module's own ``log_level`` decides which of its log lines the server prints (as the reference)."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

MODULE = Path(__file__).resolve().parent / "modules" / "chatty_module.py"


def test_module_debug_level_shows_its_debug_lines(viam_server, tmp_path):
    run = tmp_path / "run-chatty.sh"
    run.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{MODULE}" "$@"\n')
    run.chmod(run.stat().st_mode | stat.S_IXUSR)
    server = viam_server({
        "modules": [{"name": "loud", "executable_path": str(run), "log_level": "debug",
                     "env": {"CHATTY_MODEL": "loud"}},
                    {"name": "quiet", "executable_path": str(run), "env": {"CHATTY_MODEL": "quiet"}}],
        "components": [{"name": "l1", "api": "rdk:component:sensor", "model": "acme:compat:loud"},
                       {"name": "q1", "api": "rdk:component:sensor", "model": "acme:compat:quiet"}],
    })
    server.wait_for_line(r"chatty l1 built \(info\)")
    server.wait_for_line(r"chatty q1 built \(info\)")
    # The server logs at info; the module configured "debug" still gets its debug lines printed.
    server.wait_for_line(r"DEBUG.*chatty l1 built \(debug\).*module_name=loud")
    assert not [line for line in server.lines if "chatty q1 built (debug)" in line]
