import datetime

from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetEndPositionRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetEndPositionResponse(_message.Message):
    __slots__ = ("pose",)
    POSE_FIELD_NUMBER: _ClassVar[int]
    pose: _common_pb2.Pose
    def __init__(self, pose: _Optional[_Union[_common_pb2.Pose, _Mapping]] = ...) -> None: ...

class JointPositions(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, values: _Optional[_Iterable[float]] = ...) -> None: ...

class JointVelocities(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, values: _Optional[_Iterable[float]] = ...) -> None: ...

class JointAccelerations(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, values: _Optional[_Iterable[float]] = ...) -> None: ...

class GetJointPositionsRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetJointPositionsResponse(_message.Message):
    __slots__ = ("positions",)
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    positions: JointPositions
    def __init__(self, positions: _Optional[_Union[JointPositions, _Mapping]] = ...) -> None: ...

class MoveToPositionRequest(_message.Message):
    __slots__ = ("name", "to", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    to: _common_pb2.Pose
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., to: _Optional[_Union[_common_pb2.Pose, _Mapping]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveToPositionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MoveToJointPositionsRequest(_message.Message):
    __slots__ = ("name", "positions", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    positions: JointPositions
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., positions: _Optional[_Union[JointPositions, _Mapping]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveToJointPositionsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MoveThroughJointPositionsRequest(_message.Message):
    __slots__ = ("name", "positions", "options", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    positions: _containers.RepeatedCompositeFieldContainer[JointPositions]
    options: MoveOptions
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., positions: _Optional[_Iterable[_Union[JointPositions, _Mapping]]] = ..., options: _Optional[_Union[MoveOptions, _Mapping]] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveThroughJointPositionsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TrajectoryPoint(_message.Message):
    __slots__ = ("time", "positions", "constraints")
    class KinematicConstraints(_message.Message):
        __slots__ = ("velocities", "accelerations")
        VELOCITIES_FIELD_NUMBER: _ClassVar[int]
        ACCELERATIONS_FIELD_NUMBER: _ClassVar[int]
        velocities: JointVelocities
        accelerations: JointAccelerations
        def __init__(self, velocities: _Optional[_Union[JointVelocities, _Mapping]] = ..., accelerations: _Optional[_Union[JointAccelerations, _Mapping]] = ...) -> None: ...
    TIME_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    time: _duration_pb2.Duration
    positions: JointPositions
    constraints: TrajectoryPoint.KinematicConstraints
    def __init__(self, time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., positions: _Optional[_Union[JointPositions, _Mapping]] = ..., constraints: _Optional[_Union[TrajectoryPoint.KinematicConstraints, _Mapping]] = ...) -> None: ...

class MoveThroughJointPositionsStreamedRequest(_message.Message):
    __slots__ = ("init", "batch", "name")
    class Init(_message.Message):
        __slots__ = ("extra",)
        EXTRA_FIELD_NUMBER: _ClassVar[int]
        extra: _struct_pb2.Struct
        def __init__(self, extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...
    class TrajectoryBatch(_message.Message):
        __slots__ = ("points",)
        POINTS_FIELD_NUMBER: _ClassVar[int]
        points: _containers.RepeatedCompositeFieldContainer[TrajectoryPoint]
        def __init__(self, points: _Optional[_Iterable[_Union[TrajectoryPoint, _Mapping]]] = ...) -> None: ...
    INIT_FIELD_NUMBER: _ClassVar[int]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    init: MoveThroughJointPositionsStreamedRequest.Init
    batch: MoveThroughJointPositionsStreamedRequest.TrajectoryBatch
    name: str
    def __init__(self, init: _Optional[_Union[MoveThroughJointPositionsStreamedRequest.Init, _Mapping]] = ..., batch: _Optional[_Union[MoveThroughJointPositionsStreamedRequest.TrajectoryBatch, _Mapping]] = ..., name: _Optional[str] = ...) -> None: ...

class MoveThroughJointPositionsStreamedResponse(_message.Message):
    __slots__ = ("ack",)
    class BatchAck(_message.Message):
        __slots__ = ("extra",)
        EXTRA_FIELD_NUMBER: _ClassVar[int]
        extra: _struct_pb2.Struct
        def __init__(self, extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...
    ACK_FIELD_NUMBER: _ClassVar[int]
    ack: MoveThroughJointPositionsStreamedResponse.BatchAck
    def __init__(self, ack: _Optional[_Union[MoveThroughJointPositionsStreamedResponse.BatchAck, _Mapping]] = ...) -> None: ...

class StopRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class StopResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Status(_message.Message):
    __slots__ = ("end_position", "joint_positions", "is_moving")
    END_POSITION_FIELD_NUMBER: _ClassVar[int]
    JOINT_POSITIONS_FIELD_NUMBER: _ClassVar[int]
    IS_MOVING_FIELD_NUMBER: _ClassVar[int]
    end_position: _common_pb2.Pose
    joint_positions: JointPositions
    is_moving: bool
    def __init__(self, end_position: _Optional[_Union[_common_pb2.Pose, _Mapping]] = ..., joint_positions: _Optional[_Union[JointPositions, _Mapping]] = ..., is_moving: _Optional[bool] = ...) -> None: ...

class IsMovingRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class IsMovingResponse(_message.Message):
    __slots__ = ("is_moving",)
    IS_MOVING_FIELD_NUMBER: _ClassVar[int]
    is_moving: bool
    def __init__(self, is_moving: _Optional[bool] = ...) -> None: ...

class MoveOptions(_message.Message):
    __slots__ = ("max_vel_degs_per_sec", "max_acc_degs_per_sec2", "max_vel_degs_per_sec_joints", "max_acc_degs_per_sec2_joints", "max_tcp_speed")
    MAX_VEL_DEGS_PER_SEC_FIELD_NUMBER: _ClassVar[int]
    MAX_ACC_DEGS_PER_SEC2_FIELD_NUMBER: _ClassVar[int]
    MAX_VEL_DEGS_PER_SEC_JOINTS_FIELD_NUMBER: _ClassVar[int]
    MAX_ACC_DEGS_PER_SEC2_JOINTS_FIELD_NUMBER: _ClassVar[int]
    MAX_TCP_SPEED_FIELD_NUMBER: _ClassVar[int]
    max_vel_degs_per_sec: float
    max_acc_degs_per_sec2: float
    max_vel_degs_per_sec_joints: _containers.RepeatedScalarFieldContainer[float]
    max_acc_degs_per_sec2_joints: _containers.RepeatedScalarFieldContainer[float]
    max_tcp_speed: float
    def __init__(self, max_vel_degs_per_sec: _Optional[float] = ..., max_acc_degs_per_sec2: _Optional[float] = ..., max_vel_degs_per_sec_joints: _Optional[_Iterable[float]] = ..., max_acc_degs_per_sec2_joints: _Optional[_Iterable[float]] = ..., max_tcp_speed: _Optional[float] = ...) -> None: ...

class SetManualModeRequest(_message.Message):
    __slots__ = ("name", "manual_mode", "enabled_for", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_MODE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FOR_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    manual_mode: bool
    enabled_for: int
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., manual_mode: _Optional[bool] = ..., enabled_for: _Optional[int] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class SetManualModeResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetManualModeRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetManualModeResponse(_message.Message):
    __slots__ = ("manual_mode",)
    MANUAL_MODE_FIELD_NUMBER: _ClassVar[int]
    manual_mode: bool
    def __init__(self, manual_mode: _Optional[bool] = ...) -> None: ...

class GetPropertiesRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPropertiesResponse(_message.Message):
    __slots__ = ("support_manual_mode", "support_cartesian_commands")
    SUPPORT_MANUAL_MODE_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_CARTESIAN_COMMANDS_FIELD_NUMBER: _ClassVar[int]
    support_manual_mode: bool
    support_cartesian_commands: bool
    def __init__(self, support_manual_mode: _Optional[bool] = ..., support_cartesian_commands: _Optional[bool] = ...) -> None: ...
