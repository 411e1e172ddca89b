"""Motion service API (``rdk:service:motion``) and its ``builtin`` model (every machine has one)."""

from viam.services.motion.api import Motion
from viam.services.motion.client import MotionClient

__all__ = ["Motion", "MotionClient"]
