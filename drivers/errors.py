"""Errors raised by the hardware drivers.

One root (`DriverError`) with a sub-root per subsystem, so a caller can catch "any GPIO
problem" or "any hardware problem" without knowing the leaf. Leaves also inherit the builtin
they resemble, so generic handlers (`except ValueError`) keep working.
"""

from __future__ import annotations


class DriverError(Exception):
    """Root of every error raised by `drivers`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


# --- boards and GPIO -----------------------------------------------------------------------------


class BoardError(DriverError):
    """The board could not be identified or does not have what was asked for."""


class BoardNotDetected(BoardError, LookupError):
    """The board model file is missing or names no board we know."""


class GpioError(DriverError):
    """A GPIO, PWM or interrupt operation failed."""


class PinInvalid(GpioError, ValueError):
    """A pin name does not resolve to a GPIO on this board."""


class PinInUse(GpioError, RuntimeError):
    """A pin is already reserved by another holder."""


class PinUnsupported(GpioError, NotImplementedError):
    """The pin or backend cannot do what was asked (e.g. PWM on a non-PWM backend)."""


class PinFactoryError(GpioError, RuntimeError):
    """No usable gpiozero pin factory could be loaded."""


# --- buses ---------------------------------------------------------------------------------------


class BusError(DriverError):
    """An I2C or SPI bus operation failed."""


class BusUnavailable(BusError, OSError):
    """The bus device node cannot be opened (missing, disabled, no permission)."""


class DeviceMissing(BusError, OSError):
    """No device answered at the address (I2C NACK)."""


class InvalidAddress(BusError, ValueError):
    """A bus address is out of range."""


class AddressInUse(BusError, RuntimeError):
    """A bus address is already claimed by another holder."""


class WrongDevice(BusError, ValueError):
    """A device answered but its identity register is not the expected one."""


class DeviceTimeout(BusError, TimeoutError):
    """A device did not finish an operation in time."""


# --- serial --------------------------------------------------------------------------------------


class SerialError(DriverError):
    """A serial port could not be opened or used."""


class SerialUnavailable(SerialError, OSError):
    """The serial port cannot be opened."""


class NmeaError(SerialError, ValueError):
    """An NMEA 0183 sentence is malformed."""


class NmeaChecksumError(NmeaError):
    """An NMEA 0183 sentence's checksum does not match its contents."""


# --- cameras -------------------------------------------------------------------------------------


class CameraError(DriverError):
    """A frame source failed."""


class CameraUnavailable(CameraError, OSError):
    """The camera or stream cannot be opened or stopped delivering frames."""


class FrameTimeout(CameraError, TimeoutError):
    """No frame arrived within the allowed time."""
