"""Errors raised by viam-agent: ``AgentError`` under the project's one root, ``viam.errors.ViamError``.

Downloads fail with ``viam.errors.DownloadError``/``ChecksumError`` (the one downloader's), the
cloud with ``viam.cloud.errors.CloudError``.
"""

from __future__ import annotations

from viam.errors import ViamError


class AgentError(ViamError):
    """Root of viam-agent's own errors."""


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


class InstallError(UpdateError, OSError):
    """A verified artifact could not be installed or linked."""


class SyscfgError(AgentError):
    """A system configuration value is invalid or could not be applied."""
