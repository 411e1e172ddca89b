"""Generic service API."""

from viam.services.generic.api import Generic
from viam.services.generic.client import GenericClient

__all__ = ["Generic", "GenericClient"]
