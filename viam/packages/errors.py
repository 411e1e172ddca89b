"""Errors of the package cache. ``PackageError`` is the root; each names the package and cause."""

from __future__ import annotations

from viam.errors import ChecksumError, DownloadError, ViamError


class PackageError(ViamError):
    """A package could not be resolved or unpacked (downloads fail with ``viam.errors.DownloadError``
    or ``ChecksumError``, the one downloader's errors)."""


class ResolveError(PackageError, LookupError):
    """No download location is known for a package (no url, no cloud, nothing cached)."""


class UnpackError(PackageError, ValueError):
    """The archive is not a readable tarball, or escapes its directory."""


class FirstRunError(PackageError, RuntimeError):
    """A module's ``first_run`` script failed or timed out."""


# What a package step can fail with: its own errors and the downloader's.
PACKAGE_FAILURES: tuple[type[Exception], ...] = (PackageError, DownloadError, ChecksumError)
