"""Fake arm (``rdk:builtin:fake``): joints move at once; the end pose follows from real kinematics.

Attributes, as the reference's fake: ``arm-model`` (a built-in model, spelled exactly as the
reference's: ``fake``, ``ur5e``, ``ur7e``, ``ur20``, ``xarm6``, ``xarm7``, ``lite6``, ``dofbot``; any other
is refused with "arm cannot be created, unsupported arm-model: <name>") or ``model-path`` (an SVA or
DH kinematics JSON file), not both ("can only populate either ArmModel or ModelPath - not both");
with neither, the reference's ``fake`` model: one revolute joint about z at (500, 0, 300) mm; a
model with no joints is refused with the reference's message. GetKinematics answers format SVA and
the model's JSON, as the reference answers its file's bytes (SVA even for the DH dofbot). Joint
values outside the model's limits, or of the wrong count, are refused; MoveToPosition solves the
inverse kinematics from the current joints.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from typing import Any

from viam.components.arm.api import Arm, JointPositions, Pose
from viam.components.arm.kinematics import ArmModel, KinematicsError
from viam.components.arm.kinematics import Pose as KPose
from viam.components.arm.models import ARM_MODELS, arm_model
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.resource.base import Extra
from viam.resource.registry import Dependencies

KINEMATICS_FILE_FORMAT_SVA = 1
ZERO_DOF = ("fake arm built with zero degrees-of-freedom, nothing will show up on the Control tab you have either "
            "given a kinematics file that resulted in a zero degrees-of-freedom arm or omitted boththe arm-model and "
            "model-path from attributes")  # the reference's message, word for word


def _model(config: ResourceConfig) -> tuple[ArmModel, dict[str, Any] | None]:
    name, path = config.attributes.get("arm-model"), config.attributes.get("model-path")
    if name and path:
        raise config.error("can only populate either ArmModel or ModelPath - not both", "attributes")
    try:
        if path:
            model = ArmModel.from_path(str(path))
            kinematics = json.loads(open(str(path)).read())  # noqa: SIM115 - read once, small file
        else:
            name = str(name or "fake")  # the reference's default kinematics
            model, kinematics = arm_model(name), ARM_MODELS[name]
    except KeyError as exc:
        raise config.error(str(exc.args[0]), "attributes.arm-model") from None
    except KinematicsError as exc:
        raise config.error(str(exc), "attributes.model-path") from None
    if model.dof == 0:
        raise config.error(ZERO_DOF, "attributes.model-path")
    return model, kinematics


class FakeArm(Arm):
    ATTRIBUTES: tuple[str, ...] = ("arm-model", "model-path")

    def __init__(self, name: str, model: ArmModel, kinematics: Mapping[str, Any] | None = None) -> None:
        super().__init__(name)
        self.model = model
        self.kinematics = kinematics
        self.joints = [0.0] * model.dof

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        _model(config)
        return [], []

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> FakeArm:
        return cls(config.name, *_model(config))

    def kinematic_transform(self) -> tuple[tuple[float, float, float], tuple[float, float, float, float]]:
        """The end effector in the arm's base frame now: where the frame system hangs the arm's children."""
        return self.model.transform(self.joints)

    async def get_end_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Pose:
        p = self.model.end_pose(self.joints)
        return Pose(x=p.x, y=p.y, z=p.z, o_x=p.o_x, o_y=p.o_y, o_z=p.o_z, theta=p.theta)

    async def move_to_position(self, pose: Pose, *, extra: Extra = None, timeout: float | None = None,
                               **kwargs: Any) -> None:
        target = KPose(pose.x, pose.y, pose.z, pose.o_x, pose.o_y, pose.o_z, pose.theta)
        try:
            # Solving takes milliseconds to a couple of seconds (unreachable poses): keep it off the loop.
            self.joints = await asyncio.to_thread(self.model.solve, target, list(self.joints))
        except KinematicsError as exc:
            raise InvalidArgumentError(f"arm {self.name!r}: {exc}") from None

    async def get_joint_positions(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> JointPositions:
        return JointPositions(values=self.joints)

    async def move_to_joint_positions(self, positions: JointPositions, *, extra: Extra = None,
                                      timeout: float | None = None, **kwargs: Any) -> None:
        values = list(positions.values)
        try:
            self.model.check(values)
        except KinematicsError as exc:
            raise InvalidArgumentError(f"arm {self.name!r}: {exc}") from None
        self.joints = values

    async def get_kinematics(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> tuple[int, bytes]:
        data = json.dumps(self.kinematics or {"name": self.name, "links": [], "joints": []}).encode()
        return KINEMATICS_FILE_FORMAT_SVA, data

    async def stop(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> None:
        pass

    async def is_moving(self) -> bool:
        return False

    async def do_command(self, command: Mapping[str, Any], *, timeout: float | None = None,
                         **kwargs: Any) -> Mapping[str, Any]:
        return dict(command)

    async def get_status(self) -> Mapping[str, Any]:
        p = self.model.end_pose(self.joints)
        return {"joint_positions": list(self.joints), "is_moving": False,
                "end_position": {"x": p.x, "y": p.y, "z": p.z, "o_x": p.o_x, "o_y": p.o_y, "o_z": p.o_z,
                                 "theta": p.theta}}
