"""SensorClient: the Sensor contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.sensor.api import Sensor
from viam.components.sensor.readings import Readings, fetch_readings
from viam.gen.component.sensor.v1 import sensor_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub

SERVICE = pb.DESCRIPTOR.services_by_name["SensorService"]


class SensorClient(ResourceClient, Sensor):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        return await fetch_readings(self, extra, timeout)
