from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetPosesRequest(_message.Message):
    __slots__ = ("name", "body_names", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BODY_NAMES_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    body_names: _containers.RepeatedScalarFieldContainer[str]
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., body_names: _Optional[_Iterable[str]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPosesResponse(_message.Message):
    __slots__ = ("body_poses",)
    class BodyPosesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.PoseInFrame
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.PoseInFrame, _Mapping]] = ...) -> None: ...
    BODY_POSES_FIELD_NUMBER: _ClassVar[int]
    body_poses: _containers.MessageMap[str, _common_pb2.PoseInFrame]
    def __init__(self, body_poses: _Optional[_Mapping[str, _common_pb2.PoseInFrame]] = ...) -> None: ...
