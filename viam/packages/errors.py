"""Errors of the package cache. ``PackageError`` is the root; each names the package and cause."""

from __future__ import annotations

from viam.errors import ViamError


class PackageError(ViamError):
    """A package could not be resolved, downloaded, verified or unpacked."""


class ResolveError(PackageError, LookupError):
    """No download location is known for a package (no url, no cloud, nothing cached)."""


class DownloadError(PackageError, ConnectionError):
    """The transfer failed (server unreachable, connection dropped, HTTP error)."""


class ChecksumError(PackageError, ValueError):
    """The downloaded bytes do not match the expected sha256 (corrupt or truncated)."""


class UnpackError(PackageError, ValueError):
    """The archive is not a readable tarball, or escapes its directory."""


class FirstRunError(PackageError, RuntimeError):
    """A module's ``first_run`` script failed or timed out."""
