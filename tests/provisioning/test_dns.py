"""The captive-portal DNS drop-in loaded into a real dnsmasq: every name answers 10.42.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import struct
import subprocess
import time
from pathlib import Path

import pytest

from provisioning import dropins

from .conftest import free_port


def _dnsmasq() -> str:
    exe = shutil.which("dnsmasq") or ("/usr/sbin/dnsmasq" if os.access("/usr/sbin/dnsmasq", os.X_OK) else None)
    if exe is None:
        pytest.skip("needs dnsmasq (Debian package 'dnsmasq-base')")
    return exe


def _query_a(port: int, name: str, timeout_s: float = 2.0) -> tuple[int, list[str]]:
    """Send one A query; return (rcode, IPv4 answers)."""
    qid = int.from_bytes(os.urandom(2), "big")
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack(">HH", 1, 1)
    packet = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout_s)
        s.connect(("127.0.0.1", port))  # connected: a closed port fails fast with ECONNREFUSED
        s.send(packet)
        reply = s.recv(512)
    rid, flags, _, ancount, _, _ = struct.unpack(">HHHHHH", reply[:12])
    assert rid == qid
    pos = 12 + len(question)
    answers = []
    for _ in range(ancount):
        pos += 2  # compressed name pointer
        rtype, _, _, rdlen = struct.unpack(">HHIH", reply[pos : pos + 10])
        pos += 10
        if rtype == 1:
            answers.append(socket.inet_ntoa(reply[pos : pos + rdlen]))
        pos += rdlen
    return flags & 0xF, answers


def _run_dnsmasq(exe: str, conf: Path, port: int, tmp: Path) -> subprocess.Popen[bytes]:
    args = [
        exe,
        "--keep-in-foreground",
        f"--conf-file={conf}",
        "--listen-address=127.0.0.1",
        f"--port={port}",
        "--bind-interfaces",
        "--no-resolv",
        "--no-hosts",
        f"--pid-file={tmp / 'dnsmasq.pid'}",
        f"--log-facility={tmp / 'dnsmasq.log'}",
    ]
    if os.geteuid() == 0:
        args.append("--user=root")
    return subprocess.Popen(args, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("redirect_all", [True, False])
def test_dnsmasq_with_the_dropin_answers_the_hotspot_address(tmp_path, redirect_all):
    exe = _dnsmasq()
    dropins.write_dnsmasq_dropin(tmp_path, redirect_all=redirect_all)
    port = free_port()
    proc = _run_dnsmasq(exe, tmp_path / dropins.DNSMASQ_DROPIN, port, tmp_path)
    try:
        deadline = time.monotonic() + 5
        while True:
            try:
                rcode, answers = _query_a(port, "portal.setup", timeout_s=0.3)
                break
            except (TimeoutError, ConnectionRefusedError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    detail = proc.stderr.read() if proc.stderr else b""
                    raise AssertionError(f"dnsmasq did not answer: {detail!r}") from None
                time.sleep(0.05)
        assert answers == ["10.42.0.1"]
        rcode, answers = _query_a(port, "connectivitycheck.gstatic.com")
        if redirect_all:
            assert answers == ["10.42.0.1"]
        else:
            assert answers == [] and rcode != 0  # no upstream: refused, not redirected
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=5)
        if proc.stderr:
            proc.stderr.close()
