"""Servo API."""

from viam.components.servo.api import Servo
from viam.components.servo.client import ServoClient

__all__ = ["Servo", "ServoClient"]
