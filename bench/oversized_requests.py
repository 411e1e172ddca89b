#!/usr/bin/env python3
"""Server memory under 16 concurrent 60 MB requests sent without a token (gRPC and gRPC-web).

The attacker is a raw HTTP/2 (and HTTP/1.1) client that declares a 60 MB message and streams it
as fast as the server's flow control allows, so it costs the attacker nothing but bandwidth.
The server runs as its own process with API keys configured; its peak RSS (VmHWM) is read from
/proc before and after. Baseline: the same server's RSS at rest in the same run.
Prints a table and a JSON line. tests/security/test_oversized_requests.py asserts the bound.

Usage: python bench/oversized_requests.py [--clients 16] [--mb 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import struct
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viam.testing.process import ServerProcess  # noqa: E402

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE = 0, 1, 3, 4, 6, 7, 8
END_STREAM, END_HEADERS, ACK = 0x1, 0x4, 0x1
METHOD = "/viam.component.motor.v1.MotorService/SetPower"
KEY_ID, KEY = str(uuid.uuid4()), "bench-key-value"


def _frame(kind: int, flags: int, stream: int, payload: bytes = b"") -> bytes:
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def _literal(name: str, value: str) -> bytes:
    """One HPACK literal header field without indexing (no Huffman): enough for a request."""
    out = bytearray(b"\x00")
    for text in (name.encode(), value.encode()):
        length = len(text)
        if length < 127:
            out.append(length)
        else:  # 7-bit prefix integer
            out.append(127)
            length -= 127
            while length >= 128:
                out.append((length & 127) | 128)
                length >>= 7
            out.append(length)
        out += text
    return bytes(out)


class Outcome:
    def __init__(self) -> None:
        self.sent = 0
        self.ended = ""
        self.max_streams: int | None = None


async def h2_attack(host: str, port: int, path: str, declared: int, timeout_s: float = 60.0) -> Outcome:
    """Send one gRPC request declaring ``declared`` bytes, streaming them while the server lets us."""
    outcome = Outcome()
    reader, writer = await asyncio.open_connection(host, port)
    conn_window = stream_window = 65535
    window_open = asyncio.Event()
    window_open.set()
    done = asyncio.Event()

    async def read_frames() -> None:
        nonlocal conn_window, stream_window
        try:
            while True:
                header = await reader.readexactly(9)
                length = int.from_bytes(header[:3], "big")
                kind, flags, stream = header[3], header[4], int.from_bytes(header[5:], "big") & 0x7FFFFFFF
                payload = await reader.readexactly(length) if length else b""
                if kind == SETTINGS and not flags & ACK:
                    for i in range(0, len(payload), 6):
                        ident, value = struct.unpack(">HI", payload[i:i + 6])
                        if ident == 4:  # INITIAL_WINDOW_SIZE
                            stream_window += value - 65535
                        if ident == 3:
                            outcome.max_streams = value
                    writer.write(_frame(SETTINGS, ACK, 0))
                elif kind == PING and not flags & ACK:
                    writer.write(_frame(PING, ACK, 0, payload))
                elif kind == WINDOW_UPDATE:
                    increment = int.from_bytes(payload, "big") & 0x7FFFFFFF
                    if stream == 0:
                        conn_window += increment
                    else:
                        stream_window += increment
                elif kind == RST_STREAM and stream == 1:
                    outcome.ended = outcome.ended or "reset"
                    break
                elif kind == HEADERS and stream == 1 and flags & END_STREAM:
                    outcome.ended = outcome.ended or "answered"
                    break
                elif kind == GOAWAY:
                    outcome.ended = outcome.ended or "goaway"
                    break
                window_open.set()
        except (asyncio.IncompleteReadError, ConnectionError):
            outcome.ended = outcome.ended or "closed"
        finally:
            done.set()
            window_open.set()

    headers = b"".join(_literal(k, v) for k, v in (
        (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", f"{host}:{port}"),
        ("content-type", "application/grpc"), ("te", "trailers")))
    writer.write(PREFACE + _frame(SETTINGS, 0, 0) + _frame(HEADERS, END_HEADERS, 1, headers))
    reading = asyncio.create_task(read_frames())
    message = b"\x00" + struct.pack(">I", declared)
    chunk = bytes(16384)
    deadline = time.monotonic() + timeout_s
    try:
        while not done.is_set() and outcome.sent < declared and time.monotonic() < deadline:
            size = min(len(chunk), declared - outcome.sent, conn_window, stream_window)
            if size <= 0:
                window_open.clear()
                try:
                    await asyncio.wait_for(window_open.wait(), 5.0)
                except TimeoutError:
                    outcome.ended = outcome.ended or "stalled"
                    break
                continue
            body = (message + chunk)[:size] if outcome.sent == 0 else chunk[:size]
            last = outcome.sent + size >= declared
            writer.write(_frame(DATA, END_STREAM if last else 0, 1, body))
            outcome.sent += size
            conn_window -= size
            stream_window -= size
            await writer.drain()
        await asyncio.wait_for(done.wait(), 10.0)
    except (ConnectionError, TimeoutError):
        outcome.ended = outcome.ended or "closed"
    finally:
        reading.cancel()
        writer.close()
    return outcome


async def http1_attack(host: str, port: int, path: str, declared: int, timeout_s: float = 60.0) -> Outcome:
    """A gRPC-web POST declaring ``declared`` body bytes, streamed until the server answers or closes."""
    outcome = Outcome()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write((f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/grpc-web+proto\r\n"
                  f"Content-Length: {declared + 5}\r\n\r\n").encode() + b"\x00" + struct.pack(">I", declared))
    answer = asyncio.create_task(reader.read(1))
    chunk = bytes(65536)
    deadline = time.monotonic() + timeout_s
    try:
        while outcome.sent < declared and not answer.done() and time.monotonic() < deadline:
            size = min(len(chunk), declared - outcome.sent)
            writer.write(chunk[:size])
            outcome.sent += size
            await writer.drain()
        first = await asyncio.wait_for(answer, 10.0)
        outcome.ended = "answered" if first else "closed"
    except (ConnectionError, TimeoutError):
        outcome.ended = outcome.ended or "closed"
    finally:
        answer.cancel()
        writer.close()
    return outcome


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of ``pid`` in MB, from /proc/<pid>/status."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def keyed_config() -> dict:
    return {"components": [{"name": "motor1", "api": "rdk:component:motor", "model": "fake"}],
            "auth": {"handlers": [{"type": "api-key", "config": {KEY_ID: KEY, "keys": [KEY_ID]}}]}}


async def flood(address: str, clients: int, declared: int, kind: str) -> list[Outcome]:
    host, _, port = address.rpartition(":")
    attack = h2_attack if kind == "grpc" else http1_attack
    return list(await asyncio.gather(*(attack(host, int(port), METHOD, declared) for _ in range(clients))))


def measure(server: ServerProcess, clients: int, declared: int) -> dict[str, float]:
    """Flood ``server`` over gRPC, then gRPC-web; its RSS at rest and its peak, in MB."""
    assert server.proc is not None
    rest, _ = peak_rss_mb(server.proc.pid)
    result: dict[str, float] = {"rest_mb": round(rest, 1)}
    for kind in ("grpc", "grpc-web"):
        outcomes = asyncio.run(flood(server.address, clients, declared, kind))
        result[f"{kind}_max_accepted_mb"] = round(max(o.sent for o in outcomes) / 1e6, 2)
        result[f"{kind}_unanswered"] = sum(1 for o in outcomes if o.ended not in ("answered", "reset"))
    result["peak_mb"] = round(peak_rss_mb(server.proc.pid)[1], 1)
    result["growth_mb"] = round(result["peak_mb"] - rest, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--mb", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(keyed_config(), Path(tmp)).start()
        try:
            result = measure(server, args.clients, args.mb * 1_000_000)
        finally:
            server.stop()
    print(f"{args.clients} x {args.mb} MB requests without a token (API keys configured):")
    print(f"  server RSS at rest      {result['rest_mb']:8.1f} MB   (baseline, same run)")
    print(f"  server peak RSS         {result['peak_mb']:8.1f} MB   (+{result['growth_mb']:.1f} MB)")
    print(f"  most accepted, gRPC     {result['grpc_max_accepted_mb']:8.2f} MB of {args.mb} per request")
    print(f"  most accepted, gRPC-web {result['grpc-web_max_accepted_mb']:8.2f} MB of {args.mb} per request")
    print(json.dumps({"bench": "oversized_requests", "clients": args.clients, "mb": args.mb, **result}))


if __name__ == "__main__":
    main()
