"""Serial loopback (TX jumpered to RX): random data in, the same data out, nothing lost."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest

from drivers.serialport import open_serial
from hil.bench import Bench
from hil.rig import Rig

pytestmark = pytest.mark.rig("serial_loopback")


def test_random_data_survives_the_loopback(bench: Bench, rig: Rig, measure):
    loop = rig.serial_loopback
    assert loop is not None
    payload = os.urandom(loop.bytes)
    # Worst case on the wire: 10 bits per byte (8N1), plus slack for the read side.
    budget_s = loop.bytes * 10 / loop.baudrate * 1.5 + 5
    with open_serial(bench.serial_port(), baudrate=loop.baudrate, timeout_s=0.5) as link:
        errors: list[BaseException] = []

        def send() -> None:
            try:
                for i in range(0, len(payload), 4096):
                    link.write(payload[i : i + 4096])
            except BaseException as e:  # noqa: BLE001 - reported by the main thread
                errors.append(e)

        start = time.monotonic()
        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        received = bytearray()
        while len(received) < len(payload) and time.monotonic() - start < budget_s:
            received += link.read(min(65536, len(payload) - len(received)), timeout_s=0.5)
        elapsed = time.monotonic() - start
        writer.join(5)
    assert not errors, f"writing failed: {errors[0]}"
    measure("serial bytes lost", len(payload) - len(received), "B", 0, 0)
    assert hashlib.sha256(received).hexdigest() == hashlib.sha256(payload).hexdigest(), "data corrupted in transit"
    rate = len(received) * 10 / elapsed
    print(f"serial loopback: {len(received)} B in {elapsed:.2f} s ({rate:.0f} bit/s at {loop.baudrate} baud)")
