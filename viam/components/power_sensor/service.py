"""PowerSensorService: proto <-> PowerSensor."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.components.power_sensor.api import PowerSensor
from viam.components.sensor.readings import ReadingsServicer
from viam.gen.component.powersensor.v1 import powersensor_pb2 as pb

Ctx = grpc.aio.ServicerContext


class PowerSensorService(ReadingsServicer, ResourceServicer):
    async def GetVoltage(
        self, sensor: PowerSensor, request: pb.GetVoltageRequest, context: Ctx
    ) -> pb.GetVoltageResponse:
        volts, is_ac = await sensor.get_voltage(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetVoltageResponse(volts=volts, is_ac=is_ac)

    async def GetCurrent(
        self, sensor: PowerSensor, request: pb.GetCurrentRequest, context: Ctx
    ) -> pb.GetCurrentResponse:
        amperes, is_ac = await sensor.get_current(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetCurrentResponse(amperes=amperes, is_ac=is_ac)

    async def GetPower(
        self, sensor: PowerSensor, request: pb.GetPowerRequest, context: Ctx
    ) -> pb.GetPowerResponse:
        watts = await sensor.get_power(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPowerResponse(watts=watts)
