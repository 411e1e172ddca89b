"""Built-in arm models for the fake arm's ``arm-model`` attribute (dimensions from the makers' data,
as the reference's kinematics files give them)."""

from __future__ import annotations

from typing import Any

from viam.components.arm.kinematics import ArmModel


def _link(id_: str, parent: str, x: float = 0.0, y: float = 0.0, z: float = 0.0, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "parent": parent, "translation": {"x": x, "y": y, "z": z}, **extra}


def _joint(id_: str, parent: str, axis: tuple[float, float, float], low: float, high: float) -> dict[str, Any]:
    return {"id": id_, "type": "revolute", "parent": parent, "axis": dict(zip("xyz", axis, strict=True)),
            "min": low, "max": high}


# UFactory Lite 6: six revolute joints; at all-zero joints the flange points straight down.
LITE6 = {
    "name": "lite6",
    "links": [
        _link("base", "world"),
        _link("base_top", "waist", z=243.3),
        _link("upper_arm", "shoulder", z=200),
        _link("upper_forearm", "elbow", x=87),
        _link("lower_forearm_filler", "forearm_rot"),
        _link("lower_forearm", "lower_forearm_filler", z=-227.6),
        _link("wrist_link", "wrist", z=-61.5),
        _link("gripper_mount", "gripper_rot",
              orientation={"type": "ov_degrees", "value": {"x": 0, "y": 0, "z": -1, "th": 0}}),
    ],
    "joints": [
        _joint("waist", "base", (0, 0, 1), -359, 359),
        _joint("shoulder", "base_top", (0, 1, 0), -149, 149),
        _joint("elbow", "upper_arm", (0, -1, 0), -3, 299),
        _joint("forearm_rot", "upper_forearm", (0, 0, -1), -359, 359),
        _joint("wrist", "lower_forearm", (0, 1, 0), -124, 124),
        _joint("gripper_rot", "wrist_link", (0, 0, -1), -359, 359),
    ],
}

# Universal Robots UR5e: at all-zero joints the arm lies along -x, the tool flange pointing -y.
UR5E = {
    "name": "UR5e",
    "links": [
        _link("base_link", "world", z=162.5),
        _link("shoulder_link", "shoulder_pan_joint"),
        _link("upper_arm_link", "shoulder_lift_joint", x=-425),
        _link("forearm_link", "elbow_joint", x=-392.2),
        _link("wrist_1_link", "wrist_1_joint", y=-133.3),
        _link("wrist_2_link", "wrist_2_joint", z=-99.7),
        _link("ee_link", "wrist_3_joint", y=-99.6,
              orientation={"type": "ov_degrees", "value": {"x": 0, "y": -1, "z": 0, "th": 90}}),
    ],
    "joints": [
        _joint("shoulder_pan_joint", "base_link", (0, 0, 1), -360, 360),
        _joint("shoulder_lift_joint", "shoulder_link", (0, -1, 0), -360, 360),
        _joint("elbow_joint", "upper_arm_link", (0, -1, 0), -180, 180),
        _joint("wrist_1_joint", "forearm_link", (0, -1, 0), -360, 360),
        _joint("wrist_2_joint", "wrist_1_link", (0, 0, -1), -360, 360),
        _joint("wrist_3_joint", "wrist_2_link", (0, -1, 0), -360, 360),
    ],
}

# The reference's "fake" kinematics (used when neither arm-model nor model-path is given): one
# revolute joint about z at (500, 0, 300) mm, -360..360 degrees.
FAKE = {
    "name": "fake_arm",
    "links": [_link("base_link", "world", x=500, z=300,
                    orientation={"type": "ov_degrees", "value": {"x": 0, "y": 0, "z": 1, "th": 0}})],
    "joints": [_joint("shoulder_pan_joint", "base_link", (0, 0, 1), -360, 360)],
}

ARM_MODELS: dict[str, dict[str, Any]] = {"fake": FAKE, "lite6": LITE6, "ur5e": UR5E}


def arm_model(name: str) -> ArmModel:
    try:
        return ArmModel.from_json(ARM_MODELS[name], name)
    except KeyError:
        raise KeyError(f"fake arm cannot be created, unsupported arm-model: {name} "
                       f"(supported: {', '.join(sorted(ARM_MODELS))})") from None
