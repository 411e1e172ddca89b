"""Serial links (pyserial: devices, ptys, `loop://`) and the NMEA 0183 parser.

Named `serialport` so that `import serial` always means pyserial.
"""

from drivers.serialport.link import PySerialLink, SerialLink, open_serial
from drivers.serialport.nmea import (
    GGA,
    RMC,
    VTG,
    GpsState,
    NmeaTracker,
    Sentence,
    checksum,
    format_sentence,
    parse_sentence,
)

__all__ = [
    "GGA",
    "RMC",
    "VTG",
    "GpsState",
    "NmeaTracker",
    "PySerialLink",
    "Sentence",
    "SerialLink",
    "checksum",
    "format_sentence",
    "open_serial",
    "parse_sentence",
]
