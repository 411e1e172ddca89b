import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PackageFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PACKAGE_FORMAT_UNSPECIFIED: _ClassVar[PackageFormat]
    PACKAGE_FORMAT_RAW: _ClassVar[PackageFormat]
    PACKAGE_FORMAT_XZ: _ClassVar[PackageFormat]
    PACKAGE_FORMAT_EXECUTABLE: _ClassVar[PackageFormat]
    PACKAGE_FORMAT_XZ_EXECUTABLE: _ClassVar[PackageFormat]
PACKAGE_FORMAT_UNSPECIFIED: PackageFormat
PACKAGE_FORMAT_RAW: PackageFormat
PACKAGE_FORMAT_XZ: PackageFormat
PACKAGE_FORMAT_EXECUTABLE: PackageFormat
PACKAGE_FORMAT_XZ_EXECUTABLE: PackageFormat

class DeviceAgentConfigRequest(_message.Message):
    __slots__ = ("id", "host_info", "subsystem_versions", "version_info", "agent_uptime", "viam_server_uptime")
    class SubsystemVersionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    HOST_INFO_FIELD_NUMBER: _ClassVar[int]
    SUBSYSTEM_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    VERSION_INFO_FIELD_NUMBER: _ClassVar[int]
    AGENT_UPTIME_FIELD_NUMBER: _ClassVar[int]
    VIAM_SERVER_UPTIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    host_info: HostInfo
    subsystem_versions: _containers.ScalarMap[str, str]
    version_info: VersionInfo
    agent_uptime: _duration_pb2.Duration
    viam_server_uptime: _duration_pb2.Duration
    def __init__(self, id: _Optional[str] = ..., host_info: _Optional[_Union[HostInfo, _Mapping]] = ..., subsystem_versions: _Optional[_Mapping[str, str]] = ..., version_info: _Optional[_Union[VersionInfo, _Mapping]] = ..., agent_uptime: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., viam_server_uptime: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class DeviceAgentConfigResponse(_message.Message):
    __slots__ = ("subsystem_configs", "check_interval", "agent_update_info", "viam_server_update_info", "advanced_settings", "network_configuration", "additional_networks", "system_configuration")
    class SubsystemConfigsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: DeviceSubsystemConfig
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[DeviceSubsystemConfig, _Mapping]] = ...) -> None: ...
    SUBSYSTEM_CONFIGS_FIELD_NUMBER: _ClassVar[int]
    CHECK_INTERVAL_FIELD_NUMBER: _ClassVar[int]
    AGENT_UPDATE_INFO_FIELD_NUMBER: _ClassVar[int]
    VIAM_SERVER_UPDATE_INFO_FIELD_NUMBER: _ClassVar[int]
    ADVANCED_SETTINGS_FIELD_NUMBER: _ClassVar[int]
    NETWORK_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_NETWORKS_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    subsystem_configs: _containers.MessageMap[str, DeviceSubsystemConfig]
    check_interval: _duration_pb2.Duration
    agent_update_info: UpdateInfo
    viam_server_update_info: UpdateInfo
    advanced_settings: _struct_pb2.Struct
    network_configuration: _struct_pb2.Struct
    additional_networks: _struct_pb2.Struct
    system_configuration: _struct_pb2.Struct
    def __init__(self, subsystem_configs: _Optional[_Mapping[str, DeviceSubsystemConfig]] = ..., check_interval: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., agent_update_info: _Optional[_Union[UpdateInfo, _Mapping]] = ..., viam_server_update_info: _Optional[_Union[UpdateInfo, _Mapping]] = ..., advanced_settings: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., network_configuration: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., additional_networks: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., system_configuration: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class DeviceSubsystemConfig(_message.Message):
    __slots__ = ("update_info", "disable", "force_restart", "attributes")
    UPDATE_INFO_FIELD_NUMBER: _ClassVar[int]
    DISABLE_FIELD_NUMBER: _ClassVar[int]
    FORCE_RESTART_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    update_info: UpdateInfo
    disable: bool
    force_restart: bool
    attributes: _struct_pb2.Struct
    def __init__(self, update_info: _Optional[_Union[UpdateInfo, _Mapping]] = ..., disable: _Optional[bool] = ..., force_restart: _Optional[bool] = ..., attributes: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class VersionInfo(_message.Message):
    __slots__ = ("agent_running", "agent_installed", "viam_server_running", "viam_server_installed")
    AGENT_RUNNING_FIELD_NUMBER: _ClassVar[int]
    AGENT_INSTALLED_FIELD_NUMBER: _ClassVar[int]
    VIAM_SERVER_RUNNING_FIELD_NUMBER: _ClassVar[int]
    VIAM_SERVER_INSTALLED_FIELD_NUMBER: _ClassVar[int]
    agent_running: str
    agent_installed: str
    viam_server_running: str
    viam_server_installed: str
    def __init__(self, agent_running: _Optional[str] = ..., agent_installed: _Optional[str] = ..., viam_server_running: _Optional[str] = ..., viam_server_installed: _Optional[str] = ...) -> None: ...

class HostInfo(_message.Message):
    __slots__ = ("platform", "distro", "tags")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    DISTRO_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    platform: str
    distro: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, platform: _Optional[str] = ..., distro: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateInfo(_message.Message):
    __slots__ = ("filename", "url", "version", "sha256", "format")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    filename: str
    url: str
    version: str
    sha256: bytes
    format: PackageFormat
    def __init__(self, filename: _Optional[str] = ..., url: _Optional[str] = ..., version: _Optional[str] = ..., sha256: _Optional[bytes] = ..., format: _Optional[_Union[PackageFormat, str]] = ...) -> None: ...
