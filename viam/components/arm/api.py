"""Arm: a jointed manipulator; joints in degrees, end poses in mm with an orientation vector."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from viam.components.resource_rpc import FromRobot
from viam.gen.common.v1.common_pb2 import Pose
from viam.gen.component.arm.v1.arm_pb2 import JointPositions, MoveOptions, TrajectoryPoint
from viam.resource.base import Actuator, Extra, Resource
from viam.resource.names import API

__all__ = ["Arm", "ArmProperties", "JointPositions", "MoveOptions", "Pose", "TrajectoryPoint"]


@dataclass(frozen=True)
class ArmProperties:
    support_manual_mode: bool = False
    support_cartesian_commands: bool = True


class Arm(FromRobot, Resource, Actuator):
    """Subclasses implement every abstract method plus ``stop`` and ``is_moving``."""

    API: ClassVar[API] = API.component("arm")

    @abstractmethod
    async def get_end_position(self, *, extra: Extra = None, timeout: float | None = None, **kwargs: Any) -> Pose: ...

    @abstractmethod
    async def move_to_position(self, pose: Pose, *, extra: Extra = None, timeout: float | None = None,
                               **kwargs: Any) -> None: ...

    @abstractmethod
    async def get_joint_positions(self, *, extra: Extra = None, timeout: float | None = None,
                                  **kwargs: Any) -> JointPositions: ...

    @abstractmethod
    async def move_to_joint_positions(self, positions: JointPositions, *, extra: Extra = None,
                                      timeout: float | None = None, **kwargs: Any) -> None: ...

    async def move_through_joint_positions(self, positions: Sequence[JointPositions],
                                           options: MoveOptions | None = None, *, extra: Extra = None,
                                           timeout: float | None = None, **kwargs: Any) -> None:
        """Visit each set of joint positions in turn (default: one MoveToJointPositions each)."""
        for step in positions:
            await self.move_to_joint_positions(step, extra=extra, timeout=timeout)

    async def move_through_joint_positions_streamed(
            self, batches: AsyncIterator[Sequence[TrajectoryPoint]], *, extra: Extra = None,
            timeout: float | None = None, **kwargs: Any) -> AsyncIterator[None]:
        """Follow a trajectory sent in batches; yield once per batch done (the server acks it).

        Default, as the reference's fake arm: go to each point in turn, ignoring its time and
        constraints (an arm with a time model overrides this).
        """
        async for batch in batches:
            for point in batch:
                await self.move_to_joint_positions(point.positions, extra=extra, timeout=timeout)
            yield None

    async def get_kinematics(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> tuple[int, bytes]:
        """(``common.v1.KinematicsFileFormat``, file bytes); none by default."""
        return 0, b""

    async def get_properties(self, *, extra: Extra = None, timeout: float | None = None,
                             **kwargs: Any) -> ArmProperties:
        return ArmProperties()
