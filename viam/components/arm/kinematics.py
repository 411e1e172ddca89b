"""Serial-chain kinematics for arm models: quaternions, orientation vectors, forward and inverse kinematics.

A model is the reference's "SVA" kinematics layout: ``links`` (fixed transforms: translation in mm,
optional orientation: ``ov_degrees`` or ``euler_angles`` in radians) and revolute ``joints`` (axis,
min/max in degrees), each naming its parent; the chain runs from ``world`` to the one frame nothing
else names as parent. The reference's "DH" layout (``dhParams``: a, d mm, alpha degrees, min/max)
becomes, per entry, a joint ``<id>_j`` about z and a link ``<id>`` at (a, 0, d) turned alpha about x,
as the reference builds it. Joint values are degrees, in chain order. Poses are (x, y, z mm,
orientation vector ox, oy, oz, theta degrees), the convention of ``common.v1.Pose``.
Pure Python: the fake arm runs without numpy.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Quat = tuple[float, float, float, float]  # (w, x, y, z)
Vec = tuple[float, float, float]
_POLE = 1e-4  # the reference's angle epsilon near the orientation-vector pole


class KinematicsError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)


# -- quaternions ------------------------------------------------------------------------------
def qmul(a: Quat, b: Quat) -> Quat:
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return (aw * bw - ax * bx - ay * by - az * bz, aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx, aw * bz + ax * by - ay * bx + az * bw)


def qconj(q: Quat) -> Quat:
    return (q[0], -q[1], -q[2], -q[3])


def rotate(q: Quat, v: Vec) -> Vec:
    _, x, y, z = qmul(qmul(q, (0.0, *v)), qconj(q))
    return (x, y, z)


def axis_angle(axis: Vec, angle_rad: float) -> Quat:
    norm = math.sqrt(sum(c * c for c in axis)) or 1.0
    s = math.sin(angle_rad / 2) / norm
    return (math.cos(angle_rad / 2), axis[0] * s, axis[1] * s, axis[2] * s)


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _norm(a: Vec) -> float:
    return math.sqrt(_dot(a, a))


def ov_to_quat(ox: float, oy: float, oz: float, theta_deg: float) -> Quat:
    """Orientation vector (degrees) to a quaternion: ZYZ Euler angles (longitude, latitude, theta)."""
    n = math.sqrt(ox * ox + oy * oy + oz * oz)
    if n == 0:
        ox, oy, oz, n = 0.0, 0.0, 1.0, 1.0
    ox, oy, oz = ox / n, oy / n, oz / n
    lat = math.acos(max(-1.0, min(1.0, oz)))
    lon = math.atan2(oy, ox) if 1 - abs(oz) > _POLE else 0.0
    z = (0.0, 0.0, 1.0)
    return qmul(qmul(axis_angle(z, lon), axis_angle((0.0, 1.0, 0.0), lat)), axis_angle(z, math.radians(theta_deg)))


def euler_to_quat(roll: float, pitch: float, yaw: float) -> Quat:
    """Euler angles (radians, z-y'-x'': yaw, then pitch, then roll) to a quaternion, as the reference."""
    return qmul(qmul(axis_angle((0.0, 0.0, 1.0), yaw), axis_angle((0.0, 1.0, 0.0), pitch)),
                axis_angle((1.0, 0.0, 0.0), roll))


def _orientation(o: Mapping[str, Any], where: str) -> Quat:
    v = o.get("value") or {}
    if o.get("type") in ("ov_degrees", None):
        return ov_to_quat(v.get("x", 0), v.get("y", 0), v.get("z", 1), v.get("th", 0))
    if o.get("type") == "euler_angles":
        return euler_to_quat(v.get("roll", 0), v.get("pitch", 0), v.get("yaw", 0))
    raise KinematicsError(f"{where}: orientation type {o.get('type')!r} is not supported (ov_degrees, euler_angles)")


def _dh_frames(params: Sequence[Mapping[str, Any]]) -> dict[str, tuple[str, Frame]]:
    """The reference's DH entries as frames: joint ``<id>_j`` about z, then link ``<id>`` at (a, 0, d)
    turned ``alpha`` degrees about x (the standard DH step Rz(theta) Tz(d) Tx(a) Rx(alpha))."""
    frames: dict[str, tuple[str, Frame]] = {}
    for dh in params:
        joint_id = f"{dh['id']}_j"
        frames[joint_id] = (dh["parent"], Frame(joint_id, axis=(0.0, 0.0, 1.0), min_deg=float(dh.get("min", -360)),
                                                max_deg=float(dh.get("max", 360))))
        frames[dh["id"]] = (joint_id, Frame(dh["id"], (float(dh.get("a", 0)), 0.0, float(dh.get("d", 0))),
                                            axis_angle((1.0, 0.0, 0.0), math.radians(dh.get("alpha", 0)))))
    return frames


def quat_to_ov(q: Quat) -> tuple[float, float, float, float]:
    """Quaternion to an orientation vector (ox, oy, oz, theta degrees), as the reference computes it."""
    new_x = rotate(q, (-1.0, 0.0, 0.0))
    new_z = rotate(q, (0.0, 0.0, 1.0))
    if 1 - abs(new_z[2]) > _POLE:
        norm1 = _cross(new_z, new_x)
        norm2 = _cross(new_z, (0.0, 0.0, 1.0))
        cos_theta = max(-1.0, min(1.0, _dot(norm1, norm2) / (_norm(norm1) * _norm(norm2))))
        theta = math.acos(cos_theta)
        if theta > _POLE:
            test_z = rotate(axis_angle(new_z, -theta), (0.0, 0.0, 1.0))
            norm3 = _cross(new_z, test_z)
            cos_test = _dot(norm1, norm3) / (_norm(norm1) * _norm(norm3))
            theta = -theta if 1 - cos_test < _POLE * _POLE else theta
        else:
            theta = 0.0
    else:
        theta = -math.atan2(new_x[1], -new_x[0])
        if new_z[2] < 0:
            theta = -math.atan2(new_x[1], new_x[0])
    theta = math.degrees(theta)
    return (*new_z, 0.0 if theta == 0 else theta)


# -- the model --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    id: str
    translation: Vec = (0.0, 0.0, 0.0)
    orientation: Quat = (1.0, 0.0, 0.0, 0.0)
    axis: Vec | None = None  # set for a revolute joint
    min_deg: float = -360.0
    max_deg: float = 360.0


@dataclass(frozen=True)
class Pose:
    x: float
    y: float
    z: float
    o_x: float
    o_y: float
    o_z: float
    theta: float


class ArmModel:
    """A serial chain of fixed links and revolute joints (world first)."""

    def __init__(self, name: str, chain: Sequence[Frame]) -> None:
        self.name = name
        self.chain = list(chain)
        self.joints = [f for f in self.chain if f.axis is not None]

    @property
    def dof(self) -> int:
        return len(self.joints)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: str = "model") -> ArmModel:
        param_type = data.get("kinematic_param_type") or "SVA"
        if param_type not in ("SVA", "DH"):
            raise KinematicsError(f"{source}: unsupported param type: {param_type}, supported params are SVA and DH")
        try:
            frames: dict[str, tuple[str, Frame]] = _dh_frames(data.get("dhParams", [])) if param_type == "DH" else {}
            for link in data.get("links", []) if param_type == "SVA" else []:
                t = link.get("translation") or {}
                orientation = (1.0, 0.0, 0.0, 0.0)
                if link.get("orientation"):
                    orientation = _orientation(link["orientation"], f"{source}: link {link['id']!r}")
                frames[link["id"]] = (link["parent"], Frame(link["id"], (t.get("x", 0.0), t.get("y", 0.0),
                                                                          t.get("z", 0.0)), orientation))
            for joint in data.get("joints", []) if param_type == "SVA" else []:
                if joint.get("type", "revolute") != "revolute":
                    raise KinematicsError(f"{source}: joint {joint['id']!r}: only revolute joints are supported")
                a = joint["axis"]
                frames[joint["id"]] = (joint["parent"], Frame(
                    joint["id"], axis=(a.get("x", 0.0), a.get("y", 0.0), a.get("z", 0.0)),
                    min_deg=float(joint.get("min", -360)), max_deg=float(joint.get("max", 360))))
        except (KeyError, TypeError, AttributeError) as exc:
            raise KinematicsError(f"{source}: bad kinematics: missing or malformed {exc}") from None
        parents = {parent for parent, _ in frames.values()}
        ends = [fid for fid in frames if fid not in parents]
        if len(ends) != 1:
            raise KinematicsError(f"{source}: expected one end frame, found {ends or 'none'}")
        chain: list[Frame] = []
        current = ends[0]
        while current != "world":
            if current not in frames or len(chain) > len(frames):
                raise KinematicsError(f"{source}: frame {current!r} does not lead back to 'world'")
            parent, frame = frames[current]
            chain.append(frame)
            current = parent
        return cls(str(data.get("name", source)), list(reversed(chain)))

    @classmethod
    def from_path(cls, path: str | Path) -> ArmModel:
        try:
            return cls.from_json(json.loads(Path(path).read_text()), str(path))
        except (OSError, json.JSONDecodeError) as exc:
            raise KinematicsError(f"cannot read kinematics {path}: {exc}") from None

    def check(self, joints_deg: Sequence[float]) -> None:
        if len(joints_deg) != self.dof:
            raise KinematicsError(f"arm model {self.name!r} has {self.dof} joints, got {len(joints_deg)} values")
        for frame, value in zip(self.joints, joints_deg, strict=True):
            if not frame.min_deg - 1e-9 <= value <= frame.max_deg + 1e-9:
                raise KinematicsError(f"joint {frame.id!r}: {value:g}° is outside "
                                      f"{frame.min_deg:g}..{frame.max_deg:g}°")

    def transform(self, joints_deg: Sequence[float]) -> tuple[Vec, Quat]:
        """Position (mm) and orientation of the end frame."""
        position: Vec = (0.0, 0.0, 0.0)
        orientation: Quat = (1.0, 0.0, 0.0, 0.0)
        values = iter(joints_deg)
        for frame in self.chain:
            if frame.axis is not None:
                orientation = qmul(orientation, axis_angle(frame.axis, math.radians(next(values))))
            else:
                offset = rotate(orientation, frame.translation)
                position = (position[0] + offset[0], position[1] + offset[1], position[2] + offset[2])
                orientation = qmul(orientation, frame.orientation)
        return position, orientation

    def end_pose(self, joints_deg: Sequence[float]) -> Pose:
        position, orientation = self.transform(joints_deg)
        return Pose(*position, *quat_to_ov(orientation))

    def solve(self, target: Pose, seed_deg: Sequence[float], *, attempts: int = 12) -> list[float]:
        """Joint values (degrees) reaching ``target``: damped least squares from ``seed_deg``, then
        from fixed pseudo-random seeds within the limits (deterministic, so a pose always solves alike)."""
        if self.dof == 0:
            raise KinematicsError(f"arm model {self.name!r} has no joints to move")
        rng = random.Random(0)
        seeds = [list(seed_deg)]
        for _ in range(attempts - 1):
            seeds.append([rng.uniform(max(j.min_deg, -180), min(j.max_deg, 180)) for j in self.joints])
        for seed in seeds:
            solution = self._solve_from(target, seed)
            if solution is not None:
                return solution
        raise KinematicsError(f"no joint solution reaches ({target.x:g}, {target.y:g}, {target.z:g}) mm "
                              f"for arm model {self.name!r}")

    def _solve_from(self, target: Pose, seed_deg: Sequence[float], iterations: int = 200,
                    tolerance_mm: float = 0.01) -> list[float] | None:
        goal_q = ov_to_quat(target.o_x, target.o_y, target.o_z, target.theta)
        goal_p = (target.x, target.y, target.z)
        joints = [math.radians(v) for v in seed_deg]
        scale = 200.0  # mm per radian of orientation error: weighs rotation against translation

        def error(values: list[float]) -> list[float]:
            p, q = self.transform([math.degrees(v) for v in values])
            dq = qmul(goal_q, qconj(q))
            if dq[0] < 0:
                dq = (-dq[0], -dq[1], -dq[2], -dq[3])
            s = math.sqrt(dq[1] ** 2 + dq[2] ** 2 + dq[3] ** 2)
            angle = 2 * math.atan2(s, dq[0])
            rot = [0.0, 0.0, 0.0] if s < 1e-12 else [c / s * angle * scale for c in dq[1:]]
            return [goal_p[0] - p[0], goal_p[1] - p[1], goal_p[2] - p[2], *rot]

        for _ in range(iterations):
            e = error(joints)
            if max(abs(c) for c in e) < tolerance_mm:
                break
            jac = []
            for i in range(self.dof):
                bumped = list(joints)
                bumped[i] += 1e-6
                eb = error(bumped)
                jac.append([(e[k] - eb[k]) / 1e-6 for k in range(6)])  # d(pose)/d(joint i)
            # (J J^T + lambda I) y = e ; step = J^T y   (J is 6 x dof, stored as columns)
            damping = 1e-2 + 1e-4 * sum(c * c for c in e)
            a = [[sum(jac[i][r] * jac[i][c] for i in range(self.dof)) + (damping if r == c else 0.0)
                  for c in range(6)] for r in range(6)]
            y = _solve(a, e)
            for i in range(self.dof):
                joints[i] += sum(jac[i][k] * y[k] for k in range(6))
            for i, frame in enumerate(self.joints):
                joints[i] = max(math.radians(frame.min_deg), min(math.radians(frame.max_deg), joints[i]))
        else:
            return None
        return [math.degrees(v) for v in joints]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (6 x 6)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x
