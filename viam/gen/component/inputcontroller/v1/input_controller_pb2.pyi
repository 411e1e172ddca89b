import datetime

from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetControlsRequest(_message.Message):
    __slots__ = ("controller", "extra")
    CONTROLLER_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    controller: str
    extra: _struct_pb2.Struct
    def __init__(self, controller: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetControlsResponse(_message.Message):
    __slots__ = ("controls",)
    CONTROLS_FIELD_NUMBER: _ClassVar[int]
    controls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, controls: _Optional[_Iterable[str]] = ...) -> None: ...

class GetEventsRequest(_message.Message):
    __slots__ = ("controller", "extra")
    CONTROLLER_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    controller: str
    extra: _struct_pb2.Struct
    def __init__(self, controller: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ...) -> None: ...

class TriggerEventRequest(_message.Message):
    __slots__ = ("controller", "event", "extra")
    CONTROLLER_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    controller: str
    event: Event
    extra: _struct_pb2.Struct
    def __init__(self, controller: _Optional[str] = ..., event: _Optional[_Union[Event, _Mapping]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class TriggerEventResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Event(_message.Message):
    __slots__ = ("time", "event", "control", "value")
    TIME_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    CONTROL_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    event: str
    control: str
    value: float
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event: _Optional[str] = ..., control: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...

class StreamEventsRequest(_message.Message):
    __slots__ = ("controller", "events", "extra")
    class Events(_message.Message):
        __slots__ = ("control", "events", "cancelled_events")
        CONTROL_FIELD_NUMBER: _ClassVar[int]
        EVENTS_FIELD_NUMBER: _ClassVar[int]
        CANCELLED_EVENTS_FIELD_NUMBER: _ClassVar[int]
        control: str
        events: _containers.RepeatedScalarFieldContainer[str]
        cancelled_events: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, control: _Optional[str] = ..., events: _Optional[_Iterable[str]] = ..., cancelled_events: _Optional[_Iterable[str]] = ...) -> None: ...
    CONTROLLER_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    controller: str
    events: _containers.RepeatedCompositeFieldContainer[StreamEventsRequest.Events]
    extra: _struct_pb2.Struct
    def __init__(self, controller: _Optional[str] = ..., events: _Optional[_Iterable[_Union[StreamEventsRequest.Events, _Mapping]]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class StreamEventsResponse(_message.Message):
    __slots__ = ("event",)
    EVENT_FIELD_NUMBER: _ClassVar[int]
    event: Event
    def __init__(self, event: _Optional[_Union[Event, _Mapping]] = ...) -> None: ...

class Status(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[Event]
    def __init__(self, events: _Optional[_Iterable[_Union[Event, _Mapping]]] = ...) -> None: ...
