from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetImagesRequest(_message.Message):
    __slots__ = ("name", "filter_source_names", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FILTER_SOURCE_NAMES_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    filter_source_names: _containers.RepeatedScalarFieldContainer[str]
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., filter_source_names: _Optional[_Iterable[str]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetImagesResponse(_message.Message):
    __slots__ = ("images", "response_metadata")
    IMAGES_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_METADATA_FIELD_NUMBER: _ClassVar[int]
    images: _containers.RepeatedCompositeFieldContainer[Image]
    response_metadata: _common_pb2.ResponseMetadata
    def __init__(self, images: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., response_metadata: _Optional[_Union[_common_pb2.ResponseMetadata, _Mapping]] = ...) -> None: ...

class Image(_message.Message):
    __slots__ = ("source_name", "image", "mime_type", "annotations")
    SOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    ANNOTATIONS_FIELD_NUMBER: _ClassVar[int]
    source_name: str
    image: bytes
    mime_type: str
    annotations: bytes
    def __init__(self, source_name: _Optional[str] = ..., image: _Optional[bytes] = ..., mime_type: _Optional[str] = ..., annotations: _Optional[bytes] = ...) -> None: ...

class GetPointCloudRequest(_message.Message):
    __slots__ = ("name", "mime_type", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    mime_type: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., mime_type: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPointCloudResponse(_message.Message):
    __slots__ = ("mime_type", "point_cloud")
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    POINT_CLOUD_FIELD_NUMBER: _ClassVar[int]
    mime_type: str
    point_cloud: bytes
    def __init__(self, mime_type: _Optional[str] = ..., point_cloud: _Optional[bytes] = ...) -> None: ...

class GetPropertiesRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetPropertiesResponse(_message.Message):
    __slots__ = ("supports_pcd", "intrinsic_parameters", "distortion_parameters", "mime_types", "frame_rate", "extrinsic_parameters", "default_reference_frame")
    SUPPORTS_PCD_FIELD_NUMBER: _ClassVar[int]
    INTRINSIC_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    DISTORTION_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPES_FIELD_NUMBER: _ClassVar[int]
    FRAME_RATE_FIELD_NUMBER: _ClassVar[int]
    EXTRINSIC_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_REFERENCE_FRAME_FIELD_NUMBER: _ClassVar[int]
    supports_pcd: bool
    intrinsic_parameters: IntrinsicParameters
    distortion_parameters: DistortionParameters
    mime_types: _containers.RepeatedScalarFieldContainer[str]
    frame_rate: float
    extrinsic_parameters: ExtrinsicParameters
    default_reference_frame: str
    def __init__(self, supports_pcd: _Optional[bool] = ..., intrinsic_parameters: _Optional[_Union[IntrinsicParameters, _Mapping]] = ..., distortion_parameters: _Optional[_Union[DistortionParameters, _Mapping]] = ..., mime_types: _Optional[_Iterable[str]] = ..., frame_rate: _Optional[float] = ..., extrinsic_parameters: _Optional[_Union[ExtrinsicParameters, _Mapping]] = ..., default_reference_frame: _Optional[str] = ...) -> None: ...

class Webcams(_message.Message):
    __slots__ = ("webcams",)
    WEBCAMS_FIELD_NUMBER: _ClassVar[int]
    webcams: _containers.RepeatedCompositeFieldContainer[Webcam]
    def __init__(self, webcams: _Optional[_Iterable[_Union[Webcam, _Mapping]]] = ...) -> None: ...

class Webcam(_message.Message):
    __slots__ = ("label", "status", "properties", "name", "id")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    label: str
    status: str
    properties: _containers.RepeatedCompositeFieldContainer[Property]
    name: str
    id: str
    def __init__(self, label: _Optional[str] = ..., status: _Optional[str] = ..., properties: _Optional[_Iterable[_Union[Property, _Mapping]]] = ..., name: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class Property(_message.Message):
    __slots__ = ("width_px", "height_px", "frame_format", "frame_rate")
    WIDTH_PX_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_PX_FIELD_NUMBER: _ClassVar[int]
    FRAME_FORMAT_FIELD_NUMBER: _ClassVar[int]
    FRAME_RATE_FIELD_NUMBER: _ClassVar[int]
    width_px: int
    height_px: int
    frame_format: str
    frame_rate: float
    def __init__(self, width_px: _Optional[int] = ..., height_px: _Optional[int] = ..., frame_format: _Optional[str] = ..., frame_rate: _Optional[float] = ...) -> None: ...

class IntrinsicParameters(_message.Message):
    __slots__ = ("width_px", "height_px", "focal_x_px", "focal_y_px", "center_x_px", "center_y_px")
    WIDTH_PX_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_PX_FIELD_NUMBER: _ClassVar[int]
    FOCAL_X_PX_FIELD_NUMBER: _ClassVar[int]
    FOCAL_Y_PX_FIELD_NUMBER: _ClassVar[int]
    CENTER_X_PX_FIELD_NUMBER: _ClassVar[int]
    CENTER_Y_PX_FIELD_NUMBER: _ClassVar[int]
    width_px: int
    height_px: int
    focal_x_px: float
    focal_y_px: float
    center_x_px: float
    center_y_px: float
    def __init__(self, width_px: _Optional[int] = ..., height_px: _Optional[int] = ..., focal_x_px: _Optional[float] = ..., focal_y_px: _Optional[float] = ..., center_x_px: _Optional[float] = ..., center_y_px: _Optional[float] = ...) -> None: ...

class DistortionParameters(_message.Message):
    __slots__ = ("model", "parameters")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    model: str
    parameters: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, model: _Optional[str] = ..., parameters: _Optional[_Iterable[float]] = ...) -> None: ...

class ExtrinsicParameters(_message.Message):
    __slots__ = ("translation", "orientation")
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    ORIENTATION_FIELD_NUMBER: _ClassVar[int]
    translation: _common_pb2.Vector3
    orientation: _common_pb2.Orientation
    def __init__(self, translation: _Optional[_Union[_common_pb2.Vector3, _Mapping]] = ..., orientation: _Optional[_Union[_common_pb2.Orientation, _Mapping]] = ...) -> None: ...
