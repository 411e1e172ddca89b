"""The APIs this project serves, and their fake models: the one list the server and clients read.

Adding an API means adding one ``APISpec`` line here: where its contract (``api.py``), servicer
(``service.py``), client (``client.py``) and fake model (``fake.py``) live, and its gRPC service.
Nothing is imported until it is needed, so a module process that serves one API loads one API.
``register_builtins`` is called explicitly by the server; importing this module registers nothing.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from google.protobuf.descriptor import ServiceDescriptor

from viam.resource.base import Resource
from viam.resource.names import API, Model
from viam.resource.registry import APIRegistration, ModelClass, Registry

FAKE_MODEL = Model("rdk", "builtin", "fake")
LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class APISpec:
    """Where one API's pieces live (``package`` holds api.py, service.py, client.py, fake.py)."""

    api: API
    package: str
    resource: str
    servicer: str
    client: str
    fake: str
    pb2_module: str
    service_name: str

    def _load(self, submodule: str, name: str) -> Any:
        return getattr(importlib.import_module(f"{self.package}.{submodule}"), name)

    @cached_property
    def resource_class(self) -> type[Resource]:
        return self._load("api", self.resource)

    @cached_property
    def servicer_class(self) -> type:
        return self._load("service", self.servicer)

    @cached_property
    def client_class(self) -> type[Resource]:
        return self._load("client", self.client)

    @cached_property
    def fake_model(self) -> ModelClass:
        return self._load("fake", self.fake)

    @cached_property
    def service(self) -> ServiceDescriptor:
        return importlib.import_module(self.pb2_module).DESCRIPTOR.services_by_name[self.service_name]

    def registration(self) -> APIRegistration:
        return APIRegistration(api=self.api, resource_class=self.resource_class, service_descriptor=self.service,
                               servicer=self.servicer_class(), client_class=self.client_class)


def _component(subtype: str, package: str, stem: str, proto_dir: str) -> APISpec:
    return APISpec(API.component(subtype), f"viam.components.{package}", stem, f"{stem}Service", f"{stem}Client",
                   f"Fake{stem}", f"viam.gen.component.{proto_dir}.v1.{proto_dir}_pb2", f"{stem}Service")


BUILTIN_APIS: list[APISpec] = [
    _component("motor", "motor", "Motor", "motor"),
    _component("sensor", "sensor", "Sensor", "sensor"),
    _component("power_sensor", "power_sensor", "PowerSensor", "powersensor"),
    _component("movement_sensor", "movement_sensor", "MovementSensor", "movementsensor"),
    _component("generic", "generic", "Generic", "generic"),
    _component("board", "board", "Board", "board"),
    _component("camera", "camera", "Camera", "camera"),
    _component("encoder", "encoder", "Encoder", "encoder"),
    _component("servo", "servo", "Servo", "servo"),
    _component("base", "base", "Base", "base"),
    _component("arm", "arm", "Arm", "arm"),
    _component("gripper", "gripper", "Gripper", "gripper"),
    _component("gantry", "gantry", "Gantry", "gantry"),
    _component("button", "button", "Button", "button"),
    _component("switch", "switch", "Switch", "switch"),
    APISpec(API.component("input_controller"), "viam.components.input_controller", "InputController",
            "InputControllerService", "InputControllerClient", "FakeInputController",
            "viam.gen.component.inputcontroller.v1.input_controller_pb2", "InputControllerService"),
    APISpec(API.component("audio_in"), "viam.components.audio_in", "AudioIn", "AudioInService", "AudioInClient",
            "FakeAudioIn", "viam.gen.component.audioin.v1.audioin_pb2", "AudioInService"),
    APISpec(API.component("audio_out"), "viam.components.audio_out", "AudioOut", "AudioOutService",
            "AudioOutClient", "FakeAudioOut", "viam.gen.component.audioout.v1.audioout_pb2", "AudioOutService"),
    APISpec(API.component("pose_tracker"), "viam.components.pose_tracker", "PoseTracker", "PoseTrackerService",
            "PoseTrackerClient", "FakePoseTracker", "viam.gen.component.posetracker.v1.pose_tracker_pb2",
            "PoseTrackerService"),
    APISpec(API.service("generic"), "viam.services.generic", "Generic", "GenericService", "GenericClient",
            "FakeGenericService", "viam.gen.service.generic.v1.generic_pb2", "GenericService"),
    APISpec(API.service("motion"), "viam.services.motion", "Motion", "MotionService", "MotionClient", "",
            "viam.gen.service.motion.v1.motion_pb2", "MotionService"),
    APISpec(API.service("data_manager"), "viam.services.data_manager", "DataManager", "DataManagerService",
            "DataManagerClient", "FakeDataManager", "viam.gen.service.datamanager.v1.data_manager_pb2",
            "DataManagerService"),
]

_BY_API = {spec.api: spec for spec in BUILTIN_APIS}


def spec_for(api: API) -> APISpec | None:
    return _BY_API.get(api)


class _LazyFakeModel:
    """Stands in for a fake model class until a config uses it."""

    def __init__(self, spec: APISpec) -> None:
        self.spec = spec

    def validate_config(self, config: Any) -> Any:
        return self.spec.fake_model.validate_config(config)

    async def new(self, config: Any, dependencies: Any) -> Resource:
        model = self.spec.fake_model
        known = getattr(model, "ATTRIBUTES", None)  # a fake's attributes: any other is said to do nothing
        for key in config.attributes if known is not None else ():
            if key not in known:
                LOG.warning("%s %r: attributes.%s: unknown attribute, it has no effect here",
                            self.spec.api.resource_subtype, config.name, key)
        return await model.new(config, dependencies)


def register_builtins(registry: Registry) -> None:
    """Register every built-in API and its ``rdk:builtin:fake`` model (loaded on first use)."""
    for spec in BUILTIN_APIS:
        registry.register_api(spec.registration, api=spec.api)
        if spec.fake:  # the motion service has only its builtin model, as the reference
            registry.register_model(spec.api, FAKE_MODEL, _LazyFakeModel(spec))
