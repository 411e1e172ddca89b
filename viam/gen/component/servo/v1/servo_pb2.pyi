from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MoveRequest(_message.Message):
    __slots__ = ("name", "angle_deg", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ANGLE_DEG_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    angle_deg: int
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., angle_deg: _Optional[int] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPositionRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPositionResponse(_message.Message):
    __slots__ = ("position_deg",)
    POSITION_DEG_FIELD_NUMBER: _ClassVar[int]
    position_deg: int
    def __init__(self, position_deg: _Optional[int] = ...) -> None: ...

class StopRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class StopResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Status(_message.Message):
    __slots__ = ("position_deg", "is_moving")
    POSITION_DEG_FIELD_NUMBER: _ClassVar[int]
    IS_MOVING_FIELD_NUMBER: _ClassVar[int]
    position_deg: int
    is_moving: bool
    def __init__(self, position_deg: _Optional[int] = ..., is_moving: _Optional[bool] = ...) -> None: ...

class IsMovingRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class IsMovingResponse(_message.Message):
    __slots__ = ("is_moving",)
    IS_MOVING_FIELD_NUMBER: _ClassVar[int]
    is_moving: bool
    def __init__(self, is_moving: _Optional[bool] = ...) -> None: ...
