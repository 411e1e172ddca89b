"""Sensor readings on the wire: ``map<string, Value>`` with geometric values tagged by ``_type``.

Every API with ``GetReadings`` (sensor, power sensor, movement sensor) shares this codec so that
a GeoPoint, Vector3 or Orientation reading arrives in the official SDK as the same message type
it was on our side, and one from an SDK-written module arrives here as that type too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import grpc
from google.protobuf import struct_pb2

from viam.components.base import ResourceClient, extra_of, timeout_of
from viam.gen.common.v1 import common_pb2
from viam.resource.base import Extra
from viam.utils import extra_struct, python_to_value, value_to_python

SensorReading = Any
"""A JSON-shaped value, or a ``common.v1`` Vector3, GeoPoint or Orientation."""

Readings = Mapping[str, SensorReading]

TYPE_KEY = "_type"
VECTOR3 = "vector3"
ANGULAR_VELOCITY = "angular_velocity"  # what viam-server (Go) tags angular velocities with
GEOPOINT = "geopoint"
ORIENTATION = "orientation_vector_degrees"


def _tagged(reading: SensorReading) -> Any:
    """The JSON shape of one reading: geometric messages become maps tagged with ``_type``."""
    if isinstance(reading, common_pb2.Vector3):
        return {"x": reading.x, "y": reading.y, "z": reading.z, TYPE_KEY: VECTOR3}
    if isinstance(reading, common_pb2.GeoPoint):
        return {"lat": reading.latitude, "lng": reading.longitude, TYPE_KEY: GEOPOINT}
    if isinstance(reading, common_pb2.Orientation):
        return {"ox": reading.o_x, "oy": reading.o_y, "oz": reading.o_z, "theta": reading.theta,
                TYPE_KEY: ORIENTATION}
    return reading


def _untagged(value: Any) -> SensorReading:
    """Inverse of ``_tagged``; maps with an unknown or missing ``_type`` stay plain dicts."""
    if not isinstance(value, dict):
        return value
    kind = value.get(TYPE_KEY)
    if kind in (VECTOR3, ANGULAR_VELOCITY):
        return common_pb2.Vector3(x=value["x"], y=value["y"], z=value["z"])
    if kind == GEOPOINT:
        return common_pb2.GeoPoint(latitude=value["lat"], longitude=value["lng"])
    if kind == ORIENTATION:
        return common_pb2.Orientation(o_x=value["ox"], o_y=value["oy"], o_z=value["oz"], theta=value["theta"])
    return value


def readings_to_proto(readings: Readings) -> dict[str, struct_pb2.Value]:
    return {str(key): python_to_value(_tagged(reading)) for key, reading in readings.items()}


def readings_from_proto(readings: Mapping[str, struct_pb2.Value]) -> dict[str, SensorReading]:
    return {key: _untagged(value_to_python(value)) for key, value in readings.items()}


class ReadingsServicer:
    """``GetReadings`` for any servicer whose resources have ``get_readings``."""

    async def GetReadings(
        self, resource: Any, request: common_pb2.GetReadingsRequest, context: grpc.aio.ServicerContext
    ) -> common_pb2.GetReadingsResponse:
        readings = await resource.get_readings(extra=extra_of(request), timeout=timeout_of(context))
        return common_pb2.GetReadingsResponse(readings=readings_to_proto(readings))


async def fetch_readings(client: ResourceClient, extra: Extra, timeout: float | None) -> dict[str, SensorReading]:
    """Call ``GetReadings`` through any resource client (sensor, power sensor, movement sensor)."""
    request = common_pb2.GetReadingsRequest(name=client.name, extra=extra_struct(extra))
    response = await client._call("GetReadings", request, timeout)
    return readings_from_proto(response.readings)
