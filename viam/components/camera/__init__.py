"""Camera API."""

from viam.components.camera.api import Camera
from viam.components.camera.client import CameraClient
from viam.components.camera.image import CameraMimeType, NamedImage

__all__ = ["Camera", "CameraClient", "CameraMimeType", "NamedImage"]
