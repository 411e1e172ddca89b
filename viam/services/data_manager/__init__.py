"""Data manager service API (``rdk:service:data_manager``) and its ``builtin`` model."""

from viam.services.data_manager.api import DataManager
from viam.services.data_manager.client import DataManagerClient

__all__ = ["DataManager", "DataManagerClient"]
