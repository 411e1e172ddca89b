"""Gantry API."""

from viam.components.gantry.api import Gantry

__all__ = ["Gantry"]
