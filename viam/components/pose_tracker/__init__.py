"""Pose tracker API."""

from viam.components.pose_tracker.api import PoseTracker

__all__ = ["PoseTracker"]
