import datetime

from viam.gen.common.v1 import common_pb2 as _common_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PlanState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PLAN_STATE_UNSPECIFIED: _ClassVar[PlanState]
    PLAN_STATE_IN_PROGRESS: _ClassVar[PlanState]
    PLAN_STATE_STOPPED: _ClassVar[PlanState]
    PLAN_STATE_SUCCEEDED: _ClassVar[PlanState]
    PLAN_STATE_FAILED: _ClassVar[PlanState]
PLAN_STATE_UNSPECIFIED: PlanState
PLAN_STATE_IN_PROGRESS: PlanState
PLAN_STATE_STOPPED: PlanState
PLAN_STATE_SUCCEEDED: PlanState
PLAN_STATE_FAILED: PlanState

class MoveRequest(_message.Message):
    __slots__ = ("name", "destination", "component_name_deprecated", "world_state", "constraints", "component_name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    WORLD_STATE_FIELD_NUMBER: _ClassVar[int]
    CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    destination: _common_pb2.PoseInFrame
    component_name_deprecated: _common_pb2.ResourceName
    world_state: _common_pb2.WorldState
    constraints: Constraints
    component_name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., destination: _Optional[_Union[_common_pb2.PoseInFrame, _Mapping]] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., world_state: _Optional[_Union[_common_pb2.WorldState, _Mapping]] = ..., constraints: _Optional[_Union[Constraints, _Mapping]] = ..., component_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveResponse(_message.Message):
    __slots__ = ("success",)
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    success: bool
    def __init__(self, success: _Optional[bool] = ...) -> None: ...

class MoveOnMapRequest(_message.Message):
    __slots__ = ("name", "destination", "component_name_deprecated", "slam_service_name_deprecated", "motion_configuration", "obstacles", "component_name", "slam_service_name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    SLAM_SERVICE_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    MOTION_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    OBSTACLES_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    SLAM_SERVICE_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    destination: _common_pb2.Pose
    component_name_deprecated: _common_pb2.ResourceName
    slam_service_name_deprecated: _common_pb2.ResourceName
    motion_configuration: MotionConfiguration
    obstacles: _containers.RepeatedCompositeFieldContainer[_common_pb2.Geometry]
    component_name: str
    slam_service_name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., destination: _Optional[_Union[_common_pb2.Pose, _Mapping]] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., slam_service_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., motion_configuration: _Optional[_Union[MotionConfiguration, _Mapping]] = ..., obstacles: _Optional[_Iterable[_Union[_common_pb2.Geometry, _Mapping]]] = ..., component_name: _Optional[str] = ..., slam_service_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveOnMapResponse(_message.Message):
    __slots__ = ("execution_id",)
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    def __init__(self, execution_id: _Optional[str] = ...) -> None: ...

class ObstacleDetector(_message.Message):
    __slots__ = ("vision_service_deprecated", "camera_deprecated", "vision_service", "camera")
    VISION_SERVICE_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    CAMERA_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    VISION_SERVICE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    vision_service_deprecated: _common_pb2.ResourceName
    camera_deprecated: _common_pb2.ResourceName
    vision_service: str
    camera: str
    def __init__(self, vision_service_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., camera_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., vision_service: _Optional[str] = ..., camera: _Optional[str] = ...) -> None: ...

class MotionConfiguration(_message.Message):
    __slots__ = ("obstacle_detectors", "position_polling_frequency_hz", "obstacle_polling_frequency_hz", "plan_deviation_m", "linear_m_per_sec", "angular_degs_per_sec")
    OBSTACLE_DETECTORS_FIELD_NUMBER: _ClassVar[int]
    POSITION_POLLING_FREQUENCY_HZ_FIELD_NUMBER: _ClassVar[int]
    OBSTACLE_POLLING_FREQUENCY_HZ_FIELD_NUMBER: _ClassVar[int]
    PLAN_DEVIATION_M_FIELD_NUMBER: _ClassVar[int]
    LINEAR_M_PER_SEC_FIELD_NUMBER: _ClassVar[int]
    ANGULAR_DEGS_PER_SEC_FIELD_NUMBER: _ClassVar[int]
    obstacle_detectors: _containers.RepeatedCompositeFieldContainer[ObstacleDetector]
    position_polling_frequency_hz: float
    obstacle_polling_frequency_hz: float
    plan_deviation_m: float
    linear_m_per_sec: float
    angular_degs_per_sec: float
    def __init__(self, obstacle_detectors: _Optional[_Iterable[_Union[ObstacleDetector, _Mapping]]] = ..., position_polling_frequency_hz: _Optional[float] = ..., obstacle_polling_frequency_hz: _Optional[float] = ..., plan_deviation_m: _Optional[float] = ..., linear_m_per_sec: _Optional[float] = ..., angular_degs_per_sec: _Optional[float] = ...) -> None: ...

class MoveOnGlobeRequest(_message.Message):
    __slots__ = ("name", "destination", "heading", "component_name_deprecated", "movement_sensor_name_deprecated", "obstacles", "motion_configuration", "bounding_regions", "component_name", "movement_sensor_name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    HEADING_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    MOVEMENT_SENSOR_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    OBSTACLES_FIELD_NUMBER: _ClassVar[int]
    MOTION_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_REGIONS_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    MOVEMENT_SENSOR_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    destination: _common_pb2.GeoPoint
    heading: float
    component_name_deprecated: _common_pb2.ResourceName
    movement_sensor_name_deprecated: _common_pb2.ResourceName
    obstacles: _containers.RepeatedCompositeFieldContainer[_common_pb2.GeoGeometry]
    motion_configuration: MotionConfiguration
    bounding_regions: _containers.RepeatedCompositeFieldContainer[_common_pb2.GeoGeometry]
    component_name: str
    movement_sensor_name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., destination: _Optional[_Union[_common_pb2.GeoPoint, _Mapping]] = ..., heading: _Optional[float] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., movement_sensor_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., obstacles: _Optional[_Iterable[_Union[_common_pb2.GeoGeometry, _Mapping]]] = ..., motion_configuration: _Optional[_Union[MotionConfiguration, _Mapping]] = ..., bounding_regions: _Optional[_Iterable[_Union[_common_pb2.GeoGeometry, _Mapping]]] = ..., component_name: _Optional[str] = ..., movement_sensor_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class MoveOnGlobeResponse(_message.Message):
    __slots__ = ("execution_id",)
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    execution_id: str
    def __init__(self, execution_id: _Optional[str] = ...) -> None: ...

class GetPoseRequest(_message.Message):
    __slots__ = ("name", "component_name_deprecated", "destination_frame", "supplemental_transforms", "component_name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FRAME_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENTAL_TRANSFORMS_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    component_name_deprecated: _common_pb2.ResourceName
    destination_frame: str
    supplemental_transforms: _containers.RepeatedCompositeFieldContainer[_common_pb2.Transform]
    component_name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., destination_frame: _Optional[str] = ..., supplemental_transforms: _Optional[_Iterable[_Union[_common_pb2.Transform, _Mapping]]] = ..., component_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPoseResponse(_message.Message):
    __slots__ = ("pose",)
    POSE_FIELD_NUMBER: _ClassVar[int]
    pose: _common_pb2.PoseInFrame
    def __init__(self, pose: _Optional[_Union[_common_pb2.PoseInFrame, _Mapping]] = ...) -> None: ...

class StopPlanRequest(_message.Message):
    __slots__ = ("name", "component_name_deprecated", "component_name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    component_name_deprecated: _common_pb2.ResourceName
    component_name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., component_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class StopPlanResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListPlanStatusesRequest(_message.Message):
    __slots__ = ("name", "only_active_plans", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ONLY_ACTIVE_PLANS_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    only_active_plans: bool
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., only_active_plans: _Optional[bool] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ListPlanStatusesResponse(_message.Message):
    __slots__ = ("plan_statuses_with_ids",)
    PLAN_STATUSES_WITH_IDS_FIELD_NUMBER: _ClassVar[int]
    plan_statuses_with_ids: _containers.RepeatedCompositeFieldContainer[PlanStatusWithID]
    def __init__(self, plan_statuses_with_ids: _Optional[_Iterable[_Union[PlanStatusWithID, _Mapping]]] = ...) -> None: ...

class GetPlanRequest(_message.Message):
    __slots__ = ("name", "component_name_deprecated", "last_plan_only", "execution_id", "component_name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    LAST_PLAN_ONLY_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    component_name_deprecated: _common_pb2.ResourceName
    last_plan_only: bool
    execution_id: str
    component_name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., last_plan_only: _Optional[bool] = ..., execution_id: _Optional[str] = ..., component_name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPlanResponse(_message.Message):
    __slots__ = ("current_plan_with_status", "replan_history")
    CURRENT_PLAN_WITH_STATUS_FIELD_NUMBER: _ClassVar[int]
    REPLAN_HISTORY_FIELD_NUMBER: _ClassVar[int]
    current_plan_with_status: PlanWithStatus
    replan_history: _containers.RepeatedCompositeFieldContainer[PlanWithStatus]
    def __init__(self, current_plan_with_status: _Optional[_Union[PlanWithStatus, _Mapping]] = ..., replan_history: _Optional[_Iterable[_Union[PlanWithStatus, _Mapping]]] = ...) -> None: ...

class Constraints(_message.Message):
    __slots__ = ("linear_constraint", "orientation_constraint", "collision_specification", "pseudolinear_constraint")
    LINEAR_CONSTRAINT_FIELD_NUMBER: _ClassVar[int]
    ORIENTATION_CONSTRAINT_FIELD_NUMBER: _ClassVar[int]
    COLLISION_SPECIFICATION_FIELD_NUMBER: _ClassVar[int]
    PSEUDOLINEAR_CONSTRAINT_FIELD_NUMBER: _ClassVar[int]
    linear_constraint: _containers.RepeatedCompositeFieldContainer[LinearConstraint]
    orientation_constraint: _containers.RepeatedCompositeFieldContainer[OrientationConstraint]
    collision_specification: _containers.RepeatedCompositeFieldContainer[CollisionSpecification]
    pseudolinear_constraint: _containers.RepeatedCompositeFieldContainer[PseudolinearConstraint]
    def __init__(self, linear_constraint: _Optional[_Iterable[_Union[LinearConstraint, _Mapping]]] = ..., orientation_constraint: _Optional[_Iterable[_Union[OrientationConstraint, _Mapping]]] = ..., collision_specification: _Optional[_Iterable[_Union[CollisionSpecification, _Mapping]]] = ..., pseudolinear_constraint: _Optional[_Iterable[_Union[PseudolinearConstraint, _Mapping]]] = ...) -> None: ...

class LinearConstraint(_message.Message):
    __slots__ = ("line_tolerance_mm", "orientation_tolerance_degs")
    LINE_TOLERANCE_MM_FIELD_NUMBER: _ClassVar[int]
    ORIENTATION_TOLERANCE_DEGS_FIELD_NUMBER: _ClassVar[int]
    line_tolerance_mm: float
    orientation_tolerance_degs: float
    def __init__(self, line_tolerance_mm: _Optional[float] = ..., orientation_tolerance_degs: _Optional[float] = ...) -> None: ...

class PseudolinearConstraint(_message.Message):
    __slots__ = ("line_tolerance_factor", "orientation_tolerance_factor")
    LINE_TOLERANCE_FACTOR_FIELD_NUMBER: _ClassVar[int]
    ORIENTATION_TOLERANCE_FACTOR_FIELD_NUMBER: _ClassVar[int]
    line_tolerance_factor: float
    orientation_tolerance_factor: float
    def __init__(self, line_tolerance_factor: _Optional[float] = ..., orientation_tolerance_factor: _Optional[float] = ...) -> None: ...

class OrientationConstraint(_message.Message):
    __slots__ = ("orientation_tolerance_degs",)
    ORIENTATION_TOLERANCE_DEGS_FIELD_NUMBER: _ClassVar[int]
    orientation_tolerance_degs: float
    def __init__(self, orientation_tolerance_degs: _Optional[float] = ...) -> None: ...

class CollisionSpecification(_message.Message):
    __slots__ = ("allows",)
    class AllowedFrameCollisions(_message.Message):
        __slots__ = ("frame1", "frame2")
        FRAME1_FIELD_NUMBER: _ClassVar[int]
        FRAME2_FIELD_NUMBER: _ClassVar[int]
        frame1: str
        frame2: str
        def __init__(self, frame1: _Optional[str] = ..., frame2: _Optional[str] = ...) -> None: ...
    ALLOWS_FIELD_NUMBER: _ClassVar[int]
    allows: _containers.RepeatedCompositeFieldContainer[CollisionSpecification.AllowedFrameCollisions]
    def __init__(self, allows: _Optional[_Iterable[_Union[CollisionSpecification.AllowedFrameCollisions, _Mapping]]] = ...) -> None: ...

class PlanWithStatus(_message.Message):
    __slots__ = ("plan", "status", "status_history")
    PLAN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_HISTORY_FIELD_NUMBER: _ClassVar[int]
    plan: Plan
    status: PlanStatus
    status_history: _containers.RepeatedCompositeFieldContainer[PlanStatus]
    def __init__(self, plan: _Optional[_Union[Plan, _Mapping]] = ..., status: _Optional[_Union[PlanStatus, _Mapping]] = ..., status_history: _Optional[_Iterable[_Union[PlanStatus, _Mapping]]] = ...) -> None: ...

class PlanStatusWithID(_message.Message):
    __slots__ = ("plan_id", "component_name_deprecated", "execution_id", "status", "component_name")
    PLAN_ID_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    plan_id: str
    component_name_deprecated: _common_pb2.ResourceName
    execution_id: str
    status: PlanStatus
    component_name: str
    def __init__(self, plan_id: _Optional[str] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., execution_id: _Optional[str] = ..., status: _Optional[_Union[PlanStatus, _Mapping]] = ..., component_name: _Optional[str] = ...) -> None: ...

class PlanStatus(_message.Message):
    __slots__ = ("state", "timestamp", "reason")
    STATE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    state: PlanState
    timestamp: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, state: _Optional[_Union[PlanState, str]] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class Plan(_message.Message):
    __slots__ = ("id", "component_name_deprecated", "execution_id", "steps", "component_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    COMPONENT_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    component_name_deprecated: _common_pb2.ResourceName
    execution_id: str
    steps: _containers.RepeatedCompositeFieldContainer[PlanStep]
    component_name: str
    def __init__(self, id: _Optional[str] = ..., component_name_deprecated: _Optional[_Union[_common_pb2.ResourceName, _Mapping]] = ..., execution_id: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[PlanStep, _Mapping]]] = ..., component_name: _Optional[str] = ...) -> None: ...

class PlanStep(_message.Message):
    __slots__ = ("step",)
    class StepEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: ComponentState
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[ComponentState, _Mapping]] = ...) -> None: ...
    STEP_FIELD_NUMBER: _ClassVar[int]
    step: _containers.MessageMap[str, ComponentState]
    def __init__(self, step: _Optional[_Mapping[str, ComponentState]] = ...) -> None: ...

class ComponentState(_message.Message):
    __slots__ = ("pose",)
    POSE_FIELD_NUMBER: _ClassVar[int]
    pose: _common_pb2.Pose
    def __init__(self, pose: _Optional[_Union[_common_pb2.Pose, _Mapping]] = ...) -> None: ...
