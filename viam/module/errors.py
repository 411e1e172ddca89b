"""Errors of the module subsystem (parent and child side), rooted at ``ModuleError``."""

from __future__ import annotations

import grpc

from viam.errors import ViamError


class ModuleError(ViamError):
    """Root of every module error."""


class ModuleStartError(ModuleError, RuntimeError):
    """The module process could not be started or did not finish its handshake."""

    grpc_code = grpc.StatusCode.UNAVAILABLE


class ModuleStartTimeoutError(ModuleStartError, TimeoutError):
    """The module did not create its socket or answer Ready in time."""


class ModuleUnavailableError(ModuleError, ConnectionError):
    """A call reached a module that is not running (crashed, restarting, stopping)."""

    grpc_code = grpc.StatusCode.UNAVAILABLE


class UnknownModuleError(ModuleError, KeyError):
    """No module by that name or id is configured."""

    grpc_code = grpc.StatusCode.NOT_FOUND

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class ModuleConfigError(ModuleError, ValueError):
    """A module entry or built-in manifest is unusable (missing executable, bad model triplet)."""

    grpc_code = grpc.StatusCode.INVALID_ARGUMENT
