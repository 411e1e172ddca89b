import datetime

from viam.gen.app.packages.v1 import packages_pb2 as _packages_pb2
from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PeerConnectionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PEER_CONNECTION_TYPE_UNSPECIFIED: _ClassVar[PeerConnectionType]
    PEER_CONNECTION_TYPE_GRPC: _ClassVar[PeerConnectionType]
    PEER_CONNECTION_TYPE_WEBRTC: _ClassVar[PeerConnectionType]
PEER_CONNECTION_TYPE_UNSPECIFIED: PeerConnectionType
PEER_CONNECTION_TYPE_GRPC: PeerConnectionType
PEER_CONNECTION_TYPE_WEBRTC: PeerConnectionType

class SendTracesRequest(_message.Message):
    __slots__ = ("resource_spans",)
    RESOURCE_SPANS_FIELD_NUMBER: _ClassVar[int]
    resource_spans: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, resource_spans: _Optional[_Iterable[bytes]] = ...) -> None: ...

class SendTracesResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UploadDataFromPathRequest(_message.Message):
    __slots__ = ("path", "upload_metadata", "extra")
    PATH_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_METADATA_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    path: str
    upload_metadata: bytes
    extra: _struct_pb2.Struct
    def __init__(self, path: _Optional[str] = ..., upload_metadata: _Optional[bytes] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class UploadDataFromPathResponse(_message.Message):
    __slots__ = ("files_uploaded", "files_failed", "bytes_uploaded", "bytes_total", "ids")
    FILES_UPLOADED_FIELD_NUMBER: _ClassVar[int]
    FILES_FAILED_FIELD_NUMBER: _ClassVar[int]
    BYTES_UPLOADED_FIELD_NUMBER: _ClassVar[int]
    BYTES_TOTAL_FIELD_NUMBER: _ClassVar[int]
    IDS_FIELD_NUMBER: _ClassVar[int]
    files_uploaded: int
    files_failed: int
    bytes_uploaded: int
    bytes_total: int
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, files_uploaded: _Optional[int] = ..., files_failed: _Optional[int] = ..., bytes_uploaded: _Optional[int] = ..., bytes_total: _Optional[int] = ..., ids: _Optional[_Iterable[str]] = ...) -> None: ...

class TunnelRequest(_message.Message):
    __slots__ = ("destination_port", "data")
    DESTINATION_PORT_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    destination_port: int
    data: bytes
    def __init__(self, destination_port: _Optional[int] = ..., data: _Optional[bytes] = ...) -> None: ...

class TunnelResponse(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class ListTunnelsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTunnelsResponse(_message.Message):
    __slots__ = ("tunnels",)
    TUNNELS_FIELD_NUMBER: _ClassVar[int]
    tunnels: _containers.RepeatedCompositeFieldContainer[Tunnel]
    def __init__(self, tunnels: _Optional[_Iterable[_Union[Tunnel, _Mapping]]] = ...) -> None: ...

class Tunnel(_message.Message):
    __slots__ = ("port", "connection_timeout")
    PORT_FIELD_NUMBER: _ClassVar[int]
    CONNECTION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    port: int
    connection_timeout: _duration_pb2.Duration
    def __init__(self, port: _Optional[int] = ..., connection_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class FrameSystemConfig(_message.Message):
    __slots__ = ("frame", "kinematics", "model")
    FRAME_FIELD_NUMBER: _ClassVar[int]
    KINEMATICS_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    frame: _common_pb2.Transform
    kinematics: _struct_pb2.Struct
    model: _common_pb2.KinematicModel
    def __init__(self, frame: _Optional[_Union[_common_pb2.Transform, _Mapping]] = ..., kinematics: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., model: _Optional[_Union[_common_pb2.KinematicModel, _Mapping]] = ...) -> None: ...

class FrameSystemConfigRequest(_message.Message):
    __slots__ = ("supplemental_transforms",)
    SUPPLEMENTAL_TRANSFORMS_FIELD_NUMBER: _ClassVar[int]
    supplemental_transforms: _containers.RepeatedCompositeFieldContainer[_common_pb2.Transform]
    def __init__(self, supplemental_transforms: _Optional[_Iterable[_Union[_common_pb2.Transform, _Mapping]]] = ...) -> None: ...

class FrameSystemConfigResponse(_message.Message):
    __slots__ = ("frame_system_configs",)
    FRAME_SYSTEM_CONFIGS_FIELD_NUMBER: _ClassVar[int]
    frame_system_configs: _containers.RepeatedCompositeFieldContainer[FrameSystemConfig]
    def __init__(self, frame_system_configs: _Optional[_Iterable[_Union[FrameSystemConfig, _Mapping]]] = ...) -> None: ...

class TransformPoseRequest(_message.Message):
    __slots__ = ("source", "destination", "supplemental_transforms")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENTAL_TRANSFORMS_FIELD_NUMBER: _ClassVar[int]
    source: _common_pb2.PoseInFrame
    destination: str
    supplemental_transforms: _containers.RepeatedCompositeFieldContainer[_common_pb2.Transform]
    def __init__(self, source: _Optional[_Union[_common_pb2.PoseInFrame, _Mapping]] = ..., destination: _Optional[str] = ..., supplemental_transforms: _Optional[_Iterable[_Union[_common_pb2.Transform, _Mapping]]] = ...) -> None: ...

class TransformPoseResponse(_message.Message):
    __slots__ = ("pose",)
    POSE_FIELD_NUMBER: _ClassVar[int]
    pose: _common_pb2.PoseInFrame
    def __init__(self, pose: _Optional[_Union[_common_pb2.PoseInFrame, _Mapping]] = ...) -> None: ...

class TransformPCDRequest(_message.Message):
    __slots__ = ("point_cloud_pcd", "source", "destination")
    POINT_CLOUD_PCD_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    point_cloud_pcd: bytes
    source: str
    destination: str
    def __init__(self, point_cloud_pcd: _Optional[bytes] = ..., source: _Optional[str] = ..., destination: _Optional[str] = ...) -> None: ...

class TransformPCDResponse(_message.Message):
    __slots__ = ("point_cloud_pcd",)
    POINT_CLOUD_PCD_FIELD_NUMBER: _ClassVar[int]
    point_cloud_pcd: bytes
    def __init__(self, point_cloud_pcd: _Optional[bytes] = ...) -> None: ...

class ResourceNamesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResourceNamesResponse(_message.Message):
    __slots__ = ("resources",)
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[_common_pb2.ResourceName]
    def __init__(self, resources: _Optional[_Iterable[_Union[_common_pb2.ResourceName, _Mapping]]] = ...) -> None: ...

class ResourceRPCSubtype(_message.Message):
    __slots__ = ("subtype", "proto_service")
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    PROTO_SERVICE_FIELD_NUMBER: _ClassVar[int]
    subtype: _common_pb2.ResourceName
    proto_service: str
    def __init__(self, subtype: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., proto_service: _Optional[str] = ...) -> None: ...

class ResourceRPCSubtypesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResourceRPCSubtypesResponse(_message.Message):
    __slots__ = ("resource_rpc_subtypes",)
    RESOURCE_RPC_SUBTYPES_FIELD_NUMBER: _ClassVar[int]
    resource_rpc_subtypes: _containers.RepeatedCompositeFieldContainer[ResourceRPCSubtype]
    def __init__(self, resource_rpc_subtypes: _Optional[_Iterable[_Union[ResourceRPCSubtype, _Mapping]]] = ...) -> None: ...

class Operation(_message.Message):
    __slots__ = ("id", "method", "arguments", "started", "session_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    ARGUMENTS_FIELD_NUMBER: _ClassVar[int]
    STARTED_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    method: str
    arguments: _struct_pb2.Struct
    started: _timestamp_pb2.Timestamp
    session_id: str
    def __init__(self, id: _Optional[str] = ..., method: _Optional[str] = ..., arguments: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., started: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., session_id: _Optional[str] = ...) -> None: ...

class GetOperationsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetOperationsResponse(_message.Message):
    __slots__ = ("operations",)
    OPERATIONS_FIELD_NUMBER: _ClassVar[int]
    operations: _containers.RepeatedCompositeFieldContainer[Operation]
    def __init__(self, operations: _Optional[_Iterable[_Union[Operation, _Mapping]]] = ...) -> None: ...

class CancelOperationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CancelOperationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BlockForOperationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class BlockForOperationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PeerConnectionInfo(_message.Message):
    __slots__ = ("type", "remote_address", "local_address")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    REMOTE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LOCAL_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    type: PeerConnectionType
    remote_address: str
    local_address: str
    def __init__(self, type: _Optional[_Union[PeerConnectionType, str]] = ..., remote_address: _Optional[str] = ..., local_address: _Optional[str] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("id", "peer_connection_info")
    ID_FIELD_NUMBER: _ClassVar[int]
    PEER_CONNECTION_INFO_FIELD_NUMBER: _ClassVar[int]
    id: str
    peer_connection_info: PeerConnectionInfo
    def __init__(self, id: _Optional[str] = ..., peer_connection_info: _Optional[_Union[PeerConnectionInfo, _Mapping]] = ...) -> None: ...

class GetSessionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSessionsResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...

class ModuleModel(_message.Message):
    __slots__ = ("module_name", "model", "api", "from_local_module")
    MODULE_NAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    API_FIELD_NUMBER: _ClassVar[int]
    FROM_LOCAL_MODULE_FIELD_NUMBER: _ClassVar[int]
    module_name: str
    model: str
    api: str
    from_local_module: bool
    def __init__(self, module_name: _Optional[str] = ..., model: _Optional[str] = ..., api: _Optional[str] = ..., from_local_module: _Optional[bool] = ...) -> None: ...

class GetModelsFromModulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetModelsFromModulesResponse(_message.Message):
    __slots__ = ("models",)
    MODELS_FIELD_NUMBER: _ClassVar[int]
    models: _containers.RepeatedCompositeFieldContainer[ModuleModel]
    def __init__(self, models: _Optional[_Iterable[_Union[ModuleModel, _Mapping]]] = ...) -> None: ...

class Status(_message.Message):
    __slots__ = ("name", "status", "last_reconfigured")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LAST_RECONFIGURED_FIELD_NUMBER: _ClassVar[int]
    name: _common_pb2.ResourceName
    status: _struct_pb2.Struct
    last_reconfigured: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., status: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., last_reconfigured: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetStatusRequest(_message.Message):
    __slots__ = ("resource_names",)
    RESOURCE_NAMES_FIELD_NUMBER: _ClassVar[int]
    resource_names: _containers.RepeatedCompositeFieldContainer[_common_pb2.ResourceName]
    def __init__(self, resource_names: _Optional[_Iterable[_Union[_common_pb2.ResourceName, _Mapping]]] = ...) -> None: ...

class GetStatusResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: _containers.RepeatedCompositeFieldContainer[Status]
    def __init__(self, status: _Optional[_Iterable[_Union[Status, _Mapping]]] = ...) -> None: ...

class StreamStatusRequest(_message.Message):
    __slots__ = ("resource_names", "every")
    RESOURCE_NAMES_FIELD_NUMBER: _ClassVar[int]
    EVERY_FIELD_NUMBER: _ClassVar[int]
    resource_names: _containers.RepeatedCompositeFieldContainer[_common_pb2.ResourceName]
    every: _duration_pb2.Duration
    def __init__(self, resource_names: _Optional[_Iterable[_Union[_common_pb2.ResourceName, _Mapping]]] = ..., every: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class StreamStatusResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: _containers.RepeatedCompositeFieldContainer[Status]
    def __init__(self, status: _Optional[_Iterable[_Union[Status, _Mapping]]] = ...) -> None: ...

class StopExtraParameters(_message.Message):
    __slots__ = ("name", "params")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    name: _common_pb2.ResourceName
    params: _struct_pb2.Struct
    def __init__(self, name: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., params: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class StopAllRequest(_message.Message):
    __slots__ = ("extra",)
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    extra: _containers.RepeatedCompositeFieldContainer[StopExtraParameters]
    def __init__(self, extra: _Optional[_Iterable[_Union[StopExtraParameters, _Mapping]]] = ...) -> None: ...

class StopAllResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StartSessionRequest(_message.Message):
    __slots__ = ("resume",)
    RESUME_FIELD_NUMBER: _ClassVar[int]
    resume: str
    def __init__(self, resume: _Optional[str] = ...) -> None: ...

class StartSessionResponse(_message.Message):
    __slots__ = ("id", "heartbeat_window")
    ID_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_WINDOW_FIELD_NUMBER: _ClassVar[int]
    id: str
    heartbeat_window: _duration_pb2.Duration
    def __init__(self, id: _Optional[str] = ..., heartbeat_window: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class SendSessionHeartbeatRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class SendSessionHeartbeatResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LogRequest(_message.Message):
    __slots__ = ("logs",)
    LOGS_FIELD_NUMBER: _ClassVar[int]
    logs: _containers.RepeatedCompositeFieldContainer[_common_pb2.LogEntry]
    def __init__(self, logs: _Optional[_Iterable[_Union[_common_pb2.LogEntry, _Mapping]]] = ...) -> None: ...

class LogResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCloudMetadataRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCloudMetadataResponse(_message.Message):
    __slots__ = ("primary_org_id", "location_id", "machine_id", "machine_part_id")
    PRIMARY_ORG_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    MACHINE_ID_FIELD_NUMBER: _ClassVar[int]
    MACHINE_PART_ID_FIELD_NUMBER: _ClassVar[int]
    primary_org_id: str
    location_id: str
    machine_id: str
    machine_part_id: str
    def __init__(self, primary_org_id: _Optional[str] = ..., location_id: _Optional[str] = ..., machine_id: _Optional[str] = ..., machine_part_id: _Optional[str] = ...) -> None: ...

class RestartModuleRequest(_message.Message):
    __slots__ = ("module_id", "module_name")
    MODULE_ID_FIELD_NUMBER: _ClassVar[int]
    MODULE_NAME_FIELD_NUMBER: _ClassVar[int]
    module_id: str
    module_name: str
    def __init__(self, module_id: _Optional[str] = ..., module_name: _Optional[str] = ...) -> None: ...

class RestartModuleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ShutdownRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ShutdownResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetMachineStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetMachineStatusResponse(_message.Message):
    __slots__ = ("resources", "config", "state", "job_statuses", "modules", "packages")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[GetMachineStatusResponse.State]
        STATE_INITIALIZING: _ClassVar[GetMachineStatusResponse.State]
        STATE_RUNNING: _ClassVar[GetMachineStatusResponse.State]
    STATE_UNSPECIFIED: GetMachineStatusResponse.State
    STATE_INITIALIZING: GetMachineStatusResponse.State
    STATE_RUNNING: GetMachineStatusResponse.State
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    JOB_STATUSES_FIELD_NUMBER: _ClassVar[int]
    MODULES_FIELD_NUMBER: _ClassVar[int]
    PACKAGES_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[ResourceStatus]
    config: ConfigStatus
    state: GetMachineStatusResponse.State
    job_statuses: _containers.RepeatedCompositeFieldContainer[JobStatus]
    modules: _containers.RepeatedCompositeFieldContainer[ModuleStatus]
    packages: _containers.RepeatedCompositeFieldContainer[PackageStatus]
    def __init__(self, resources: _Optional[_Iterable[_Union[ResourceStatus, _Mapping]]] = ..., config: _Optional[_Union[ConfigStatus, _Mapping]] = ..., state: _Optional[_Union[GetMachineStatusResponse.State, str]] = ..., job_statuses: _Optional[_Iterable[_Union[JobStatus, _Mapping]]] = ..., modules: _Optional[_Iterable[_Union[ModuleStatus, _Mapping]]] = ..., packages: _Optional[_Iterable[_Union[PackageStatus, _Mapping]]] = ...) -> None: ...

class JobStatus(_message.Message):
    __slots__ = ("job_name", "recent_successful_runs", "recent_failed_runs")
    JOB_NAME_FIELD_NUMBER: _ClassVar[int]
    RECENT_SUCCESSFUL_RUNS_FIELD_NUMBER: _ClassVar[int]
    RECENT_FAILED_RUNS_FIELD_NUMBER: _ClassVar[int]
    job_name: str
    recent_successful_runs: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    recent_failed_runs: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    def __init__(self, job_name: _Optional[str] = ..., recent_successful_runs: _Optional[_Iterable[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]]] = ..., recent_failed_runs: _Optional[_Iterable[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]]] = ...) -> None: ...

class ResourceStatus(_message.Message):
    __slots__ = ("name", "state", "last_updated", "revision", "error", "cloud_metadata", "reachability", "remote")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[ResourceStatus.State]
        STATE_UNCONFIGURED: _ClassVar[ResourceStatus.State]
        STATE_CONFIGURING: _ClassVar[ResourceStatus.State]
        STATE_READY: _ClassVar[ResourceStatus.State]
        STATE_REMOVING: _ClassVar[ResourceStatus.State]
        STATE_UNHEALTHY: _ClassVar[ResourceStatus.State]
    STATE_UNSPECIFIED: ResourceStatus.State
    STATE_UNCONFIGURED: ResourceStatus.State
    STATE_CONFIGURING: ResourceStatus.State
    STATE_READY: ResourceStatus.State
    STATE_REMOVING: ResourceStatus.State
    STATE_UNHEALTHY: ResourceStatus.State
    class Reachability(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        REACHABILITY_UNSPECIFIED: _ClassVar[ResourceStatus.Reachability]
        REACHABILITY_REACHABLE: _ClassVar[ResourceStatus.Reachability]
        REACHABILITY_REMOTE_DISCONNECTED: _ClassVar[ResourceStatus.Reachability]
        REACHABILITY_SHADOWED_BY_LOCAL: _ClassVar[ResourceStatus.Reachability]
        REACHABILITY_AMBIGUOUS_REMOTE: _ClassVar[ResourceStatus.Reachability]
    REACHABILITY_UNSPECIFIED: ResourceStatus.Reachability
    REACHABILITY_REACHABLE: ResourceStatus.Reachability
    REACHABILITY_REMOTE_DISCONNECTED: ResourceStatus.Reachability
    REACHABILITY_SHADOWED_BY_LOCAL: ResourceStatus.Reachability
    REACHABILITY_AMBIGUOUS_REMOTE: ResourceStatus.Reachability
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATED_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CLOUD_METADATA_FIELD_NUMBER: _ClassVar[int]
    REACHABILITY_FIELD_NUMBER: _ClassVar[int]
    REMOTE_FIELD_NUMBER: _ClassVar[int]
    name: _common_pb2.ResourceName
    state: ResourceStatus.State
    last_updated: _timestamp_pb2.Timestamp
    revision: str
    error: str
    cloud_metadata: GetCloudMetadataResponse
    reachability: ResourceStatus.Reachability
    remote: str
    def __init__(self, name: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., state: _Optional[_Union[ResourceStatus.State, str]] = ..., last_updated: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revision: _Optional[str] = ..., error: _Optional[str] = ..., cloud_metadata: _Optional[_Union[GetCloudMetadataResponse, _Mapping]] = ..., reachability: _Optional[_Union[ResourceStatus.Reachability, str]] = ..., remote: _Optional[str] = ...) -> None: ...

class ModuleStatus(_message.Message):
    __slots__ = ("module_name", "state", "last_updated", "error", "consecutive_failures")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[ModuleStatus.State]
        STATE_PENDING: _ClassVar[ModuleStatus.State]
        STATE_STARTING: _ClassVar[ModuleStatus.State]
        STATE_READY: _ClassVar[ModuleStatus.State]
        STATE_UNHEALTHY: _ClassVar[ModuleStatus.State]
        STATE_CLOSING: _ClassVar[ModuleStatus.State]
    STATE_UNSPECIFIED: ModuleStatus.State
    STATE_PENDING: ModuleStatus.State
    STATE_STARTING: ModuleStatus.State
    STATE_READY: ModuleStatus.State
    STATE_UNHEALTHY: ModuleStatus.State
    STATE_CLOSING: ModuleStatus.State
    MODULE_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATED_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CONSECUTIVE_FAILURES_FIELD_NUMBER: _ClassVar[int]
    module_name: str
    state: ModuleStatus.State
    last_updated: _timestamp_pb2.Timestamp
    error: str
    consecutive_failures: int
    def __init__(self, module_name: _Optional[str] = ..., state: _Optional[_Union[ModuleStatus.State, str]] = ..., last_updated: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., error: _Optional[str] = ..., consecutive_failures: _Optional[int] = ...) -> None: ...

class PackageStatus(_message.Message):
    __slots__ = ("name", "type", "state", "error", "last_updated", "version", "bytes_downloaded", "total_bytes")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[PackageStatus.State]
        STATE_DOWNLOADING: _ClassVar[PackageStatus.State]
        STATE_LOADING: _ClassVar[PackageStatus.State]
        STATE_FIRST_RUN: _ClassVar[PackageStatus.State]
        STATE_READY: _ClassVar[PackageStatus.State]
        STATE_FAILED: _ClassVar[PackageStatus.State]
    STATE_UNSPECIFIED: PackageStatus.State
    STATE_DOWNLOADING: PackageStatus.State
    STATE_LOADING: PackageStatus.State
    STATE_FIRST_RUN: PackageStatus.State
    STATE_READY: PackageStatus.State
    STATE_FAILED: PackageStatus.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    BYTES_DOWNLOADED_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: _packages_pb2.PackageType
    state: PackageStatus.State
    error: str
    last_updated: _timestamp_pb2.Timestamp
    version: str
    bytes_downloaded: int
    total_bytes: int
    def __init__(self, name: _Optional[str] = ..., type: _Optional[_Union[_packages_pb2.PackageType, str]] = ..., state: _Optional[_Union[PackageStatus.State, str]] = ..., error: _Optional[str] = ..., last_updated: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[str] = ..., bytes_downloaded: _Optional[int] = ..., total_bytes: _Optional[int] = ...) -> None: ...

class ConfigStatus(_message.Message):
    __slots__ = ("revision", "last_updated")
    REVISION_FIELD_NUMBER: _ClassVar[int]
    LAST_UPDATED_FIELD_NUMBER: _ClassVar[int]
    revision: str
    last_updated: _timestamp_pb2.Timestamp
    def __init__(self, revision: _Optional[str] = ..., last_updated: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetVersionRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetVersionResponse(_message.Message):
    __slots__ = ("platform", "version", "api_version")
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    API_VERSION_FIELD_NUMBER: _ClassVar[int]
    platform: str
    version: str
    api_version: str
    def __init__(self, platform: _Optional[str] = ..., version: _Optional[str] = ..., api_version: _Optional[str] = ...) -> None: ...

class GetPoseRequest(_message.Message):
    __slots__ = ("component_name", "destination_frame", "supplemental_transforms", "extra")
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FRAME_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENTAL_TRANSFORMS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    component_name: str
    destination_frame: str
    supplemental_transforms: _containers.RepeatedCompositeFieldContainer[_common_pb2.Transform]
    extra: _struct_pb2.Struct
    def __init__(self, component_name: _Optional[str] = ..., destination_frame: _Optional[str] = ..., supplemental_transforms: _Optional[_Iterable[_Union[_common_pb2.Transform, _Mapping]]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPoseResponse(_message.Message):
    __slots__ = ("pose",)
    POSE_FIELD_NUMBER: _ClassVar[int]
    pose: _common_pb2.PoseInFrame
    def __init__(self, pose: _Optional[_Union[_common_pb2.PoseInFrame, _Mapping]] = ...) -> None: ...
