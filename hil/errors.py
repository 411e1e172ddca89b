"""Errors of the HIL suite: one root, a leaf per kind of problem."""

from __future__ import annotations


class HilError(Exception):
    """Root of every error raised by `hil`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class RigFileError(HilError, ValueError):
    """A rig description is unreadable or has a bad key; the message names the file and key."""


class MeasurementError(HilError, RuntimeError):
    """A measurement could not be taken (too few edges, no frames)."""
