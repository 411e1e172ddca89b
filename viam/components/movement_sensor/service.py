"""MovementSensorService: proto <-> MovementSensor."""

from __future__ import annotations

import grpc

from viam.components.base import ResourceServicer, extra_of, timeout_of
from viam.components.movement_sensor.api import MovementSensor
from viam.components.sensor.readings import ReadingsServicer
from viam.gen.component.movementsensor.v1 import movementsensor_pb2 as pb

Ctx = grpc.aio.ServicerContext


class MovementSensorService(ReadingsServicer, ResourceServicer):
    async def GetPosition(
        self, sensor: MovementSensor, request: pb.GetPositionRequest, context: Ctx
    ) -> pb.GetPositionResponse:
        point, altitude = await sensor.get_position(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPositionResponse(coordinate=point, altitude_m=altitude)

    async def GetLinearVelocity(
        self, sensor: MovementSensor, request: pb.GetLinearVelocityRequest, context: Ctx
    ) -> pb.GetLinearVelocityResponse:
        velocity = await sensor.get_linear_velocity(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetLinearVelocityResponse(linear_velocity=velocity)

    async def GetAngularVelocity(
        self, sensor: MovementSensor, request: pb.GetAngularVelocityRequest, context: Ctx
    ) -> pb.GetAngularVelocityResponse:
        velocity = await sensor.get_angular_velocity(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetAngularVelocityResponse(angular_velocity=velocity)

    async def GetLinearAcceleration(
        self, sensor: MovementSensor, request: pb.GetLinearAccelerationRequest, context: Ctx
    ) -> pb.GetLinearAccelerationResponse:
        acceleration = await sensor.get_linear_acceleration(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetLinearAccelerationResponse(linear_acceleration=acceleration)

    async def GetCompassHeading(
        self, sensor: MovementSensor, request: pb.GetCompassHeadingRequest, context: Ctx
    ) -> pb.GetCompassHeadingResponse:
        heading = await sensor.get_compass_heading(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetCompassHeadingResponse(value=heading)

    async def GetOrientation(
        self, sensor: MovementSensor, request: pb.GetOrientationRequest, context: Ctx
    ) -> pb.GetOrientationResponse:
        orientation = await sensor.get_orientation(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetOrientationResponse(orientation=orientation)

    async def GetProperties(
        self, sensor: MovementSensor, request: pb.GetPropertiesRequest, context: Ctx
    ) -> pb.GetPropertiesResponse:
        props = await sensor.get_properties(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetPropertiesResponse(
            linear_velocity_supported=props.linear_velocity_supported,
            angular_velocity_supported=props.angular_velocity_supported,
            orientation_supported=props.orientation_supported,
            position_supported=props.position_supported,
            compass_heading_supported=props.compass_heading_supported,
            linear_acceleration_supported=props.linear_acceleration_supported,
        )

    async def GetAccuracy(
        self, sensor: MovementSensor, request: pb.GetAccuracyRequest, context: Ctx
    ) -> pb.GetAccuracyResponse:
        accuracy = await sensor.get_accuracy(extra=extra_of(request), timeout=timeout_of(context))
        return pb.GetAccuracyResponse(
            accuracy=accuracy.accuracy,
            position_hdop=accuracy.position_hdop,
            position_vdop=accuracy.position_vdop,
            position_nmea_gga_fix=accuracy.position_nmea_gga_fix,
            compass_degrees_error=accuracy.compass_degrees_error,
        )
