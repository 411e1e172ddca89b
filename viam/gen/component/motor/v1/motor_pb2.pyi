from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SetPowerRequest(_message.Message):
    __slots__ = ("name", "power_pct", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POWER_PCT_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    power_pct: float
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., power_pct: _Optional[float] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SetPowerResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GoForRequest(_message.Message):
    __slots__ = ("name", "rpm", "revolutions", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RPM_FIELD_NUMBER: _ClassVar[int]
    REVOLUTIONS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    rpm: float
    revolutions: float
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., rpm: _Optional[float] = ..., revolutions: _Optional[float] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GoForResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GoToRequest(_message.Message):
    __slots__ = ("name", "rpm", "position_revolutions", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RPM_FIELD_NUMBER: _ClassVar[int]
    POSITION_REVOLUTIONS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    rpm: float
    position_revolutions: float
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., rpm: _Optional[float] = ..., position_revolutions: _Optional[float] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GoToResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetRPMRequest(_message.Message):
    __slots__ = ("name", "rpm", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RPM_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    rpm: float
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., rpm: _Optional[float] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SetRPMResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResetZeroPositionRequest(_message.Message):
    __slots__ = ("name", "offset", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    offset: float
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., offset: _Optional[float] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ResetZeroPositionResponse(_message.Message):
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
    __slots__ = ("position",)
    POSITION_FIELD_NUMBER: _ClassVar[int]
    position: float
    def __init__(self, position: _Optional[float] = ...) -> None: ...

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

class IsPoweredRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class IsPoweredResponse(_message.Message):
    __slots__ = ("is_on", "power_pct")
    IS_ON_FIELD_NUMBER: _ClassVar[int]
    POWER_PCT_FIELD_NUMBER: _ClassVar[int]
    is_on: bool
    power_pct: float
    def __init__(self, is_on: _Optional[bool] = ..., power_pct: _Optional[float] = ...) -> None: ...

class GetPropertiesRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPropertiesResponse(_message.Message):
    __slots__ = ("position_reporting",)
    POSITION_REPORTING_FIELD_NUMBER: _ClassVar[int]
    position_reporting: bool
    def __init__(self, position_reporting: _Optional[bool] = ...) -> None: ...

class Status(_message.Message):
    __slots__ = ("is_powered", "position", "is_moving")
    IS_POWERED_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    IS_MOVING_FIELD_NUMBER: _ClassVar[int]
    is_powered: bool
    position: float
    is_moving: bool
    def __init__(self, is_powered: _Optional[bool] = ..., position: _Optional[float] = ..., is_moving: _Optional[bool] = ...) -> None: ...

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
