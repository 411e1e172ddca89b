"""Errors raised while building an image."""


class ImageBuildError(Exception):
    """Root of every image-build error; the message says what failed and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class HostToolError(ImageBuildError):
    """A host tool is missing and could not be installed."""


class StepError(ImageBuildError, RuntimeError):
    """An external command of a build step failed."""


class TargetError(ImageBuildError, ValueError):
    """An unknown architecture/board pair was requested."""
