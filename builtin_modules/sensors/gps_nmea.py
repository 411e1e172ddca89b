"""Movement sensor ``rdk:builtin:gps-nmea``: an NMEA 0183 GPS receiver on a serial port.

Attributes (the reference names): ``connection_type`` ("serial"; "I2C" receivers are not
supported here and say so), ``serial_attributes: {serial_path, serial_baud_rate}`` (default
9600). ``serial_path`` may be a device, a pty or a pyserial URL (``loop://`` echoes what is
written, which tests use with the ``write`` command). One reader thread parses every line with
checksum verification (``drivers.serialport.NmeaTracker``); bad sentences are counted, logged
and never change the position. DoCommand ``{"status": {}}`` reports the counters and
``{"write": "$PMTK...*hh\\r\\n"}`` sends bytes to the receiver.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from builtin_modules.common.attrs import Attrs, warn_unknown
from drivers.errors import SerialError
from drivers.serialport import NmeaTracker, SerialLink, open_serial
from viam.components.movement_sensor.api import MovementSensor, MovementSensorAccuracy, MovementSensorProperties
from viam.config.model import ResourceConfig
from viam.errors import NotSupportedError, UnavailableError
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation, Vector3
from viam.resource.base import Extra
from viam.resource.names import Model
from viam.resource.registry import Dependencies

LOG = logging.getLogger(__name__)
BAUD_RATES = (4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800)


class NmeaGps(MovementSensor):
    MODEL: ClassVar[Model] = Model("rdk", "builtin", "gps-nmea")

    def __init__(self, name: str, link: SerialLink) -> None:
        super().__init__(name)
        self.link = link
        self.tracker = NmeaTracker()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"gps-nmea {name}", daemon=True)
        self._thread.start()

    @staticmethod
    def parse(config: ResourceConfig) -> tuple[str, int]:
        attrs = Attrs(config)
        for warning in warn_unknown(attrs, ("connection_type", "serial_attributes", "i2c_attributes")):
            LOG.warning("gps %r: %s", config.name, warning)
        kind = attrs.str("connection_type", "serial")
        if kind.lower() != "serial":
            raise attrs.error(f"connection_type {kind!r} is not supported by this module (use \"serial\")",
                              "connection_type")
        serial = attrs.mapping("serial_attributes", required=True)
        path = serial.str("serial_path")
        baud = serial.int("serial_baud_rate", 9600)
        if baud not in BAUD_RATES:
            raise serial.error(f"serial_baud_rate must be one of {', '.join(map(str, BAUD_RATES))}, got {baud}",
                               "serial_baud_rate")
        return path, baud

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        cls.parse(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> NmeaGps:
        path, baud = cls.parse(config)
        link = await asyncio.to_thread(open_serial, path, baudrate=baud, timeout_s=0.2)
        LOG.info("gps %r reading NMEA from %s at %d baud", config.name, path, baud)
        return cls(config.name, link)

    def _run(self) -> None:
        pending = b""
        while not self._stop.is_set():
            try:
                chunk = self.link.readline(timeout_s=0.2)
            except SerialError as exc:
                if not self._stop.is_set():
                    LOG.warning("gps %r: %s", self.name, exc)
                    self._stop.wait(1.0)
                continue
            pending += chunk
            if not pending.endswith(b"\n"):
                continue  # a partial line: keep it until the rest arrives
            line, pending = pending, b""
            with self._lock:
                self.tracker.feed(line)

    def _state(self) -> Any:
        with self._lock:
            return self.tracker.state

    def _fixed(self) -> Any:
        s = self._state()
        if s.latitude_deg is None or s.longitude_deg is None:
            raise UnavailableError(f"gps {self.name!r} has no fix yet ({s.sentences} good sentences, "
                                   f"{s.errors} bad{'; last: ' + s.last_error if s.last_error else ''})")
        return s

    async def get_position(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> tuple[GeoPoint, float]:
        s = self._fixed()
        return GeoPoint(latitude=s.latitude_deg, longitude=s.longitude_deg), float(s.altitude_m or 0.0)

    async def get_linear_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> Vector3:
        s = self._fixed()
        speed, course = s.speed_mps or 0.0, math.radians(s.course_deg or 0.0)
        return Vector3(x=speed * math.sin(course), y=speed * math.cos(course), z=0.0)  # east, north

    async def get_compass_heading(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> float:
        s = self._fixed()
        if s.course_deg is None:
            raise UnavailableError(f"gps {self.name!r} has no course over ground yet (needs RMC or VTG)")
        return float(s.course_deg)

    async def get_angular_velocity(self, *, extra: Extra = None, timeout: float | None = None,
                                   **kwargs: Any) -> Vector3:
        raise NotSupportedError(f"gps {self.name!r} does not measure angular velocity")

    async def get_linear_acceleration(self, *, extra: Extra = None, timeout: float | None = None,
                                      **kwargs: Any) -> Vector3:
        raise NotSupportedError(f"gps {self.name!r} does not measure linear acceleration")

    async def get_orientation(self, *, extra: Extra = None, timeout: float | None = None,
                              **kwargs: Any) -> Orientation:
        raise NotSupportedError(f"gps {self.name!r} does not measure orientation")

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> MovementSensorProperties:
        return MovementSensorProperties(position_supported=True, linear_velocity_supported=True,
                                        compass_heading_supported=True)

    async def get_accuracy(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> MovementSensorAccuracy:
        s = self._state()
        return MovementSensorAccuracy(accuracy={}, position_hdop=s.hdop, position_nmea_gga_fix=s.fix_quality)

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        result: dict[str, Any] = {}
        for key, value in command.items():
            if key == "write":
                data = str(value).encode("ascii")
                await asyncio.to_thread(self.link.write, data)
                result[key] = len(data)
            elif key == "status":
                s = self._state()
                result[key] = {"sentences": s.sentences, "errors": s.errors, "last_error": s.last_error or "",
                               "fix_quality": s.fix_quality, "satellites": s.satellites or 0}
            else:
                raise NotSupportedError(f"gps {self.name!r} has no command {key!r} (known: write, status)")
        return result

    async def close(self) -> None:
        self._stop.set()
        await asyncio.to_thread(self._thread.join, 2.0)
        self.link.close()
