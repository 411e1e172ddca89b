from viam.gen.app.datasync.v1 import data_sync_pb2 as _data_sync_pb2
from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SyncRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SyncResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UploadBinaryDataToDatasetsRequest(_message.Message):
    __slots__ = ("name", "binary_data", "tags", "dataset_ids", "mime_type", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BINARY_DATA_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DATASET_IDS_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    binary_data: bytes
    tags: _containers.RepeatedScalarFieldContainer[str]
    dataset_ids: _containers.RepeatedScalarFieldContainer[str]
    mime_type: _data_sync_pb2.MimeType
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., binary_data: _Optional[bytes] = ..., tags: _Optional[_Iterable[str]] = ..., dataset_ids: _Optional[_Iterable[str]] = ..., mime_type: _Optional[_Union[_data_sync_pb2.MimeType, str]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class UploadBinaryDataToDatasetsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
