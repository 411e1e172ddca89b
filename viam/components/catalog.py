"""The APIs this project serves, and their fake models: the one list the server and clients read.

Adding an API means adding one ``APISpec`` line here (contract, servicer, client, gRPC service,
fake model). ``register_builtins`` is called explicitly by the server; importing this module
registers nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.descriptor import ServiceDescriptor

from viam.components.board.api import Board
from viam.components.board.client import BoardClient
from viam.components.board.fake import FakeBoard
from viam.components.board.service import BoardService
from viam.components.camera.api import Camera
from viam.components.camera.client import CameraClient
from viam.components.camera.fake import FakeCamera
from viam.components.camera.service import CameraService
from viam.components.encoder.api import Encoder
from viam.components.encoder.client import EncoderClient
from viam.components.encoder.fake import FakeEncoder
from viam.components.encoder.service import EncoderService
from viam.components.generic.api import Generic
from viam.components.generic.client import GenericClient
from viam.components.generic.fake import FakeGeneric
from viam.components.generic.service import GenericService
from viam.components.motor.api import Motor
from viam.components.motor.client import MotorClient
from viam.components.motor.fake import FakeMotor
from viam.components.motor.service import MotorService
from viam.components.movement_sensor.api import MovementSensor
from viam.components.movement_sensor.client import MovementSensorClient
from viam.components.movement_sensor.fake import FakeMovementSensor
from viam.components.movement_sensor.service import MovementSensorService
from viam.components.power_sensor.api import PowerSensor
from viam.components.power_sensor.client import PowerSensorClient
from viam.components.power_sensor.fake import FakePowerSensor
from viam.components.power_sensor.service import PowerSensorService
from viam.components.sensor.api import Sensor
from viam.components.sensor.client import SensorClient
from viam.components.sensor.fake import FakeSensor
from viam.components.sensor.service import SensorService
from viam.components.servo.api import Servo
from viam.components.servo.client import ServoClient
from viam.components.servo.fake import FakeServo
from viam.components.servo.service import ServoService
from viam.gen.component.board.v1 import board_pb2
from viam.gen.component.camera.v1 import camera_pb2
from viam.gen.component.encoder.v1 import encoder_pb2
from viam.gen.component.generic.v1 import generic_pb2
from viam.gen.component.motor.v1 import motor_pb2
from viam.gen.component.movementsensor.v1 import movementsensor_pb2
from viam.gen.component.powersensor.v1 import powersensor_pb2
from viam.gen.component.sensor.v1 import sensor_pb2
from viam.gen.component.servo.v1 import servo_pb2
from viam.gen.service.generic.v1 import generic_pb2 as generic_service_pb2
from viam.resource.base import Resource
from viam.resource.names import API, Model
from viam.resource.registry import APIRegistration, ModelClass, Registry
from viam.services.generic.api import Generic as GenericServiceAPI
from viam.services.generic.client import GenericClient as GenericServiceClient
from viam.services.generic.fake import FakeGenericService
from viam.services.generic.service import GenericService as GenericServiceServicer

FAKE_MODEL = Model("rdk", "builtin", "fake")


@dataclass(frozen=True)
class APISpec:
    resource_class: type[Resource]
    servicer_class: type
    client_class: type[Resource]
    service: ServiceDescriptor
    fake_model: ModelClass | None = None

    @property
    def api(self) -> API:
        return self.resource_class.API


BUILTIN_APIS: list[APISpec] = [
    APISpec(Motor, MotorService, MotorClient, motor_pb2.DESCRIPTOR.services_by_name["MotorService"], FakeMotor),
    APISpec(Sensor, SensorService, SensorClient, sensor_pb2.DESCRIPTOR.services_by_name["SensorService"], FakeSensor),
    APISpec(PowerSensor, PowerSensorService, PowerSensorClient,
            powersensor_pb2.DESCRIPTOR.services_by_name["PowerSensorService"], FakePowerSensor),
    APISpec(MovementSensor, MovementSensorService, MovementSensorClient,
            movementsensor_pb2.DESCRIPTOR.services_by_name["MovementSensorService"], FakeMovementSensor),
    APISpec(Generic, GenericService, GenericClient, generic_pb2.DESCRIPTOR.services_by_name["GenericService"],
            FakeGeneric),
    APISpec(Board, BoardService, BoardClient, board_pb2.DESCRIPTOR.services_by_name["BoardService"], FakeBoard),
    APISpec(Camera, CameraService, CameraClient, camera_pb2.DESCRIPTOR.services_by_name["CameraService"], FakeCamera),
    APISpec(Encoder, EncoderService, EncoderClient, encoder_pb2.DESCRIPTOR.services_by_name["EncoderService"],
            FakeEncoder),
    APISpec(Servo, ServoService, ServoClient, servo_pb2.DESCRIPTOR.services_by_name["ServoService"], FakeServo),
    APISpec(GenericServiceAPI, GenericServiceServicer, GenericServiceClient,
            generic_service_pb2.DESCRIPTOR.services_by_name["GenericService"], FakeGenericService),
]

_BY_API = {spec.api: spec for spec in BUILTIN_APIS}


def spec_for(api: API) -> APISpec | None:
    return _BY_API.get(api)


def register_builtins(registry: Registry) -> None:
    """Register every built-in API and its ``rdk:builtin:fake`` model."""
    for spec in BUILTIN_APIS:
        registry.register_api(
            APIRegistration(
                api=spec.api,
                resource_class=spec.resource_class,
                service_descriptor=spec.service,
                servicer=spec.servicer_class(),
                client_class=spec.client_class,
            )
        )
        if spec.fake_model is not None:
            registry.register_model(spec.api, FAKE_MODEL, spec.fake_model)
