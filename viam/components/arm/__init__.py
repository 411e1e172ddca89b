"""Arm API."""

from viam.components.arm.api import Arm, ArmProperties, JointPositions, Pose, TrajectoryPoint

__all__ = ["Arm", "ArmProperties", "JointPositions", "Pose", "TrajectoryPoint"]
