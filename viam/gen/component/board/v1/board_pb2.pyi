import datetime

from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PowerMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POWER_MODE_UNSPECIFIED: _ClassVar[PowerMode]
    POWER_MODE_NORMAL: _ClassVar[PowerMode]
    POWER_MODE_OFFLINE_DEEP: _ClassVar[PowerMode]
POWER_MODE_UNSPECIFIED: PowerMode
POWER_MODE_NORMAL: PowerMode
POWER_MODE_OFFLINE_DEEP: PowerMode

class Status(_message.Message):
    __slots__ = ("analogs", "digital_interrupts")
    class AnalogsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class DigitalInterruptsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    ANALOGS_FIELD_NUMBER: _ClassVar[int]
    DIGITAL_INTERRUPTS_FIELD_NUMBER: _ClassVar[int]
    analogs: _containers.ScalarMap[str, int]
    digital_interrupts: _containers.ScalarMap[str, int]
    def __init__(self, analogs: _Optional[_Mapping[str, int]] = ..., digital_interrupts: _Optional[_Mapping[str, int]] = ...) -> None: ...

class SetGPIORequest(_message.Message):
    __slots__ = ("name", "pin", "high", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    HIGH_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin: str
    high: bool
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin: _Optional[str] = ..., high: _Optional[bool] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SetGPIOResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetGPIORequest(_message.Message):
    __slots__ = ("name", "pin", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetGPIOResponse(_message.Message):
    __slots__ = ("high",)
    HIGH_FIELD_NUMBER: _ClassVar[int]
    high: bool
    def __init__(self, high: _Optional[bool] = ...) -> None: ...

class PWMRequest(_message.Message):
    __slots__ = ("name", "pin", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class PWMResponse(_message.Message):
    __slots__ = ("duty_cycle_pct",)
    DUTY_CYCLE_PCT_FIELD_NUMBER: _ClassVar[int]
    duty_cycle_pct: float
    def __init__(self, duty_cycle_pct: _Optional[float] = ...) -> None: ...

class SetPWMRequest(_message.Message):
    __slots__ = ("name", "pin", "duty_cycle_pct", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    DUTY_CYCLE_PCT_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin: str
    duty_cycle_pct: float
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin: _Optional[str] = ..., duty_cycle_pct: _Optional[float] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SetPWMResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PWMFrequencyRequest(_message.Message):
    __slots__ = ("name", "pin", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class PWMFrequencyResponse(_message.Message):
    __slots__ = ("frequency_hz",)
    FREQUENCY_HZ_FIELD_NUMBER: _ClassVar[int]
    frequency_hz: int
    def __init__(self, frequency_hz: _Optional[int] = ...) -> None: ...

class SetPWMFrequencyRequest(_message.Message):
    __slots__ = ("name", "pin", "frequency_hz", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_HZ_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin: str
    frequency_hz: int
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin: _Optional[str] = ..., frequency_hz: _Optional[int] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SetPWMFrequencyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReadAnalogReaderRequest(_message.Message):
    __slots__ = ("board_name", "analog_reader_name", "extra")
    BOARD_NAME_FIELD_NUMBER: _ClassVar[int]
    ANALOG_READER_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    board_name: str
    analog_reader_name: str
    extra: _struct_pb2.Struct
    def __init__(self, board_name: _Optional[str] = ..., analog_reader_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ReadAnalogReaderResponse(_message.Message):
    __slots__ = ("value", "min_range", "max_range", "step_size")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    MIN_RANGE_FIELD_NUMBER: _ClassVar[int]
    MAX_RANGE_FIELD_NUMBER: _ClassVar[int]
    STEP_SIZE_FIELD_NUMBER: _ClassVar[int]
    value: int
    min_range: float
    max_range: float
    step_size: float
    def __init__(self, value: _Optional[int] = ..., min_range: _Optional[float] = ..., max_range: _Optional[float] = ..., step_size: _Optional[float] = ...) -> None: ...

class WriteAnalogRequest(_message.Message):
    __slots__ = ("name", "pin", "value", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin: str
    value: int
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin: _Optional[str] = ..., value: _Optional[int] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class WriteAnalogResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetDigitalInterruptValueRequest(_message.Message):
    __slots__ = ("board_name", "digital_interrupt_name", "extra")
    BOARD_NAME_FIELD_NUMBER: _ClassVar[int]
    DIGITAL_INTERRUPT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    board_name: str
    digital_interrupt_name: str
    extra: _struct_pb2.Struct
    def __init__(self, board_name: _Optional[str] = ..., digital_interrupt_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetDigitalInterruptValueResponse(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: int
    def __init__(self, value: _Optional[int] = ...) -> None: ...

class StreamTicksRequest(_message.Message):
    __slots__ = ("name", "pin_names", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PIN_NAMES_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    pin_names: _containers.RepeatedScalarFieldContainer[str]
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., pin_names: _Optional[_Iterable[str]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class StreamTicksResponse(_message.Message):
    __slots__ = ("pin_name", "time", "high")
    PIN_NAME_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    HIGH_FIELD_NUMBER: _ClassVar[int]
    pin_name: str
    time: int
    high: bool
    def __init__(self, pin_name: _Optional[str] = ..., time: _Optional[int] = ..., high: _Optional[bool] = ...) -> None: ...

class SetPowerModeRequest(_message.Message):
    __slots__ = ("name", "power_mode", "duration", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POWER_MODE_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    power_mode: PowerMode
    duration: _duration_pb2.Duration
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., power_mode: _Optional[_Union[PowerMode, str]] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SetPowerModeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
