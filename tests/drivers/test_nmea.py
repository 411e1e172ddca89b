"""NMEA 0183 parsing: checksums, GGA/RMC/VTG fields and clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.errors import NmeaChecksumError, NmeaError
from drivers.serialport import GGA, RMC, VTG, NmeaTracker, Sentence, checksum, format_sentence, parse_sentence


def test_checksum_of_classic_examples():
    assert checksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,") == 0x47
    assert format_sentence("GPVTG,054.7,T,034.4,M,005.5,N,010.2,K") == "$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48\r\n"


def test_gga():
    s = parse_sentence("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47")
    assert isinstance(s, GGA)
    assert (s.talker, s.kind) == ("GP", "GGA")
    assert s.time == dt.time(12, 35, 19, tzinfo=dt.UTC)
    assert s.latitude_deg == pytest.approx(48.1173)
    assert s.longitude_deg == pytest.approx(11.516666666)
    assert (s.fix_quality, s.satellites, s.hdop, s.altitude_m, s.geoid_separation_m) == (1, 8, 0.9, 545.4, 46.9)
    assert s.has_fix


def test_gga_southern_western_and_fractional_seconds():
    s = parse_sentence(format_sentence("GNGGA,001122.50,3351.000,S,15112.600,W,2,12,0.6,10.0,M,,M,,"))
    assert s.latitude_deg == pytest.approx(-(33 + 51 / 60))
    assert s.longitude_deg == pytest.approx(-(151 + 12.6 / 60))
    assert s.time == dt.time(0, 11, 22, 500000, tzinfo=dt.UTC)
    assert s.geoid_separation_m is None and s.talker == "GN"


def test_gga_without_fix():
    s = parse_sentence(format_sentence("GPGGA,,,,,,0,00,99.99,,,,,,"))
    assert not s.has_fix and s.latitude_deg is None and s.time is None


def test_rmc():
    s = parse_sentence("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A")
    assert isinstance(s, RMC)
    assert s.valid and s.date == dt.date(1994, 3, 23)
    assert s.speed_knots == 22.4 and s.speed_mps == pytest.approx(22.4 * 1852 / 3600)
    assert s.course_deg == 84.4 and s.magnetic_variation_deg == -3.1


def test_rmc_with_mode_and_void_status():
    s = parse_sentence(format_sentence("GNRMC,083559.00,V,,,,,,,091124,,,N"))
    assert not s.valid and s.mode == "N" and s.date == dt.date(2024, 11, 9)


def test_vtg():
    s = parse_sentence("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48")
    assert isinstance(s, VTG)
    assert (s.course_true_deg, s.course_magnetic_deg, s.speed_knots, s.speed_kmh) == (54.7, 34.4, 5.5, 10.2)


def test_other_sentences_are_kept_raw():
    s = parse_sentence(format_sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1"))
    assert type(s) is Sentence and s.kind == "GSA" and s.fields[0] == "A"


def test_bytes_with_crlf():
    assert parse_sentence(b"$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48\r\n").kind == "VTG"


@pytest.mark.parametrize(
    ("line", "error", "message"),
    [
        ("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*49", NmeaChecksumError, "got 0x49, computed 0x48"),
        ("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K", NmeaChecksumError, "missing checksum"),
        ("$GPVTG,054.7,T*ZZ", NmeaChecksumError, "bad checksum field 'ZZ'"),
        ("GPVTG,054.7,T*48", NmeaError, "must start with '\\$'"),
        (format_sentence("GPGGA,123519,4807.038,N"), NmeaError, "GGA sentence needs at least 14 fields, got 3"),
        (format_sentence("GPGGA,123519,48x7.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), NmeaError,
         "bad latitude '48x7.038' in GGA field 2"),
        (format_sentence("GPGGA,123519,4807.038,Q,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"), NmeaError,
         "bad latitude"),
        (format_sentence("GPGGA,123519,4807.038,N,01131.000,E,1,xx,0.9,545.4,M,46.9,M,,"), NmeaError,
         "bad satellite count 'xx'"),
        (format_sentence("GPRMC,123519,X,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W"), NmeaError,
         "bad status 'X'"),
        (format_sentence("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,320394,003.1,W"), NmeaError,
         "bad date '320394'"),
        (format_sentence("gp,1"), NmeaError, "bad NMEA address"),
        (b"$GPGGA\xff*00", NmeaError, "not ASCII"),
    ],
)  # fmt: skip
def test_errors(line, error, message):
    with pytest.raises(error, match=message):
        parse_sentence(line)


def test_checksum_optional_when_allowed():
    assert parse_sentence("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K", require_checksum=False).kind == "VTG"


def test_tracker_keeps_last_fix_when_fix_is_lost():
    tracker = NmeaTracker()
    tracker.feed(format_sentence("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"))
    tracker.feed(format_sentence("GPGGA,123520,,,,,0,00,99.99,,,,,,"))
    assert tracker.state.fix_quality == 0
    assert tracker.state.latitude_deg == pytest.approx(48.1173)
    assert tracker.feed("") is None and tracker.state.errors == 0
