"""Error hierarchy shared by the server, clients and modules.

Every error that can cross the wire carries a gRPC status code; the RPC layer maps them in one
place (``viam.rpc.router.status_for``). Leaf classes also inherit the builtin they resemble.
"""

from __future__ import annotations

import grpc


class ViamError(Exception):
    """Root of every error raised by this package."""

    grpc_code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ResourceError(ViamError):
    """Something is wrong with a resource or its look-up."""


class ResourceNotFoundError(ResourceError, KeyError):
    grpc_code = grpc.StatusCode.NOT_FOUND

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class NotSupportedError(ViamError, NotImplementedError):
    grpc_code = grpc.StatusCode.UNIMPLEMENTED


class InvalidArgumentError(ViamError, ValueError):
    grpc_code = grpc.StatusCode.INVALID_ARGUMENT


class UnavailableError(ViamError, ConnectionError):
    grpc_code = grpc.StatusCode.UNAVAILABLE


class FailedPreconditionError(ViamError, RuntimeError):
    """The call cannot run in the current state (e.g. no cloud connection to sync over)."""

    grpc_code = grpc.StatusCode.FAILED_PRECONDITION


class DependencyNotReadyError(ResourceError):
    grpc_code = grpc.StatusCode.UNAVAILABLE


class DuplicateRegistrationError(ViamError, ValueError):
    """A model or API was registered twice."""


class DownloadError(ViamError, ConnectionError):
    """A file could not be fetched completely (unreachable, HTTP error, connection lost); the next
    attempt resumes it (``viam.download``)."""

    grpc_code = grpc.StatusCode.UNAVAILABLE


class ChecksumError(ViamError, ValueError):
    """Fetched bytes do not match the sha256 they were promised under; they were discarded."""

    grpc_code = grpc.StatusCode.DATA_LOSS


class ConfigError(ViamError, ValueError):
    """A machine config is malformed; the message names the file and the JSON path."""

    grpc_code = grpc.StatusCode.INVALID_ARGUMENT

    def __init__(self, message: str, *, source: str = "", path: str = "") -> None:
        where = ": ".join(p for p in (source, path) if p)
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.path = path
        self.reason = message
        self.resource_name: object | None = None  # set when the error belongs to a named resource


_CODE_ERRORS: dict[grpc.StatusCode, type[ViamError]] = {
    grpc.StatusCode.NOT_FOUND: ResourceNotFoundError,
    grpc.StatusCode.UNIMPLEMENTED: NotSupportedError,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
}


class RemoteCallError(ViamError):
    """A call through a client failed with a status that has no closer match."""

    def __init__(self, message: str, code: grpc.StatusCode) -> None:
        super().__init__(message)
        self.grpc_code = code


def error_from_status(code: grpc.StatusCode, details: str) -> ViamError:
    """Turn a gRPC status received by a client into the matching error class."""
    kind = _CODE_ERRORS.get(code)
    if kind is not None:
        return kind(details)
    return RemoteCallError(f"{code.name}: {details}", code)
