"""SensorClient: the Sensor contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.sensor.api import Sensor
from viam.components.sensor.readings import Readings, fetch_readings
from viam.gen.component.sensor.v1.sensor_pb2_grpc import SensorServiceStub
from viam.resource.base import Extra


class SensorClient(ResourceClient, Sensor):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, SensorServiceStub(channel))

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        return await fetch_readings(self, extra, timeout)
