"""Arm API."""

from viam.components.arm.api import Arm, ArmProperties, JointPositions, Pose

__all__ = ["Arm", "ArmProperties", "JointPositions", "Pose"]
