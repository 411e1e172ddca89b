"""Generic component API."""

from viam.components.generic.api import Generic
from viam.components.generic.client import GenericClient

__all__ = ["Generic", "GenericClient"]
