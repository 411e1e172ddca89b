"""Gripper API."""

from viam.components.gripper.api import Gripper, HoldingStatus

__all__ = ["Gripper", "HoldingStatus"]
