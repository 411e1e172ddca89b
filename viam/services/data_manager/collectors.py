"""What each capture method calls, and how its answer becomes ``SensorData``.

Every capture is a real gRPC call to the machine's own services over its private UNIX socket,
so local, modular and remote resources are captured through the path any client uses. Tabular
methods store the response message as a Struct (field names as in the proto, defaults kept,
enums as numbers), as the reference does; Readings are stored as ``{"readings": {...}}`` and
DoCommand as ``{"docommand_output": {...}}``. Camera methods store each image as binary data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import json_format, message_factory
from google.protobuf.descriptor import ServiceDescriptor
from google.protobuf.message import Message

from viam.config.capture import DO_COMMAND, CaptureMethod
from viam.gen.app.datasync.v1 import data_sync_pb2 as pb
from viam.resource.names import ResourceName
from viam.utils import dict_to_struct

FROM_DATA_MANAGEMENT = {"fromDataManagement": True}
BINARY_METHODS = {"GetImages", "ReadImage", "NextPointCloud"}
_EXTENSIONS = {"image/jpeg": ".jpeg", "image/png": ".png", "pointcloud/pcd": ".pcd"}
MIME_ENUM = {"image/jpeg": pb.MIME_TYPE_IMAGE_JPEG, "image/png": pb.MIME_TYPE_IMAGE_PNG,
             "pointcloud/pcd": pb.MIME_TYPE_APPLICATION_PCD, "video/mp4": pb.MIME_TYPE_VIDEO_MP4}


class NoCaptureError(Exception):
    """The resource said there is nothing to store this time (FAILED_PRECONDITION 'no capture')."""


@dataclass
class Binary:
    payload: bytes
    mime_type: str
    annotations: bytes = b""


@dataclass
class CaptureResult:
    time_requested: float
    time_received: float
    struct: dict[str, Any] | None = None
    binaries: list[Binary] = field(default_factory=list)

    def to_sensor_data(self) -> list[pb.SensorData]:
        def meta(binary: Binary | None = None) -> pb.SensorMetadata:
            m = pb.SensorMetadata()
            m.time_requested.FromNanoseconds(int(self.time_requested * 1e9))
            m.time_received.FromNanoseconds(int(self.time_received * 1e9))
            if binary is not None and binary.annotations:
                m.annotations = binary.annotations
            return m
        if self.struct is not None:
            return [pb.SensorData(metadata=meta(), struct=dict_to_struct(self.struct))]
        return [pb.SensorData(metadata=meta(b), binary=b.payload) for b in self.binaries]


# (rpc name, extra request fields from additional_params, name field)
_Request = Callable[[dict[str, Any]], dict[str, Any]]


def _none(_: dict[str, Any]) -> dict[str, Any]:
    return {}


_TABULAR: dict[tuple[str, str], tuple[str, _Request]] = {
    ("sensor", "Readings"): ("GetReadings", _none),
    ("movement_sensor", "Readings"): ("GetReadings", _none),
    ("power_sensor", "Readings"): ("GetReadings", _none),
    ("motor", "Position"): ("GetPosition", _none),
    ("motor", "IsPowered"): ("IsPowered", _none),
    ("encoder", "TicksCount"): ("GetPosition", _none),
    ("servo", "Position"): ("GetPosition", _none),
    ("movement_sensor", "Position"): ("GetPosition", _none),
    ("movement_sensor", "LinearVelocity"): ("GetLinearVelocity", _none),
    ("movement_sensor", "AngularVelocity"): ("GetAngularVelocity", _none),
    ("movement_sensor", "CompassHeading"): ("GetCompassHeading", _none),
    ("movement_sensor", "LinearAcceleration"): ("GetLinearAcceleration", _none),
    ("movement_sensor", "Orientation"): ("GetOrientation", _none),
    ("power_sensor", "Voltage"): ("GetVoltage", _none),
    ("power_sensor", "Current"): ("GetCurrent", _none),
    ("power_sensor", "Power"): ("GetPower", _none),
    ("board", "Analogs"): ("ReadAnalogReader", lambda p: {"analog_reader_name": p["reader_name"]}),
    ("board", "Gpios"): ("GetGPIO", lambda p: {"pin": p["pin_name"]}),
}


def is_binary(method: str) -> bool:
    return method in BINARY_METHODS


def file_extension(method: str, params: dict[str, Any]) -> str:
    """``DataCaptureMetadata.file_extension`` as the reference sets it."""
    if not is_binary(method):
        return ".dat"
    if method == "NextPointCloud":
        return ".pcd"
    if method == "ReadImage":
        return _EXTENSIONS.get(str(params.get("mime_type", "")), "")
    return ""


class Capturer:
    """Calls one method of one resource through a channel to the machine and returns a result."""

    def __init__(self, channel: grpc.aio.Channel, service: ServiceDescriptor, name: ResourceName,
                 method: CaptureMethod, timeout_s: float = 10.0) -> None:
        self.name = name
        self.method = method
        self.timeout_s = timeout_s
        subtype = name.api.resource_subtype
        params = method.additional_params
        if method.method == DO_COMMAND:
            rpc, fields = "DoCommand", {"command": params.get("docommand_input") or {}}
        elif method.method in BINARY_METHODS:
            rpc = "GetPointCloud" if method.method == "NextPointCloud" else "GetImages"
            fields = {"mime_type": "pointcloud/pcd"} if rpc == "GetPointCloud" else {}
            if method.method == "GetImages" and isinstance(params.get("filter_source_names"), list):
                fields["filter_source_names"] = [str(s) for s in params["filter_source_names"]]
        else:
            entry = _TABULAR.get((subtype, method.method))
            if entry is None:
                raise ValueError(f"{name.api} has no capture method {method.method!r}")
            rpc, build = entry
            fields = build(params)
        descriptor = service.methods_by_name.get(rpc)
        if descriptor is None:
            raise ValueError(f"{service.full_name} has no {rpc} RPC")
        self._rpc = rpc
        self._request_class = message_factory.GetMessageClass(descriptor.input_type)
        self._response_class = message_factory.GetMessageClass(descriptor.output_type)
        request = self._request_class()
        name_field = "board_name" if rpc == "ReadAnalogReader" else "name"
        setattr(request, name_field, name.name)
        for key, value in fields.items():
            if key == "command":
                request.command.CopyFrom(dict_to_struct(value))
            elif isinstance(value, list):
                getattr(request, key).extend(value)
            else:
                setattr(request, key, value)
        if "extra" in descriptor.input_type.fields_by_name and rpc != "DoCommand":
            request.extra.CopyFrom(dict_to_struct(FROM_DATA_MANAGEMENT))
        self._request = request.SerializeToString()
        self._call = channel.unary_unary(f"/{service.full_name}/{rpc}", request_serializer=None,
                                         response_deserializer=None)

    async def capture(self) -> CaptureResult:
        requested = time.time()
        try:
            raw = await self._call(self._request, timeout=self.timeout_s)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.FAILED_PRECONDITION and "no capture" in (exc.details() or "").lower():
                raise NoCaptureError(exc.details()) from None
            raise
        received = time.time()
        response = self._response_class.FromString(raw)
        return self._result(response, requested, received)

    def _result(self, response: Message, requested: float, received: float) -> CaptureResult:
        method = self.method.method
        if method == DO_COMMAND:
            output = json_format.MessageToDict(response.result)  # type: ignore[attr-defined]
            return CaptureResult(requested, received, struct={"docommand_output": output})
        if method == "NextPointCloud":
            return CaptureResult(requested, received, binaries=[Binary(response.point_cloud, "pointcloud/pcd")])  # type: ignore[attr-defined]
        if method in ("GetImages", "ReadImage"):
            images = list(response.images)  # type: ignore[attr-defined]
            if method == "ReadImage":
                wanted = str(self.method.additional_params.get("mime_type") or "image/jpeg")
                images = [i for i in images if i.mime_type == wanted][:1]
                if not images:
                    raise ValueError(f"camera returned no {wanted} image")
            binaries = [Binary(i.image, i.mime_type, bytes(i.annotations)) for i in images if i.image]
            if not binaries:
                raise ValueError("camera returned no images")
            return CaptureResult(requested, received, binaries=binaries)
        as_dict = json_format.MessageToDict(response, preserving_proto_field_name=True,
                                            always_print_fields_with_no_presence=True, use_integers_for_enums=True)
        as_dict.pop("response_metadata", None)
        return CaptureResult(requested, received, struct=as_dict)
