"""Errors raised by viam-agent, under one root with a sub-root per subsystem."""

from __future__ import annotations


class AgentError(Exception):
    """Root of every viam-agent error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AgentConfigError(AgentError, ValueError):
    """A config file (viam.json, viam-defaults.json, the cloud cache) cannot be used."""


class AlreadyRunningError(AgentError, RuntimeError):
    """Another viam-agent holds the instance lock under the same root."""

    def __init__(self, message: str, pid: int | None) -> None:
        super().__init__(message)
        self.pid = pid


class ArtifactError(AgentError, ValueError):
    """An artifact cannot be built as asked (an interpreter that cannot run it)."""


class UpdateError(AgentError):
    """Root of update failures; the running version keeps running."""


class DownloadError(UpdateError, OSError):
    """The artifact could not be fetched completely."""


class ChecksumError(UpdateError, ValueError):
    """The artifact's sha256 differs from the one the update source named."""


class InstallError(UpdateError, OSError):
    """A verified artifact could not be installed or linked."""


class CloudError(AgentError, ConnectionError):
    """The cloud's AgentDeviceService could not be reached or answered with an error."""


class SyscfgError(AgentError):
    """A system configuration value is invalid or could not be applied."""
