from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetVoltageRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetVoltageResponse(_message.Message):
    __slots__ = ("volts", "is_ac")
    VOLTS_FIELD_NUMBER: _ClassVar[int]
    IS_AC_FIELD_NUMBER: _ClassVar[int]
    volts: float
    is_ac: bool
    def __init__(self, volts: _Optional[float] = ..., is_ac: _Optional[bool] = ...) -> None: ...

class GetCurrentRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetCurrentResponse(_message.Message):
    __slots__ = ("amperes", "is_ac")
    AMPERES_FIELD_NUMBER: _ClassVar[int]
    IS_AC_FIELD_NUMBER: _ClassVar[int]
    amperes: float
    is_ac: bool
    def __init__(self, amperes: _Optional[float] = ..., is_ac: _Optional[bool] = ...) -> None: ...

class GetPowerRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPowerResponse(_message.Message):
    __slots__ = ("watts",)
    WATTS_FIELD_NUMBER: _ClassVar[int]
    watts: float
    def __init__(self, watts: _Optional[float] = ...) -> None: ...
