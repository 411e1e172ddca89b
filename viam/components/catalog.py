"""The APIs this project serves, and their fake models: the one list the server and clients read.

Adding an API means adding one ``APISpec`` line here (contract, servicer, client, gRPC service,
fake model). ``register_builtins`` is called explicitly by the server; importing this module
registers nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.descriptor import ServiceDescriptor

from viam.components.motor.api import Motor
from viam.components.motor.client import MotorClient
from viam.components.motor.fake import FakeMotor
from viam.components.motor.service import MotorService
from viam.gen.component.motor.v1 import motor_pb2
from viam.resource.base import Resource
from viam.resource.names import API, Model
from viam.resource.registry import APIRegistration, ModelClass, Registry

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
