"""Errors of the cloud client; ``CloudError`` is the root."""

from __future__ import annotations

from viam.errors import DownloadError, ViamError


class CloudError(ViamError):
    """Talking to the app (config, packages, auth) failed."""


class CloudUnavailableError(CloudError, DownloadError):
    """The app could not be reached (offline, down, timed out): retry later, use the cache meanwhile."""


class CloudAuthError(CloudError, PermissionError):
    """The app refused the machine's credentials (wrong secret or API key)."""
