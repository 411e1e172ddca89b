from viam.gen.app.v1 import robot_pb2 as _robot_pb2
from viam.gen.robot.v1 import robot_pb2 as _robot_pb2_1
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AddResourceRequest(_message.Message):
    __slots__ = ("config", "dependencies")
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    DEPENDENCIES_FIELD_NUMBER: _ClassVar[int]
    config: _robot_pb2.ComponentConfig
    dependencies: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, config: _Optional[_Union[_robot_pb2.ComponentConfig, _Mapping]] = ..., dependencies: _Optional[_Iterable[str]] = ...) -> None: ...

class AddResourceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReconfigureResourceRequest(_message.Message):
    __slots__ = ("config", "dependencies")
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    DEPENDENCIES_FIELD_NUMBER: _ClassVar[int]
    config: _robot_pb2.ComponentConfig
    dependencies: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, config: _Optional[_Union[_robot_pb2.ComponentConfig, _Mapping]] = ..., dependencies: _Optional[_Iterable[str]] = ...) -> None: ...

class ReconfigureResourceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RemoveResourceRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RemoveResourceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HandlerDefinition(_message.Message):
    __slots__ = ("subtype", "models")
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    subtype: _robot_pb2_1.ResourceRPCSubtype
    models: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, subtype: _Optional[_Union[_robot_pb2_1.ResourceRPCSubtype, _Mapping]] = ..., models: _Optional[_Iterable[str]] = ...) -> None: ...

class HandlerMap(_message.Message):
    __slots__ = ("handlers",)
    HANDLERS_FIELD_NUMBER: _ClassVar[int]
    handlers: _containers.RepeatedCompositeFieldContainer[HandlerDefinition]
    def __init__(self, handlers: _Optional[_Iterable[_Union[HandlerDefinition, _Mapping]]] = ...) -> None: ...

class ReadyRequest(_message.Message):
    __slots__ = ("parent_address", "raw_parent_address", "webrtc_offer")
    PARENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    RAW_PARENT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    WEBRTC_OFFER_FIELD_NUMBER: _ClassVar[int]
    parent_address: str
    raw_parent_address: str
    webrtc_offer: str
    def __init__(self, parent_address: _Optional[str] = ..., raw_parent_address: _Optional[str] = ..., webrtc_offer: _Optional[str] = ...) -> None: ...

class ReadyResponse(_message.Message):
    __slots__ = ("ready", "handlermap", "webrtc_answer")
    READY_FIELD_NUMBER: _ClassVar[int]
    HANDLERMAP_FIELD_NUMBER: _ClassVar[int]
    WEBRTC_ANSWER_FIELD_NUMBER: _ClassVar[int]
    ready: bool
    handlermap: HandlerMap
    webrtc_answer: str
    def __init__(self, ready: _Optional[bool] = ..., handlermap: _Optional[_Union[HandlerMap, _Mapping]] = ..., webrtc_answer: _Optional[str] = ...) -> None: ...

class ValidateConfigRequest(_message.Message):
    __slots__ = ("config",)
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    config: _robot_pb2.ComponentConfig
    def __init__(self, config: _Optional[_Union[_robot_pb2.ComponentConfig, _Mapping]] = ...) -> None: ...

class ValidateConfigResponse(_message.Message):
    __slots__ = ("dependencies", "optional_dependencies")
    DEPENDENCIES_FIELD_NUMBER: _ClassVar[int]
    OPTIONAL_DEPENDENCIES_FIELD_NUMBER: _ClassVar[int]
    dependencies: _containers.RepeatedScalarFieldContainer[str]
    optional_dependencies: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, dependencies: _Optional[_Iterable[str]] = ..., optional_dependencies: _Optional[_Iterable[str]] = ...) -> None: ...
