from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExitProvisioningRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExitProvisioningResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSmartMachineStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSmartMachineStatusResponse(_message.Message):
    __slots__ = ("provisioning_info", "has_smart_machine_credentials", "is_online", "latest_connection_attempt", "errors", "agent_version")
    PROVISIONING_INFO_FIELD_NUMBER: _ClassVar[int]
    HAS_SMART_MACHINE_CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    IS_ONLINE_FIELD_NUMBER: _ClassVar[int]
    LATEST_CONNECTION_ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    AGENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    provisioning_info: ProvisioningInfo
    has_smart_machine_credentials: bool
    is_online: bool
    latest_connection_attempt: NetworkInfo
    errors: _containers.RepeatedScalarFieldContainer[str]
    agent_version: str
    def __init__(self, provisioning_info: _Optional[_Union[ProvisioningInfo, _Mapping]] = ..., has_smart_machine_credentials: _Optional[bool] = ..., is_online: _Optional[bool] = ..., latest_connection_attempt: _Optional[_Union[NetworkInfo, _Mapping]] = ..., errors: _Optional[_Iterable[str]] = ..., agent_version: _Optional[str] = ...) -> None: ...

class SetNetworkCredentialsRequest(_message.Message):
    __slots__ = ("type", "ssid", "psk")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SSID_FIELD_NUMBER: _ClassVar[int]
    PSK_FIELD_NUMBER: _ClassVar[int]
    type: str
    ssid: str
    psk: str
    def __init__(self, type: _Optional[str] = ..., ssid: _Optional[str] = ..., psk: _Optional[str] = ...) -> None: ...

class SetNetworkCredentialsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetSmartMachineCredentialsRequest(_message.Message):
    __slots__ = ("cloud",)
    CLOUD_FIELD_NUMBER: _ClassVar[int]
    cloud: CloudConfig
    def __init__(self, cloud: _Optional[_Union[CloudConfig, _Mapping]] = ...) -> None: ...

class SetSmartMachineCredentialsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetNetworkListRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetNetworkListResponse(_message.Message):
    __slots__ = ("networks",)
    NETWORKS_FIELD_NUMBER: _ClassVar[int]
    networks: _containers.RepeatedCompositeFieldContainer[NetworkInfo]
    def __init__(self, networks: _Optional[_Iterable[_Union[NetworkInfo, _Mapping]]] = ...) -> None: ...

class ProvisioningInfo(_message.Message):
    __slots__ = ("fragment_id", "model", "manufacturer")
    FRAGMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    MANUFACTURER_FIELD_NUMBER: _ClassVar[int]
    fragment_id: str
    model: str
    manufacturer: str
    def __init__(self, fragment_id: _Optional[str] = ..., model: _Optional[str] = ..., manufacturer: _Optional[str] = ...) -> None: ...

class NetworkInfo(_message.Message):
    __slots__ = ("type", "ssid", "security", "signal", "connected", "last_error")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SSID_FIELD_NUMBER: _ClassVar[int]
    SECURITY_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    CONNECTED_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    type: str
    ssid: str
    security: str
    signal: int
    connected: bool
    last_error: str
    def __init__(self, type: _Optional[str] = ..., ssid: _Optional[str] = ..., security: _Optional[str] = ..., signal: _Optional[int] = ..., connected: _Optional[bool] = ..., last_error: _Optional[str] = ...) -> None: ...

class CloudConfig(_message.Message):
    __slots__ = ("id", "secret", "app_address", "api_key")
    ID_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    APP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    secret: str
    app_address: str
    api_key: APIKey
    def __init__(self, id: _Optional[str] = ..., secret: _Optional[str] = ..., app_address: _Optional[str] = ..., api_key: _Optional[_Union[APIKey, _Mapping]] = ...) -> None: ...

class APIKey(_message.Message):
    __slots__ = ("id", "key")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    key: str
    def __init__(self, id: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...
