from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PlayRequest(_message.Message):
    __slots__ = ("name", "audio_data", "audio_info", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AUDIO_DATA_FIELD_NUMBER: _ClassVar[int]
    AUDIO_INFO_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    audio_data: bytes
    audio_info: _common_pb2.AudioInfo
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., audio_data: _Optional[bytes] = ..., audio_info: _Optional[_Union[_common_pb2.AudioInfo, _Mapping]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class PlayStreamRequest(_message.Message):
    __slots__ = ("init", "audio_chunk")
    INIT_FIELD_NUMBER: _ClassVar[int]
    AUDIO_CHUNK_FIELD_NUMBER: _ClassVar[int]
    init: PlayStreamInit
    audio_chunk: PlayStreamChunk
    def __init__(self, init: _Optional[_Union[PlayStreamInit, _Mapping]] = ..., audio_chunk: _Optional[_Union[PlayStreamChunk, _Mapping]] = ...) -> None: ...

class PlayStreamChunk(_message.Message):
    __slots__ = ("audio_data",)
    AUDIO_DATA_FIELD_NUMBER: _ClassVar[int]
    audio_data: bytes
    def __init__(self, audio_data: _Optional[bytes] = ...) -> None: ...

class PlayStreamInit(_message.Message):
    __slots__ = ("name", "audio_info", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AUDIO_INFO_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    audio_info: _common_pb2.AudioInfo
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., audio_info: _Optional[_Union[_common_pb2.AudioInfo, _Mapping]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class PlayResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PlayStreamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
