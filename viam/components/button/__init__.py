"""Button API."""

from viam.components.button.api import Button

__all__ = ["Button"]
