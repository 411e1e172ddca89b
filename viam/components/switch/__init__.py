"""Switch API."""

from viam.components.switch.api import Switch

__all__ = ["Switch"]
