"""MovementSensor API (GeoPoint, Orientation and Vector3 are the ``common.v1`` messages, as in the SDK)."""

from viam.components.movement_sensor.api import MovementSensor, MovementSensorAccuracy, MovementSensorProperties
from viam.components.movement_sensor.client import MovementSensorClient
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation, Vector3

__all__ = ["GeoPoint", "MovementSensor", "MovementSensorAccuracy", "MovementSensorClient",
           "MovementSensorProperties", "Orientation", "Vector3"]
