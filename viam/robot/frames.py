"""A static frame system from the config's ``frame`` entries: FrameSystemConfig, GetPose, TransformPose.

Each configured frame is a fixed transform (translation in mm, orientation) from its parent;
``world`` is the root. Poses on the wire use orientation vectors in degrees, the reference's
convention: (o_x, o_y, o_z) is where the frame's z axis points, theta the turn about it.
A component that moves what is attached to it (an arm with a kinematic model) adds its current
motion after its fixed transform, as the reference's model frames do: the arm's own frame is its
end effector at the current joint positions, and frames parented to the arm hang from there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from viam.errors import InvalidArgumentError, ResourceNotFoundError
from viam.gen.common.v1 import common_pb2
from viam.utils import shorten

WORLD = "world"
_POLE_EPS = 1e-4

Quat = tuple[float, float, float, float]  # (w, x, y, z)
Vec = tuple[float, float, float]
IDENTITY: Quat = (1.0, 0.0, 0.0, 0.0)


def qmul(a: Quat, b: Quat) -> Quat:
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return (aw * bw - ax * bx - ay * by - az * bz, aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw)


def qconj(q: Quat) -> Quat:
    return (q[0], -q[1], -q[2], -q[3])


def qnormalize(q: Quat) -> Quat:
    norm = math.sqrt(sum(c * c for c in q))
    if norm == 0:
        return IDENTITY
    return (q[0] / norm, q[1] / norm, q[2] / norm, q[3] / norm)


def rotate(q: Quat, v: Vec) -> Vec:
    _, x, y, z = qmul(qmul(q, (0.0, *v)), qconj(q))
    return (x, y, z)


def _axis_angle(axis: Vec, angle: float) -> Quat:
    half = angle / 2
    return (math.cos(half), axis[0] * math.sin(half), axis[1] * math.sin(half), axis[2] * math.sin(half))


def ov_to_quat(ox: float, oy: float, oz: float, theta_rad: float) -> Quat:
    """Turn by longitude about z, by latitude about y, then by theta about the new z."""
    norm = math.sqrt(ox * ox + oy * oy + oz * oz)
    if norm == 0:
        ox, oy, oz = 0.0, 0.0, 1.0  # an all-zero vector means "unrotated"
    else:
        ox, oy, oz = ox / norm, oy / norm, oz / norm
    lat = math.acos(max(-1.0, min(1.0, oz)))
    lon = math.atan2(oy, ox) if 1 - abs(oz) > _POLE_EPS else 0.0
    return qmul(qmul(_axis_angle((0, 0, 1), lon), _axis_angle((0, 1, 0), lat)), _axis_angle((0, 0, 1), theta_rad))


def quat_to_ov(q: Quat) -> tuple[float, float, float, float]:
    """The inverse of ``ov_to_quat``: (o_x, o_y, o_z, theta in radians)."""
    q = qnormalize(q)
    ox, oy, oz = rotate(q, (0.0, 0.0, 1.0))
    oz = max(-1.0, min(1.0, oz))
    lat = math.acos(oz)
    lon = math.atan2(oy, ox) if 1 - abs(oz) > _POLE_EPS else 0.0
    base = qmul(_axis_angle((0, 0, 1), lon), _axis_angle((0, 1, 0), lat))
    rest = qmul(qconj(base), q)  # a pure turn about z
    theta = 2 * math.atan2(rest[3], rest[0])
    theta = math.atan2(math.sin(theta), math.cos(theta))
    return ox, oy, oz, theta


@dataclass(frozen=True)
class Transform:
    """Maps a point in the child frame to the parent: ``rotation * p + translation``."""

    translation: Vec = (0.0, 0.0, 0.0)
    rotation: Quat = IDENTITY

    def compose(self, other: Transform) -> Transform:
        """``self`` after ``other``: other's output frame is self's input frame."""
        moved = rotate(self.rotation, other.translation)
        return Transform((moved[0] + self.translation[0], moved[1] + self.translation[1],
                          moved[2] + self.translation[2]), qnormalize(qmul(self.rotation, other.rotation)))

    def inverse(self) -> Transform:
        inv = qconj(self.rotation)
        t = rotate(inv, self.translation)
        return Transform((-t[0], -t[1], -t[2]), inv)

    @classmethod
    def from_pose(cls, pose: common_pb2.Pose) -> Transform:
        return cls((pose.x, pose.y, pose.z), ov_to_quat(pose.o_x, pose.o_y, pose.o_z, math.radians(pose.theta)))

    def to_pose(self) -> common_pb2.Pose:
        ox, oy, oz, theta = quat_to_ov(self.rotation)
        return common_pb2.Pose(x=self.translation[0], y=self.translation[1], z=self.translation[2],
                               o_x=ox, o_y=oy, o_z=oz, theta=math.degrees(theta))


def _number(value: Any, where: str) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentError(f"{where} must be a number, got {value!r}")
    return float(value)


def orientation_from_config(orientation: Mapping[str, Any] | None, where: str) -> Quat:
    """A config ``frame.orientation`` ({type, value}) as a quaternion."""
    if not orientation:
        return IDENTITY
    kind = orientation.get("type", "ov_degrees") or "ov_degrees"
    value = orientation.get("value") or {}
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(f"{where}.value must be an object")

    def num(key: str) -> float:
        return _number(value.get(key), f"{where}.value.{key}")

    if kind in ("ov_degrees", "ov_radians"):
        theta = num("th")
        return ov_to_quat(num("x"), num("y"), num("z"), math.radians(theta) if kind == "ov_degrees" else theta)
    if kind == "euler_angles":  # radians, yaw about z, then pitch about y, then roll about x
        roll, pitch, yaw = num("roll"), num("pitch"), num("yaw")
        return qmul(qmul(_axis_angle((0, 0, 1), yaw), _axis_angle((0, 1, 0), pitch)), _axis_angle((1, 0, 0), roll))
    if kind == "axis_angles":
        axis = (num("x"), num("y"), num("z"))
        norm = math.sqrt(sum(c * c for c in axis))
        if norm == 0:
            return IDENTITY
        return _axis_angle((axis[0] / norm, axis[1] / norm, axis[2] / norm), num("th"))
    if kind == "quaternion":
        return qnormalize((num("w"), num("x"), num("y"), num("z")))
    raise InvalidArgumentError(f"{where}.type {kind!r} is not one of ov_degrees, ov_radians, euler_angles, "
                               "axis_angles, quaternion")


@dataclass(frozen=True)
class Frame:
    name: str
    parent: str
    transform: Transform
    moving: Transform | None = None  # the component's own motion now (e.g. base -> arm end), after ``transform``

    def step(self) -> Transform:
        return self.transform if self.moving is None else self.transform.compose(self.moving)


def frame_from_config(name: str, frame: Mapping[str, Any], where: str, moving: Transform | None = None) -> Frame:
    parent = frame.get("parent") or WORLD
    translation = frame.get("translation") or {}
    if not isinstance(translation, Mapping):
        raise InvalidArgumentError(f"{where}.translation must be an object")
    vec = tuple(_number(translation.get(k), f"{where}.translation.{k}") for k in ("x", "y", "z"))
    rotation = orientation_from_config(frame.get("orientation"), f"{where}.orientation")
    return Frame(name, str(parent), Transform(vec, rotation), moving)  # type: ignore[arg-type]


class FrameSystem:
    """Frames by name; every chain must end at ``world``."""

    def __init__(self, frames: Iterable[Frame]) -> None:
        self.frames: dict[str, Frame] = {}
        for frame in frames:
            self.frames[frame.name] = frame

    def with_supplemental(self, transforms: Iterable[common_pb2.Transform]) -> FrameSystem:
        extra = [Frame(t.reference_frame, t.pose_in_observer_frame.reference_frame or WORLD,
                       Transform.from_pose(t.pose_in_observer_frame.pose)) for t in transforms]
        return FrameSystem([*self.frames.values(), *extra])

    def in_world(self, name: str) -> Transform:
        """The transform from ``name``'s coordinates to world's."""
        result = Transform()
        seen: list[str] = []
        while name != WORLD:
            frame = self.frames.get(name)
            if frame is None:
                missing = f"frame {shorten(name)!r}" + (f" (parent of {seen[-1]!r})" if seen else "")
                raise ResourceNotFoundError(f"{missing} is not in the frame system; frames: "
                                    f"{', '.join(sorted([WORLD, *self.frames]))}")
            if name in seen:
                raise InvalidArgumentError(f"frame {name!r} is its own ancestor: {' -> '.join([*seen, name])}")
            seen.append(name)
            result = frame.step().compose(result)
            name = frame.parent
        return result

    def transform_pose(self, pose: common_pb2.Pose, source: str, destination: str) -> common_pb2.Pose:
        world = self.in_world(source).compose(Transform.from_pose(pose))
        return self.in_world(destination).inverse().compose(world).to_pose()

    def pose_of(self, name: str, destination: str = "") -> common_pb2.PoseInFrame:
        """Where frame ``name``'s origin is, in ``destination`` (world when empty): GetPose's answer."""
        destination = destination or WORLD
        return common_pb2.PoseInFrame(reference_frame=destination,
                                      pose=self.transform_pose(common_pb2.Pose(o_z=1), name, destination))


def live_frame_system(resources: Iterable[Any], lookup: Callable[[Any], Any],
                      supplemental: Iterable[common_pb2.Transform] = ()) -> FrameSystem:
    """The configured frames (``resources``: ResourceConfigs), each kinematic one at its current motion.

    ``lookup(name)`` returns a built resource; one with ``kinematic_transform()`` (a built-in arm)
    adds its motion after its fixed frame. Supplemental transforms from a request come on top.
    """
    configured = []
    for config in resources:
        if config.frame:
            configured.append(frame_from_config(config.name, config.frame, f"{config.json_path or config.name}.frame",
                                                moving=_motion_of(lookup, config.resource_name)))
    return FrameSystem(configured).with_supplemental(supplemental)


def _motion_of(lookup: Callable[[Any], Any], name: Any) -> Transform | None:
    try:
        resource = lookup(name)
    except Exception:  # noqa: BLE001 - not built (or not local): its frame stays static
        return None
    current = getattr(resource, "kinematic_transform", None)
    if not callable(current):
        return None
    translation, rotation = current()
    return Transform(translation, rotation)
