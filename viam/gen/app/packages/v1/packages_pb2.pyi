import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PackageType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PACKAGE_TYPE_UNSPECIFIED: _ClassVar[PackageType]
    PACKAGE_TYPE_ARCHIVE: _ClassVar[PackageType]
    PACKAGE_TYPE_ML_MODEL: _ClassVar[PackageType]
    PACKAGE_TYPE_MODULE: _ClassVar[PackageType]
    PACKAGE_TYPE_SLAM_MAP: _ClassVar[PackageType]
    PACKAGE_TYPE_ML_TRAINING: _ClassVar[PackageType]
PACKAGE_TYPE_UNSPECIFIED: PackageType
PACKAGE_TYPE_ARCHIVE: PackageType
PACKAGE_TYPE_ML_MODEL: PackageType
PACKAGE_TYPE_MODULE: PackageType
PACKAGE_TYPE_SLAM_MAP: PackageType
PACKAGE_TYPE_ML_TRAINING: PackageType

class FileInfo(_message.Message):
    __slots__ = ("name", "size", "is_directory")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    IS_DIRECTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    size: int
    is_directory: bool
    def __init__(self, name: _Optional[str] = ..., size: _Optional[int] = ..., is_directory: _Optional[bool] = ...) -> None: ...

class PackageInfo(_message.Message):
    __slots__ = ("organization_id", "name", "version", "type", "platform", "files", "metadata")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    name: str
    version: str
    type: PackageType
    platform: str
    files: _containers.RepeatedCompositeFieldContainer[FileInfo]
    metadata: _struct_pb2.Struct
    def __init__(self, organization_id: _Optional[str] = ..., name: _Optional[str] = ..., version: _Optional[str] = ..., type: _Optional[_Union[PackageType, str]] = ..., platform: _Optional[str] = ..., files: _Optional[_Iterable[_Union[FileInfo, _Mapping]]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class CreatePackageRequest(_message.Message):
    __slots__ = ("info", "contents")
    INFO_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    info: PackageInfo
    contents: bytes
    def __init__(self, info: _Optional[_Union[PackageInfo, _Mapping]] = ..., contents: _Optional[bytes] = ...) -> None: ...

class CreatePackageResponse(_message.Message):
    __slots__ = ("id", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ...) -> None: ...

class DeletePackageRequest(_message.Message):
    __slots__ = ("id", "version", "type")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    type: PackageType
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., type: _Optional[_Union[PackageType, str]] = ...) -> None: ...

class DeletePackageResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Package(_message.Message):
    __slots__ = ("info", "url", "created_on", "checksum", "id")
    INFO_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    CREATED_ON_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    info: PackageInfo
    url: str
    created_on: _timestamp_pb2.Timestamp
    checksum: str
    id: str
    def __init__(self, info: _Optional[_Union[PackageInfo, _Mapping]] = ..., url: _Optional[str] = ..., created_on: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., checksum: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class GetPackageRequest(_message.Message):
    __slots__ = ("id", "version", "include_url", "type", "platform")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_URL_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    include_url: bool
    type: PackageType
    platform: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., include_url: _Optional[bool] = ..., type: _Optional[_Union[PackageType, str]] = ..., platform: _Optional[str] = ...) -> None: ...

class GetPackageResponse(_message.Message):
    __slots__ = ("package",)
    PACKAGE_FIELD_NUMBER: _ClassVar[int]
    package: Package
    def __init__(self, package: _Optional[_Union[Package, _Mapping]] = ...) -> None: ...

class ListPackagesRequest(_message.Message):
    __slots__ = ("organization_id", "name", "version", "type", "include_url")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_URL_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    name: str
    version: str
    type: PackageType
    include_url: bool
    def __init__(self, organization_id: _Optional[str] = ..., name: _Optional[str] = ..., version: _Optional[str] = ..., type: _Optional[_Union[PackageType, str]] = ..., include_url: _Optional[bool] = ...) -> None: ...

class ListPackagesResponse(_message.Message):
    __slots__ = ("packages",)
    PACKAGES_FIELD_NUMBER: _ClassVar[int]
    packages: _containers.RepeatedCompositeFieldContainer[Package]
    def __init__(self, packages: _Optional[_Iterable[_Union[Package, _Mapping]]] = ...) -> None: ...
