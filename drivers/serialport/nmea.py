"""NMEA 0183 sentences from GPS receivers: checksums, GGA, RMC and VTG.

A sentence is `$<talker><type>,<fields...>*<hex checksum>\\r\\n`; the checksum is the XOR of
every character between `$` and `*`. Empty fields mean "unknown" and parse to None.
Coordinates are `ddmm.mmmm` (latitude) and `dddmm.mmmm` (longitude) with a hemisphere letter.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from drivers.errors import NmeaChecksumError, NmeaError

log = logging.getLogger(__name__)

KNOTS_TO_MPS = 1852 / 3600
FIX_QUALITY = {
    0: "invalid", 1: "GPS", 2: "DGPS", 3: "PPS", 4: "RTK fixed", 5: "RTK float", 6: "estimated",
    7: "manual", 8: "simulation",
}  # fmt: skip


def checksum(body: str) -> int:
    """XOR of the characters between `$` and `*`."""
    value = 0
    for char in body.encode("ascii", errors="replace"):
        value ^= char
    return value


def format_sentence(body: str) -> str:
    """Wrap a body ("GPGGA,...") into a full sentence with checksum and CRLF."""
    return f"${body}*{checksum(body):02X}\r\n"


@dataclass(frozen=True)
class Sentence:
    """Any sentence: talker ("GP", "GN"), type ("GGA") and raw fields."""

    talker: str
    kind: str
    fields: tuple[str, ...] = field(repr=False)


@dataclass(frozen=True)
class GGA(Sentence):
    """Fix data: time, position, fix quality, satellites, HDOP, altitude."""

    time: dt.time | None = None
    latitude_deg: float | None = None
    longitude_deg: float | None = None
    fix_quality: int = 0
    satellites: int | None = None
    hdop: float | None = None
    altitude_m: float | None = None
    geoid_separation_m: float | None = None

    @property
    def has_fix(self) -> bool:
        return self.fix_quality > 0 and self.latitude_deg is not None


@dataclass(frozen=True)
class RMC(Sentence):
    """Recommended minimum data: time, validity, position, speed, course, date."""

    time: dt.time | None = None
    valid: bool = False
    latitude_deg: float | None = None
    longitude_deg: float | None = None
    speed_knots: float | None = None
    course_deg: float | None = None
    date: dt.date | None = None
    magnetic_variation_deg: float | None = None
    mode: str | None = None

    @property
    def speed_mps(self) -> float | None:
        return None if self.speed_knots is None else self.speed_knots * KNOTS_TO_MPS


@dataclass(frozen=True)
class VTG(Sentence):
    """Track made good and ground speed."""

    course_true_deg: float | None = None
    course_magnetic_deg: float | None = None
    speed_knots: float | None = None
    speed_kmh: float | None = None
    mode: str | None = None

    @property
    def speed_mps(self) -> float | None:
        if self.speed_kmh is not None:
            return self.speed_kmh / 3.6
        return None if self.speed_knots is None else self.speed_knots * KNOTS_TO_MPS


def split_sentence(line: str | bytes, *, require_checksum: bool = True) -> tuple[str, str, list[str]]:
    """Check framing and checksum; return (talker, type, fields).

    Raises:
        NmeaChecksumError: the checksum does not match (or is missing when required).
        NmeaError: the line is not an NMEA sentence.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("ascii")
        except UnicodeDecodeError as e:
            raise NmeaError(f"NMEA sentence is not ASCII: {line!r}") from e
    text = line.strip()
    if not text.startswith("$"):
        raise NmeaError(f"NMEA sentence must start with '$': {text!r}")
    body, star, given = text[1:].partition("*")
    if star:
        try:
            expected = int(given, 16)
            if len(given) != 2:
                raise ValueError(given)
        except ValueError as e:
            raise NmeaChecksumError(f"bad checksum field {given!r} in NMEA sentence {text!r}") from e
        actual = checksum(body)
        if actual != expected:
            raise NmeaChecksumError(
                f"bad checksum in NMEA sentence {text!r}: got {expected:#04x}, computed {actual:#04x}"
            )
    elif require_checksum:
        raise NmeaChecksumError(f"missing checksum in NMEA sentence {text!r}")
    parts = body.split(",")
    address = parts[0]
    if len(address) != 5 or not address.isalnum() or not address.isupper():
        # Proprietary sentences ($PUBX...) have other addresses; we do not parse those.
        if not (address.startswith("P") and address.isalnum()):
            raise NmeaError(f"bad NMEA address {address!r} in {text!r} (expected talker + type, e.g. 'GPGGA')")
        return "P", address[1:], parts[1:]
    return address[:2], address[2:], parts[1:]


def _need(kind: str, fields: list[str], count: int, text: str) -> None:
    if len(fields) < count:
        raise NmeaError(f"{kind} sentence needs at least {count} fields, got {len(fields)}: {text!r}")


def _float(kind: str, fields: list[str], index: int, what: str) -> float | None:
    value = fields[index]
    if value == "":
        return None
    try:
        return float(value)
    except ValueError as e:
        raise NmeaError(f"bad {what} {value!r} in {kind} field {index + 1}") from e


def _int(kind: str, fields: list[str], index: int, what: str) -> int | None:
    value = _float(kind, fields, index, what)
    return None if value is None else int(value)


def _coordinate(kind: str, fields: list[str], index: int, degree_digits: int, hemispheres: str) -> float | None:
    value, hemisphere = fields[index], fields[index + 1]
    if value == "":
        return None
    what = "latitude" if degree_digits == 2 else "longitude"
    try:
        degrees = int(value[:degree_digits])
        minutes = float(value[degree_digits:])
    except ValueError as e:
        raise NmeaError(f"bad {what} {value!r} in {kind} field {index + 1}") from e
    if minutes >= 60 or hemisphere not in hemispheres:
        raise NmeaError(f"bad {what} {value!r},{hemisphere!r} in {kind} field {index + 1}")
    result = degrees + minutes / 60
    return -result if hemisphere == hemispheres[1] else result


def _time(kind: str, value: str) -> dt.time | None:
    if value == "":
        return None
    try:
        seconds = float(value[4:])
        whole = int(seconds)
        return dt.time(int(value[0:2]), int(value[2:4]), whole, round((seconds - whole) * 1e6), tzinfo=dt.UTC)
    except ValueError as e:
        raise NmeaError(f"bad UTC time {value!r} in {kind}") from e


def _date(kind: str, value: str) -> dt.date | None:
    if value == "":
        return None
    try:
        year = int(value[4:6])
        return dt.date(2000 + year if year < 80 else 1900 + year, int(value[2:4]), int(value[0:2]))
    except ValueError as e:
        raise NmeaError(f"bad date {value!r} in {kind}") from e


def parse_sentence(line: str | bytes, *, require_checksum: bool = True) -> Sentence:
    """Parse one sentence: GGA, RMC and VTG into their classes, others into `Sentence`.

    Raises:
        NmeaChecksumError: bad or missing checksum.
        NmeaError: malformed sentence or field.
    """
    talker, kind, f = split_sentence(line, require_checksum=require_checksum)
    text = line.decode("ascii", "replace").strip() if isinstance(line, bytes) else line.strip()
    fields = tuple(f)
    if kind == "GGA":
        _need(kind, f, 14, text)
        quality = _int(kind, f, 5, "fix quality")
        return GGA(
            talker, kind, fields,
            time=_time(kind, f[0]),
            latitude_deg=_coordinate(kind, f, 1, 2, "NS"),
            longitude_deg=_coordinate(kind, f, 3, 3, "EW"),
            fix_quality=quality or 0,
            satellites=_int(kind, f, 6, "satellite count"),
            hdop=_float(kind, f, 7, "HDOP"),
            altitude_m=_float(kind, f, 8, "altitude"),
            geoid_separation_m=_float(kind, f, 10, "geoid separation"),
        )  # fmt: skip
    if kind == "RMC":
        _need(kind, f, 11, text)
        if f[1] not in ("A", "V"):
            raise NmeaError(f"bad status {f[1]!r} in RMC field 2 (expected A or V)")
        variation = _float(kind, f, 9, "magnetic variation")
        if variation is not None and f[10] == "W":
            variation = -variation
        return RMC(
            talker, kind, fields,
            time=_time(kind, f[0]),
            valid=f[1] == "A",
            latitude_deg=_coordinate(kind, f, 2, 2, "NS"),
            longitude_deg=_coordinate(kind, f, 4, 3, "EW"),
            speed_knots=_float(kind, f, 6, "speed"),
            course_deg=_float(kind, f, 7, "course"),
            date=_date(kind, f[8]),
            magnetic_variation_deg=variation,
            mode=f[11] if len(f) > 11 and f[11] else None,
        )  # fmt: skip
    if kind == "VTG":
        _need(kind, f, 8, text)
        return VTG(
            talker, kind, fields,
            course_true_deg=_float(kind, f, 0, "true course"),
            course_magnetic_deg=_float(kind, f, 2, "magnetic course"),
            speed_knots=_float(kind, f, 4, "speed (knots)"),
            speed_kmh=_float(kind, f, 6, "speed (km/h)"),
            mode=f[8] if len(f) > 8 and f[8] else None,
        )  # fmt: skip
    return Sentence(talker, kind, fields)


@dataclass
class GpsState:
    """What the receiver last told us, merged from GGA, RMC and VTG."""

    latitude_deg: float | None = None
    longitude_deg: float | None = None
    altitude_m: float | None = None
    fix_quality: int = 0
    satellites: int | None = None
    hdop: float | None = None
    speed_mps: float | None = None
    course_deg: float | None = None
    valid: bool = False
    time: dt.time | None = None
    date: dt.date | None = None
    sentences: int = 0
    errors: int = 0
    last_error: str | None = None


class NmeaTracker:
    """Feed it lines; it keeps the latest `GpsState` and counts bad sentences."""

    def __init__(self) -> None:
        self.state = GpsState()

    def feed(self, line: str | bytes) -> Sentence | None:
        """Parse one line and merge it; a bad line is counted and logged, not raised."""
        if not (line.strip() if isinstance(line, str) else line.strip()):
            return None
        try:
            sentence = parse_sentence(line)
        except NmeaError as e:
            self.state.errors += 1
            self.state.last_error = str(e)
            log.warning("%s", e)
            return None
        self.update(sentence)
        return sentence

    def update(self, sentence: Sentence) -> None:
        """Merge a parsed sentence into the state."""
        s = self.state
        s.sentences += 1
        if isinstance(sentence, GGA):
            s.fix_quality, s.satellites, s.hdop = sentence.fix_quality, sentence.satellites, sentence.hdop
            s.time = sentence.time or s.time
            if sentence.has_fix:
                s.latitude_deg, s.longitude_deg = sentence.latitude_deg, sentence.longitude_deg
                s.altitude_m = sentence.altitude_m
        elif isinstance(sentence, RMC):
            s.valid, s.time, s.date = sentence.valid, sentence.time or s.time, sentence.date or s.date
            if sentence.valid:
                s.latitude_deg, s.longitude_deg = sentence.latitude_deg, sentence.longitude_deg
                s.speed_mps, s.course_deg = sentence.speed_mps, sentence.course_deg
        elif isinstance(sentence, VTG):
            if sentence.speed_mps is not None:
                s.speed_mps = sentence.speed_mps
            if sentence.course_true_deg is not None:
                s.course_deg = sentence.course_true_deg
