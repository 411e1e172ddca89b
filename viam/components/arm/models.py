"""Built-in arm models for the fake arm's ``arm-model`` attribute (dimensions from the makers' data,
as the reference's kinematics files give them; their collision geometries are left out, as our
ArmModel has none)."""

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

# Universal Robots UR7e: the reference's ur7e.json has the UR5e's links and axes; only the elbow
# turns further (-360..360 degrees).
UR7E = {
    "name": "UR7e",
    "kinematic_param_type": "SVA",
    "links": UR5E["links"],
    "joints": [
        _joint("shoulder_pan_joint", "base_link", (0, 0, 1), -360, 360),
        _joint("shoulder_lift_joint", "shoulder_link", (0, -1, 0), -360, 360),
        _joint("elbow_joint", "upper_arm_link", (0, -1, 0), -360, 360),
        _joint("wrist_1_joint", "forearm_link", (0, -1, 0), -360, 360),
        _joint("wrist_2_joint", "wrist_1_link", (0, 0, -1), -360, 360),
        _joint("wrist_3_joint", "wrist_2_link", (0, -1, 0), -360, 360),
    ],
}


def _euler(roll: float, pitch: float, yaw: float) -> dict[str, Any]:
    return {"type": "euler_angles", "value": {"pitch": pitch, "roll": roll, "yaw": yaw}}


# Universal Robots UR20: every joint turns about its own z; the links carry the turns (radians,
# as the reference's ur20.json gives them). At all-zero joints the arm lies along -x.
UR20 = {
    "name": "UR20",
    "kinematic_param_type": "SVA",
    "links": [
        _link("base_link", "world", z=236.3, orientation=_euler(0, 0, 0)),
        _link("shoulder_link", "shoulder_pan_joint", orientation=_euler(1.570796327, 0, 0)),
        _link("upper_arm_link", "shoulder_lift_joint", x=-862),
        _link("forearm_link", "elbow_joint", x=-728.7, z=201),
        _link("wrist_1_link", "wrist_1_joint", y=-159.3, orientation=_euler(1.570796327, 0, 0)),
        _link("wrist_2_link", "wrist_2_joint", y=154.29999999999998,
              orientation=_euler(1.570796326589793, 3.141592653589793, 3.141592653589793)),
        _link("wrist_3_link", "wrist_3_joint"),
    ],
    "joints": [
        _joint("shoulder_pan_joint", "base_link", (0, 0, 1), -360, 360),
        _joint("shoulder_lift_joint", "shoulder_link", (0, 0, 1), -360, 360),
        _joint("elbow_joint", "upper_arm_link", (0, 0, 1), -180, 180),
        _joint("wrist_1_joint", "forearm_link", (0, 0, 1), -360, 360),
        _joint("wrist_2_joint", "wrist_1_link", (0, 0, 1), -360, 360),
        _joint("wrist_3_joint", "wrist_2_link", (0, 0, 1), -360, 360),
    ],
}

# UFactory xArm 6: the Lite 6's layout with longer links; at all-zero joints the flange points down.
XARM6 = {
    "name": "xArm6",
    "links": [
        _link("base", "world"),
        _link("base_top", "waist", z=267),
        _link("upper_arm", "shoulder", x=53.5, z=284.5),
        _link("upper_forearm", "elbow", x=77.5, z=-172.5),
        _link("lower_forearm", "forearm_rot", z=-170),
        _link("wrist_link", "wrist", x=76, z=-97),
        _link("gripper_mount", "gripper_rot",
              orientation={"type": "ov_degrees", "value": {"x": 0, "y": 0, "z": -1, "th": 0}}),
    ],
    "joints": [
        _joint("waist", "base", (0, 0, 1), -359, 359),
        _joint("shoulder", "base_top", (0, 1, 0), -118, 120),
        _joint("elbow", "upper_arm", (0, 1, 0), -225, 10),
        _joint("forearm_rot", "upper_forearm", (0, 0, -1), -359, 359),
        _joint("wrist", "lower_forearm", (0, 1, 0), -97, 179),
        _joint("gripper_rot", "wrist_link", (0, 0, -1), -359, 359),
    ],
}

# UFactory xArm 7: the xArm 6 with a rotation in the upper arm (seven joints).
XARM7 = {
    "name": "xArm7",
    "links": [
        _link("base", "world"),
        _link("base_top", "waist", z=267),
        _link("base_arm_link", "shoulder", z=200),
        _link("upper_arm", "upper_arm_rot", x=52.5, z=93),
        _link("upper_forearm", "elbow", x=77.5, z=-172.5),
        _link("lower_forearm", "forearm_rot", z=-170),
        _link("wrist_link", "wrist", x=76, z=-97),
        _link("gripper_mount", "gripper_rot",
              orientation={"type": "ov_degrees", "value": {"x": 0, "y": 0, "z": -1, "th": 0}}),
    ],
    "joints": [
        _joint("waist", "base", (0, 0, 1), -359, 359),
        _joint("shoulder", "base_top", (0, 1, 0), -117.5, 120),
        _joint("upper_arm_rot", "base_arm_link", (0, 0, 1), -359, 359),
        _joint("elbow", "upper_arm", (0, -1, 0), -11, 225),
        _joint("forearm_rot", "upper_forearm", (0, 0, -1), -359, 359),
        _joint("wrist", "lower_forearm", (0, 1, 0), -97, 179),
        _joint("gripper_rot", "wrist_link", (0, 0, -1), -359, 359),
    ],
}


def _dh(id_: str, parent: str, a: float, d: float, alpha: float, low: float, high: float) -> dict[str, Any]:
    return {"id": id_, "parent": parent, "a": a, "d": d, "alpha": alpha, "max": high, "min": low}


# Yahboom DOFBOT: five joints in Denavit-Hartenberg form (a, d mm; alpha degrees), as the
# reference's dofbot.json gives them; at all-zero joints the arm points straight along +x.
DOFBOT = {
    "name": "dofbot",
    "kinematic_param_type": "DH",
    "dhParams": [
        _dh("j1", "world", 0, 115, -90, -180, 180),
        _dh("j2", "j1", 82.85, 0, 0, -180, 180),
        _dh("j3", "j2", 82.85, 0, 0, -180, 180),
        _dh("j4", "j3", 82.85, 0, 0, -180, 180),
        _dh("j5", "j4", 0, 0, 90, -180, 180),
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

# The names as the reference's `arm-model` spells them (components/arm/kinematics): matched exactly,
# case included ("xArm6" or "UR5e" is unknown).
ARM_MODELS: dict[str, dict[str, Any]] = {
    "fake": FAKE, "ur5e": UR5E, "ur7e": UR7E, "ur20": UR20, "xarm6": XARM6, "xarm7": XARM7, "lite6": LITE6,
    "dofbot": DOFBOT,
}


def arm_model(name: str) -> ArmModel:
    try:
        data = ARM_MODELS[name]
    except KeyError:
        raise KeyError(f"arm cannot be created, unsupported arm-model: {name}") from None  # the reference's words
    return ArmModel.from_json(data, name)
