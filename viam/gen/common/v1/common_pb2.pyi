import datetime

from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class KinematicsFileFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    KINEMATICS_FILE_FORMAT_UNSPECIFIED: _ClassVar[KinematicsFileFormat]
    KINEMATICS_FILE_FORMAT_SVA: _ClassVar[KinematicsFileFormat]
    KINEMATICS_FILE_FORMAT_URDF: _ClassVar[KinematicsFileFormat]

class JointType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOINT_TYPE_UNSPECIFIED: _ClassVar[JointType]
    JOINT_TYPE_REVOLUTE: _ClassVar[JointType]
    JOINT_TYPE_PRISMATIC: _ClassVar[JointType]
    JOINT_TYPE_CONTINUOUS: _ClassVar[JointType]
KINEMATICS_FILE_FORMAT_UNSPECIFIED: KinematicsFileFormat
KINEMATICS_FILE_FORMAT_SVA: KinematicsFileFormat
KINEMATICS_FILE_FORMAT_URDF: KinematicsFileFormat
JOINT_TYPE_UNSPECIFIED: JointType
JOINT_TYPE_REVOLUTE: JointType
JOINT_TYPE_PRISMATIC: JointType
JOINT_TYPE_CONTINUOUS: JointType
SAFETY_HEARTBEAT_MONITORED_FIELD_NUMBER: _ClassVar[int]
safety_heartbeat_monitored: _descriptor.FieldDescriptor

class ResourceName(_message.Message):
    __slots__ = ("namespace", "type", "subtype", "name")
    NAMESPACE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBTYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    namespace: str
    type: str
    subtype: str
    name: str
    def __init__(self, namespace: _Optional[str] = ..., type: _Optional[str] = ..., subtype: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class Pose(_message.Message):
    __slots__ = ("x", "y", "z", "o_x", "o_y", "o_z", "theta")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    Z_FIELD_NUMBER: _ClassVar[int]
    O_X_FIELD_NUMBER: _ClassVar[int]
    O_Y_FIELD_NUMBER: _ClassVar[int]
    O_Z_FIELD_NUMBER: _ClassVar[int]
    THETA_FIELD_NUMBER: _ClassVar[int]
    x: float
    y: float
    z: float
    o_x: float
    o_y: float
    o_z: float
    theta: float
    def __init__(self, x: _Optional[float] = ..., y: _Optional[float] = ..., z: _Optional[float] = ..., o_x: _Optional[float] = ..., o_y: _Optional[float] = ..., o_z: _Optional[float] = ..., theta: _Optional[float] = ...) -> None: ...

class Orientation(_message.Message):
    __slots__ = ("o_x", "o_y", "o_z", "theta")
    O_X_FIELD_NUMBER: _ClassVar[int]
    O_Y_FIELD_NUMBER: _ClassVar[int]
    O_Z_FIELD_NUMBER: _ClassVar[int]
    THETA_FIELD_NUMBER: _ClassVar[int]
    o_x: float
    o_y: float
    o_z: float
    theta: float
    def __init__(self, o_x: _Optional[float] = ..., o_y: _Optional[float] = ..., o_z: _Optional[float] = ..., theta: _Optional[float] = ...) -> None: ...

class PoseCloud(_message.Message):
    __slots__ = ("x", "y", "z", "o_x", "o_y", "o_z", "theta")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    Z_FIELD_NUMBER: _ClassVar[int]
    O_X_FIELD_NUMBER: _ClassVar[int]
    O_Y_FIELD_NUMBER: _ClassVar[int]
    O_Z_FIELD_NUMBER: _ClassVar[int]
    THETA_FIELD_NUMBER: _ClassVar[int]
    x: float
    y: float
    z: float
    o_x: float
    o_y: float
    o_z: float
    theta: float
    def __init__(self, x: _Optional[float] = ..., y: _Optional[float] = ..., z: _Optional[float] = ..., o_x: _Optional[float] = ..., o_y: _Optional[float] = ..., o_z: _Optional[float] = ..., theta: _Optional[float] = ...) -> None: ...

class PoseInFrame(_message.Message):
    __slots__ = ("reference_frame", "pose", "goal_cloud")
    REFERENCE_FRAME_FIELD_NUMBER: _ClassVar[int]
    POSE_FIELD_NUMBER: _ClassVar[int]
    GOAL_CLOUD_FIELD_NUMBER: _ClassVar[int]
    reference_frame: str
    pose: Pose
    goal_cloud: PoseCloud
    def __init__(self, reference_frame: _Optional[str] = ..., pose: _Optional[_Union[Pose, _Mapping]] = ..., goal_cloud: _Optional[_Union[PoseCloud, _Mapping]] = ...) -> None: ...

class Vector3(_message.Message):
    __slots__ = ("x", "y", "z")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    Z_FIELD_NUMBER: _ClassVar[int]
    x: float
    y: float
    z: float
    def __init__(self, x: _Optional[float] = ..., y: _Optional[float] = ..., z: _Optional[float] = ...) -> None: ...

class Sphere(_message.Message):
    __slots__ = ("radius_mm",)
    RADIUS_MM_FIELD_NUMBER: _ClassVar[int]
    radius_mm: float
    def __init__(self, radius_mm: _Optional[float] = ...) -> None: ...

class Capsule(_message.Message):
    __slots__ = ("radius_mm", "length_mm")
    RADIUS_MM_FIELD_NUMBER: _ClassVar[int]
    LENGTH_MM_FIELD_NUMBER: _ClassVar[int]
    radius_mm: float
    length_mm: float
    def __init__(self, radius_mm: _Optional[float] = ..., length_mm: _Optional[float] = ...) -> None: ...

class RectangularPrism(_message.Message):
    __slots__ = ("dims_mm",)
    DIMS_MM_FIELD_NUMBER: _ClassVar[int]
    dims_mm: Vector3
    def __init__(self, dims_mm: _Optional[_Union[Vector3, _Mapping]] = ...) -> None: ...

class Mesh(_message.Message):
    __slots__ = ("content_type", "mesh", "original_file_source_path_diagnostic")
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    MESH_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_FILE_SOURCE_PATH_DIAGNOSTIC_FIELD_NUMBER: _ClassVar[int]
    content_type: str
    mesh: bytes
    original_file_source_path_diagnostic: str
    def __init__(self, content_type: _Optional[str] = ..., mesh: _Optional[bytes] = ..., original_file_source_path_diagnostic: _Optional[str] = ...) -> None: ...

class PointCloud(_message.Message):
    __slots__ = ("point_cloud",)
    POINT_CLOUD_FIELD_NUMBER: _ClassVar[int]
    point_cloud: bytes
    def __init__(self, point_cloud: _Optional[bytes] = ...) -> None: ...

class Geometry(_message.Message):
    __slots__ = ("sphere", "box", "capsule", "mesh", "pointcloud", "center", "label")
    SPHERE_FIELD_NUMBER: _ClassVar[int]
    BOX_FIELD_NUMBER: _ClassVar[int]
    CAPSULE_FIELD_NUMBER: _ClassVar[int]
    MESH_FIELD_NUMBER: _ClassVar[int]
    POINTCLOUD_FIELD_NUMBER: _ClassVar[int]
    CENTER_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    sphere: Sphere
    box: RectangularPrism
    capsule: Capsule
    mesh: Mesh
    pointcloud: PointCloud
    center: Pose
    label: str
    def __init__(self, sphere: _Optional[_Union[Sphere, _Mapping]] = ..., box: _Optional[_Union[RectangularPrism, _Mapping]] = ..., capsule: _Optional[_Union[Capsule, _Mapping]] = ..., mesh: _Optional[_Union[Mesh, _Mapping]] = ..., pointcloud: _Optional[_Union[PointCloud, _Mapping]] = ..., center: _Optional[_Union[Pose, _Mapping]] = ..., label: _Optional[str] = ...) -> None: ...

class GeometriesInFrame(_message.Message):
    __slots__ = ("reference_frame", "geometries")
    REFERENCE_FRAME_FIELD_NUMBER: _ClassVar[int]
    GEOMETRIES_FIELD_NUMBER: _ClassVar[int]
    reference_frame: str
    geometries: _containers.RepeatedCompositeFieldContainer[Geometry]
    def __init__(self, reference_frame: _Optional[str] = ..., geometries: _Optional[_Iterable[_Union[Geometry, _Mapping]]] = ...) -> None: ...

class PointCloudObject(_message.Message):
    __slots__ = ("point_cloud", "geometries")
    POINT_CLOUD_FIELD_NUMBER: _ClassVar[int]
    GEOMETRIES_FIELD_NUMBER: _ClassVar[int]
    point_cloud: bytes
    geometries: GeometriesInFrame
    def __init__(self, point_cloud: _Optional[bytes] = ..., geometries: _Optional[_Union[GeometriesInFrame, _Mapping]] = ...) -> None: ...

class GeoPoint(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class GeoPose(_message.Message):
    __slots__ = ("heading", "orientation_vector", "location", "altitude")
    HEADING_FIELD_NUMBER: _ClassVar[int]
    ORIENTATION_VECTOR_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ALTITUDE_FIELD_NUMBER: _ClassVar[int]
    heading: float
    orientation_vector: Orientation
    location: GeoPoint
    altitude: float
    def __init__(self, heading: _Optional[float] = ..., orientation_vector: _Optional[_Union[Orientation, _Mapping]] = ..., location: _Optional[_Union[GeoPoint, _Mapping]] = ..., altitude: _Optional[float] = ...) -> None: ...

class GeoGeometry(_message.Message):
    __slots__ = ("location", "geometries")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    GEOMETRIES_FIELD_NUMBER: _ClassVar[int]
    location: GeoPoint
    geometries: _containers.RepeatedCompositeFieldContainer[Geometry]
    def __init__(self, location: _Optional[_Union[GeoPoint, _Mapping]] = ..., geometries: _Optional[_Iterable[_Union[Geometry, _Mapping]]] = ...) -> None: ...

class Transform(_message.Message):
    __slots__ = ("reference_frame", "pose_in_observer_frame", "physical_object", "uuid", "metadata")
    REFERENCE_FRAME_FIELD_NUMBER: _ClassVar[int]
    POSE_IN_OBSERVER_FRAME_FIELD_NUMBER: _ClassVar[int]
    PHYSICAL_OBJECT_FIELD_NUMBER: _ClassVar[int]
    UUID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    reference_frame: str
    pose_in_observer_frame: PoseInFrame
    physical_object: Geometry
    uuid: bytes
    metadata: _struct_pb2.Struct
    def __init__(self, reference_frame: _Optional[str] = ..., pose_in_observer_frame: _Optional[_Union[PoseInFrame, _Mapping]] = ..., physical_object: _Optional[_Union[Geometry, _Mapping]] = ..., uuid: _Optional[bytes] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class WorldState(_message.Message):
    __slots__ = ("obstacles", "transforms")
    OBSTACLES_FIELD_NUMBER: _ClassVar[int]
    TRANSFORMS_FIELD_NUMBER: _ClassVar[int]
    obstacles: _containers.RepeatedCompositeFieldContainer[GeometriesInFrame]
    transforms: _containers.RepeatedCompositeFieldContainer[Transform]
    def __init__(self, obstacles: _Optional[_Iterable[_Union[GeometriesInFrame, _Mapping]]] = ..., transforms: _Optional[_Iterable[_Union[Transform, _Mapping]]] = ...) -> None: ...

class ActuatorStatus(_message.Message):
    __slots__ = ("is_moving",)
    IS_MOVING_FIELD_NUMBER: _ClassVar[int]
    is_moving: bool
    def __init__(self, is_moving: _Optional[bool] = ...) -> None: ...

class ResponseMetadata(_message.Message):
    __slots__ = ("captured_at",)
    CAPTURED_AT_FIELD_NUMBER: _ClassVar[int]
    captured_at: _timestamp_pb2.Timestamp
    def __init__(self, captured_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DoCommandRequest(_message.Message):
    __slots__ = ("name", "command")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    name: str
    command: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., command: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class DoCommandResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: _struct_pb2.Struct
    def __init__(self, result: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetStatusRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetStatusResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: _struct_pb2.Struct
    def __init__(self, result: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetKinematicsRequest(_message.Message):
    __slots__ = ("name", "include_collision_meshes", "include_visual_meshes", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_COLLISION_MESHES_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_VISUAL_MESHES_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    include_collision_meshes: bool
    include_visual_meshes: bool
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., include_collision_meshes: _Optional[bool] = ..., include_visual_meshes: _Optional[bool] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetKinematicsResponse(_message.Message):
    __slots__ = ("format", "kinematics_data", "meshes_by_urdf_filepath", "model")
    class MeshesByUrdfFilepathEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: Mesh
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[Mesh, _Mapping]] = ...) -> None: ...
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    KINEMATICS_DATA_FIELD_NUMBER: _ClassVar[int]
    MESHES_BY_URDF_FILEPATH_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    format: KinematicsFileFormat
    kinematics_data: bytes
    meshes_by_urdf_filepath: _containers.MessageMap[str, Mesh]
    model: KinematicModel
    def __init__(self, format: _Optional[_Union[KinematicsFileFormat, str]] = ..., kinematics_data: _Optional[bytes] = ..., meshes_by_urdf_filepath: _Optional[_Mapping[str, Mesh]] = ..., model: _Optional[_Union[KinematicModel, _Mapping]] = ...) -> None: ...

class KinematicModel(_message.Message):
    __slots__ = ("name", "links", "joints", "output_frames", "properties")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    JOINTS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FRAMES_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    name: str
    links: _containers.RepeatedCompositeFieldContainer[KinematicLink]
    joints: _containers.RepeatedCompositeFieldContainer[KinematicJoint]
    output_frames: _containers.RepeatedScalarFieldContainer[str]
    properties: KinematicProperties
    def __init__(self, name: _Optional[str] = ..., links: _Optional[_Iterable[_Union[KinematicLink, _Mapping]]] = ..., joints: _Optional[_Iterable[_Union[KinematicJoint, _Mapping]]] = ..., output_frames: _Optional[_Iterable[str]] = ..., properties: _Optional[_Union[KinematicProperties, _Mapping]] = ...) -> None: ...

class KinematicLink(_message.Message):
    __slots__ = ("id", "parent", "pose", "collision", "visual")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    POSE_FIELD_NUMBER: _ClassVar[int]
    COLLISION_FIELD_NUMBER: _ClassVar[int]
    VISUAL_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent: str
    pose: LinkPose
    collision: _containers.RepeatedCompositeFieldContainer[Geometry]
    visual: _containers.RepeatedCompositeFieldContainer[Geometry]
    def __init__(self, id: _Optional[str] = ..., parent: _Optional[str] = ..., pose: _Optional[_Union[LinkPose, _Mapping]] = ..., collision: _Optional[_Iterable[_Union[Geometry, _Mapping]]] = ..., visual: _Optional[_Iterable[_Union[Geometry, _Mapping]]] = ...) -> None: ...

class LinkPose(_message.Message):
    __slots__ = ("quaternion", "orientation_vector", "euler_angles", "axis_angles", "translation")
    QUATERNION_FIELD_NUMBER: _ClassVar[int]
    ORIENTATION_VECTOR_FIELD_NUMBER: _ClassVar[int]
    EULER_ANGLES_FIELD_NUMBER: _ClassVar[int]
    AXIS_ANGLES_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    quaternion: Quaternion
    orientation_vector: Orientation
    euler_angles: EulerAngles
    axis_angles: AxisAngles
    translation: Vector3
    def __init__(self, quaternion: _Optional[_Union[Quaternion, _Mapping]] = ..., orientation_vector: _Optional[_Union[Orientation, _Mapping]] = ..., euler_angles: _Optional[_Union[EulerAngles, _Mapping]] = ..., axis_angles: _Optional[_Union[AxisAngles, _Mapping]] = ..., translation: _Optional[_Union[Vector3, _Mapping]] = ...) -> None: ...

class Quaternion(_message.Message):
    __slots__ = ("w", "x", "y", "z")
    W_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    Z_FIELD_NUMBER: _ClassVar[int]
    w: float
    x: float
    y: float
    z: float
    def __init__(self, w: _Optional[float] = ..., x: _Optional[float] = ..., y: _Optional[float] = ..., z: _Optional[float] = ...) -> None: ...

class EulerAngles(_message.Message):
    __slots__ = ("roll", "pitch", "yaw")
    ROLL_FIELD_NUMBER: _ClassVar[int]
    PITCH_FIELD_NUMBER: _ClassVar[int]
    YAW_FIELD_NUMBER: _ClassVar[int]
    roll: float
    pitch: float
    yaw: float
    def __init__(self, roll: _Optional[float] = ..., pitch: _Optional[float] = ..., yaw: _Optional[float] = ...) -> None: ...

class AxisAngles(_message.Message):
    __slots__ = ("rx", "ry", "rz", "theta")
    RX_FIELD_NUMBER: _ClassVar[int]
    RY_FIELD_NUMBER: _ClassVar[int]
    RZ_FIELD_NUMBER: _ClassVar[int]
    THETA_FIELD_NUMBER: _ClassVar[int]
    rx: float
    ry: float
    rz: float
    theta: float
    def __init__(self, rx: _Optional[float] = ..., ry: _Optional[float] = ..., rz: _Optional[float] = ..., theta: _Optional[float] = ...) -> None: ...

class KinematicJoint(_message.Message):
    __slots__ = ("id", "parent", "type", "axis", "limits", "mimic", "geometry")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    AXIS_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    MIMIC_FIELD_NUMBER: _ClassVar[int]
    GEOMETRY_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent: str
    type: JointType
    axis: Vector3
    limits: JointLimits
    mimic: MimicJoint
    geometry: Geometry
    def __init__(self, id: _Optional[str] = ..., parent: _Optional[str] = ..., type: _Optional[_Union[JointType, str]] = ..., axis: _Optional[_Union[Vector3, _Mapping]] = ..., limits: _Optional[_Union[JointLimits, _Mapping]] = ..., mimic: _Optional[_Union[MimicJoint, _Mapping]] = ..., geometry: _Optional[_Union[Geometry, _Mapping]] = ...) -> None: ...

class JointLimits(_message.Message):
    __slots__ = ("min", "max", "max_velocity", "max_acceleration")
    MIN_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    MAX_VELOCITY_FIELD_NUMBER: _ClassVar[int]
    MAX_ACCELERATION_FIELD_NUMBER: _ClassVar[int]
    min: float
    max: float
    max_velocity: float
    max_acceleration: float
    def __init__(self, min: _Optional[float] = ..., max: _Optional[float] = ..., max_velocity: _Optional[float] = ..., max_acceleration: _Optional[float] = ...) -> None: ...

class MimicJoint(_message.Message):
    __slots__ = ("joint", "multiplier", "offset")
    JOINT_FIELD_NUMBER: _ClassVar[int]
    MULTIPLIER_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    joint: str
    multiplier: float
    offset: float
    def __init__(self, joint: _Optional[str] = ..., multiplier: _Optional[float] = ..., offset: _Optional[float] = ...) -> None: ...

class KinematicProperties(_message.Message):
    __slots__ = ("operating_freq_hz", "max_linear_tcp_speed_mm_per_sec")
    OPERATING_FREQ_HZ_FIELD_NUMBER: _ClassVar[int]
    MAX_LINEAR_TCP_SPEED_MM_PER_SEC_FIELD_NUMBER: _ClassVar[int]
    operating_freq_hz: float
    max_linear_tcp_speed_mm_per_sec: float
    def __init__(self, operating_freq_hz: _Optional[float] = ..., max_linear_tcp_speed_mm_per_sec: _Optional[float] = ...) -> None: ...

class GetGeometriesRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetGeometriesResponse(_message.Message):
    __slots__ = ("geometries",)
    GEOMETRIES_FIELD_NUMBER: _ClassVar[int]
    geometries: _containers.RepeatedCompositeFieldContainer[Geometry]
    def __init__(self, geometries: _Optional[_Iterable[_Union[Geometry, _Mapping]]] = ...) -> None: ...

class Get3DModelsRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class Get3DModelsResponse(_message.Message):
    __slots__ = ("models",)
    class ModelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: Mesh
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[Mesh, _Mapping]] = ...) -> None: ...
    MODELS_FIELD_NUMBER: _ClassVar[int]
    models: _containers.MessageMap[str, Mesh]
    def __init__(self, models: _Optional[_Mapping[str, Mesh]] = ...) -> None: ...

class GetWorldPoseResponse(_message.Message):
    __slots__ = ("pose",)
    POSE_FIELD_NUMBER: _ClassVar[int]
    pose: Pose
    def __init__(self, pose: _Optional[_Union[Pose, _Mapping]] = ...) -> None: ...

class GetReadingsRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetReadingsResponse(_message.Message):
    __slots__ = ("readings",)
    class ReadingsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...
    READINGS_FIELD_NUMBER: _ClassVar[int]
    readings: _containers.MessageMap[str, _struct_pb2.Value]
    def __init__(self, readings: _Optional[_Mapping[str, _struct_pb2.Value]] = ...) -> None: ...

class LogEntry(_message.Message):
    __slots__ = ("host", "level", "time", "logger_name", "message", "caller", "stack", "fields")
    HOST_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    LOGGER_NAME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    STACK_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    host: str
    level: str
    time: _timestamp_pb2.Timestamp
    logger_name: str
    message: str
    caller: _struct_pb2.Struct
    stack: str
    fields: _containers.RepeatedCompositeFieldContainer[_struct_pb2.Struct]
    def __init__(self, host: _Optional[str] = ..., level: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., logger_name: _Optional[str] = ..., message: _Optional[str] = ..., caller: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., stack: _Optional[str] = ..., fields: _Optional[_Iterable[_Union[_struct_pb2.Struct, _Mapping]]] = ...) -> None: ...

class AudioInfo(_message.Message):
    __slots__ = ("codec", "sample_rate_hz", "num_channels")
    CODEC_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_RATE_HZ_FIELD_NUMBER: _ClassVar[int]
    NUM_CHANNELS_FIELD_NUMBER: _ClassVar[int]
    codec: str
    sample_rate_hz: int
    num_channels: int
    def __init__(self, codec: _Optional[str] = ..., sample_rate_hz: _Optional[int] = ..., num_channels: _Optional[int] = ...) -> None: ...

class GetPropertiesRequest(_message.Message):
    __slots__ = ("name", "extra")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    name: str
    extra: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., extra: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class GetPropertiesResponse(_message.Message):
    __slots__ = ("supported_codecs", "sample_rate_hz", "num_channels")
    SUPPORTED_CODECS_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_RATE_HZ_FIELD_NUMBER: _ClassVar[int]
    NUM_CHANNELS_FIELD_NUMBER: _ClassVar[int]
    supported_codecs: _containers.RepeatedScalarFieldContainer[str]
    sample_rate_hz: int
    num_channels: int
    def __init__(self, supported_codecs: _Optional[_Iterable[str]] = ..., sample_rate_hz: _Optional[int] = ..., num_channels: _Optional[int] = ...) -> None: ...
