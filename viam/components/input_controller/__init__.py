"""Input controller API."""

from viam.components.input_controller.api import Event, InputController

__all__ = ["Event", "InputController"]
