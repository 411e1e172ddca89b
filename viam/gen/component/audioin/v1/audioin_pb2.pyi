from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetAudioRequest(_message.Message):
    __slots__ = ("name", "duration_seconds", "codec", "request_id", "previous_timestamp_nanoseconds", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_TIMESTAMP_NANOSECONDS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    duration_seconds: float
    codec: str
    request_id: str
    previous_timestamp_nanoseconds: int
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., duration_seconds: _Optional[float] = ..., codec: _Optional[str] = ..., request_id: _Optional[str] = ..., previous_timestamp_nanoseconds: _Optional[int] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetAudioResponse(_message.Message):
    __slots__ = ("audio", "request_id")
    AUDIO_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    audio: AudioChunk
    request_id: str
    def __init__(self, audio: _Optional[_Union[AudioChunk, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class AudioChunk(_message.Message):
    __slots__ = ("audio_data", "audio_info", "start_timestamp_nanoseconds", "end_timestamp_nanoseconds", "sequence")
    AUDIO_DATA_FIELD_NUMBER: _ClassVar[int]
    AUDIO_INFO_FIELD_NUMBER: _ClassVar[int]
    START_TIMESTAMP_NANOSECONDS_FIELD_NUMBER: _ClassVar[int]
    END_TIMESTAMP_NANOSECONDS_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    audio_data: bytes
    audio_info: _common_pb2.AudioInfo
    start_timestamp_nanoseconds: int
    end_timestamp_nanoseconds: int
    sequence: int
    def __init__(self, audio_data: _Optional[bytes] = ..., audio_info: _Optional[_Union[_common_pb2.AudioInfo, _Mapping]] = ..., start_timestamp_nanoseconds: _Optional[int] = ..., end_timestamp_nanoseconds: _Optional[int] = ..., sequence: _Optional[int] = ...) -> None: ...
