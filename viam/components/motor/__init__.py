"""Motor API."""

from viam.components.motor.api import Motor, MotorProperties
from viam.components.motor.client import MotorClient

__all__ = ["Motor", "MotorClient", "MotorProperties"]
