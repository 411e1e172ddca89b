"""Serial links over pyserial's loop:// and a real pty pair; NMEA sentences over them."""

from __future__ import annotations

import os
import threading

import pytest

from drivers.errors import SerialError, SerialUnavailable
from drivers.serialport import NmeaTracker, PySerialLink, format_sentence, open_serial, parse_sentence

GGA = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"
RMC = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n"
VTG = "$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48\r\n"


@pytest.fixture
def loop():
    link = open_serial("loop://", timeout_s=0.5)
    yield link
    link.close()


@pytest.fixture
def pty_link():
    """A PySerialLink on a pty slave; the test plays the device on the master fd."""
    master, slave = os.openpty()
    link = PySerialLink(os.ttyname(slave), baudrate=9600, timeout_s=1.0)
    try:
        yield link, master
    finally:
        link.close()
        os.close(master)
        os.close(slave)


def test_loop_echoes_writes(loop):
    loop.write(b"hello\nworld")
    assert loop.readline() == b"hello\n"
    assert loop.read(5) == b"world"


def test_loop_read_timeout_returns_short(loop):
    loop.write(b"ab")
    assert loop.read(10, timeout_s=0.05) == b"ab"
    assert loop.readline(timeout_s=0.05) == b""


def test_nmea_over_loop_good_and_bad_checksums(loop):
    bad = GGA.replace("*47", "*48")
    loop.write((GGA + bad + RMC + VTG).encode())
    tracker = NmeaTracker()
    for _ in range(4):
        tracker.feed(loop.readline())
    state = tracker.state
    assert (state.sentences, state.errors) == (3, 1)
    assert "bad checksum" in state.last_error and "got 0x48, computed 0x47" in state.last_error
    assert state.latitude_deg == pytest.approx(48 + 7.038 / 60)
    assert state.longitude_deg == pytest.approx(11 + 31.0 / 60)
    assert state.altitude_m == 545.4
    assert state.speed_mps == pytest.approx(10.2 / 3.6)  # VTG came last
    assert state.course_deg == 54.7
    assert state.valid and state.fix_quality == 1 and state.satellites == 8


def test_pty_both_directions(pty_link):
    link, master = pty_link
    os.write(master, RMC.encode())
    assert parse_sentence(link.readline()).course_deg == 84.4
    link.write(b"$PMTK220,1000*1F\r\n")  # e.g. a configuration command to the receiver
    received = b""
    while not received.endswith(b"\n"):
        received += os.read(master, 100)
    assert received == b"$PMTK220,1000*1F\r\n"


def test_pty_stream_from_a_writer_thread(pty_link):
    link, master = pty_link
    lines = [format_sentence(f"GPGGA,1200{i:02d},4807.038,N,01131.000,E,1,0{i},0.9,545.4,M,46.9,M,,") for i in range(5)]

    def device():
        for line in lines:
            os.write(master, line.encode())

    writer = threading.Thread(target=device)
    writer.start()
    tracker = NmeaTracker()
    for _ in lines:
        tracker.feed(link.readline())
    writer.join(5)
    assert tracker.state.sentences == 5 and tracker.state.satellites == 4


def test_open_missing_port(tmp_path):
    with pytest.raises(SerialUnavailable, match=r"cannot open serial port .*/ttyNOPE"):
        open_serial(str(tmp_path / "ttyNOPE"))


def test_closed_link(loop):
    loop.close()
    loop.close()
    with pytest.raises(SerialUnavailable, match="serial port loop:// is closed"):
        loop.write(b"x")


def test_io_errors_are_wrapped():
    import serial

    class Broken:
        timeout = None

        def read(self, n):
            raise serial.SerialException("device reports readiness to read but returned no data")

        def close(self):
            pass

    link = PySerialLink("/dev/ttyUSB0", port=Broken())
    with pytest.raises(SerialError, match="reading from serial port /dev/ttyUSB0 failed"):
        link.read(1)
