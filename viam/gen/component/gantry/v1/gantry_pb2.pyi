from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetPositionRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPositionResponse(_message.Message):
    __slots__ = ("positions_mm",)
    POSITIONS_MM_FIELD_NUMBER: _ClassVar[int]
    positions_mm: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, positions_mm: _Optional[_Iterable[float]] = ...) -> None: ...

class MoveToPositionRequest(_message.Message):
    __slots__ = ("name", "positions_mm", "speeds_mm_per_sec", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_MM_FIELD_NUMBER: _ClassVar[int]
    SPEEDS_MM_PER_SEC_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    positions_mm: _containers.RepeatedScalarFieldContainer[float]
    speeds_mm_per_sec: _containers.RepeatedScalarFieldContainer[float]
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., positions_mm: _Optional[_Iterable[float]] = ..., speeds_mm_per_sec: _Optional[_Iterable[float]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveToPositionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HomeRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class HomeResponse(_message.Message):
    __slots__ = ("homed",)
    HOMED_FIELD_NUMBER: _ClassVar[int]
    homed: bool
    def __init__(self, homed: _Optional[bool] = ...) -> None: ...

class GetLengthsRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetLengthsResponse(_message.Message):
    __slots__ = ("lengths_mm",)
    LENGTHS_MM_FIELD_NUMBER: _ClassVar[int]
    lengths_mm: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, lengths_mm: _Optional[_Iterable[float]] = ...) -> None: ...

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
    __slots__ = ("positions_mm", "lengths_mm", "is_moving")
    POSITIONS_MM_FIELD_NUMBER: _ClassVar[int]
    LENGTHS_MM_FIELD_NUMBER: _ClassVar[int]
    IS_MOVING_FIELD_NUMBER: _ClassVar[int]
    positions_mm: _containers.RepeatedScalarFieldContainer[float]
    lengths_mm: _containers.RepeatedScalarFieldContainer[float]
    is_moving: bool
    def __init__(self, positions_mm: _Optional[_Iterable[float]] = ..., lengths_mm: _Optional[_Iterable[float]] = ..., is_moving: _Optional[bool] = ...) -> None: ...

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
