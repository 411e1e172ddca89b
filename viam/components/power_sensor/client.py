"""PowerSensorClient: the PowerSensor contract over gRPC."""

from __future__ import annotations

from typing import Any

import grpc

from viam.components.base import ResourceClient
from viam.components.power_sensor.api import PowerSensor
from viam.components.sensor.readings import Readings, fetch_readings
from viam.errors import NotSupportedError
from viam.gen.component.powersensor.v1 import powersensor_pb2 as pb
from viam.resource.base import Extra
from viam.rpc.stubs import ServiceStub
from viam.utils import extra_struct

SERVICE = pb.DESCRIPTOR.services_by_name["PowerSensorService"]


class PowerSensorClient(ResourceClient, PowerSensor):
    def __init__(self, name: str, channel: grpc.aio.Channel) -> None:
        ResourceClient.__init__(self, name, channel, ServiceStub(channel, SERVICE))

    async def get_voltage(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        response = await self._call("GetVoltage", pb.GetVoltageRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return response.volts, response.is_ac

    async def get_current(self, *, extra: Extra = None, timeout: float | None = None,
                          **kwargs: Any) -> tuple[float, bool]:
        response = await self._call("GetCurrent", pb.GetCurrentRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return response.amperes, response.is_ac

    async def get_power(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> float:
        response = await self._call("GetPower", pb.GetPowerRequest(name=self.name, extra=extra_struct(extra)),
                                    timeout)
        return response.watts

    async def get_readings(self, *, extra: Extra = None, timeout: float | None = None,
                           **kwargs: Any) -> Readings:
        return await fetch_readings(self, extra, timeout)

    async def get_geometries(self, *, extra: Extra = None, timeout: float | None = None) -> list[Any]:
        """The power sensor API has no GetGeometries RPC (the official SDK raises here too)."""
        raise NotSupportedError(f"power_sensor {self.name!r}: the API has no GetGeometries")
