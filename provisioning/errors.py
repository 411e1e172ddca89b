"""Errors raised by the provisioning package.

``ProvisioningError`` is the root; leaves also inherit the builtin they resemble and the
``viam.errors`` class that carries the matching gRPC status, so the provisioning gRPC service maps
them without a table of its own.
"""

from __future__ import annotations

from viam.errors import InvalidArgumentError, UnavailableError, ViamError


class ProvisioningError(ViamError):
    """Root of every error raised by ``provisioning``."""


class NetworkManagerError(ProvisioningError, UnavailableError):
    """A NetworkManager D-Bus call failed; the message names the method and NM's error."""

    def __init__(self, message: str, *, dbus_error: str = "") -> None:
        super().__init__(message)
        self.dbus_error = dbus_error


class InvalidInputError(ProvisioningError, InvalidArgumentError):
    """A user or app sent malformed credentials; the message says which field and why."""


class SettingsError(ProvisioningError, ValueError):
    """The networking defaults are malformed; the message names the key."""


class ConnectFailedError(ProvisioningError, ConnectionError):
    """Joining a network failed (wrong password, not found, no internet within the timeout)."""
