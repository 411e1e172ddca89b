from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PositionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POSITION_TYPE_UNSPECIFIED: _ClassVar[PositionType]
    POSITION_TYPE_TICKS_COUNT: _ClassVar[PositionType]
    POSITION_TYPE_ANGLE_DEGREES: _ClassVar[PositionType]
POSITION_TYPE_UNSPECIFIED: PositionType
POSITION_TYPE_TICKS_COUNT: PositionType
POSITION_TYPE_ANGLE_DEGREES: PositionType

class GetPositionRequest(_message.Message):
    __slots__ = ("name", "position_type", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    position_type: PositionType
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., position_type: _Optional[_Union[PositionType, str]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPositionResponse(_message.Message):
    __slots__ = ("value", "position_type")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    POSITION_TYPE_FIELD_NUMBER: _ClassVar[int]
    value: float
    position_type: PositionType
    def __init__(self, value: _Optional[float] = ..., position_type: _Optional[_Union[PositionType, str]] = ...) -> None: ...

class ResetPositionRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ResetPositionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPropertiesRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPropertiesResponse(_message.Message):
    __slots__ = ("ticks_count_supported", "angle_degrees_supported")
    TICKS_COUNT_SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    ANGLE_DEGREES_SUPPORTED_FIELD_NUMBER: _ClassVar[int]
    ticks_count_supported: bool
    angle_degrees_supported: bool
    def __init__(self, ticks_count_supported: _Optional[bool] = ..., angle_degrees_supported: _Optional[bool] = ...) -> None: ...
