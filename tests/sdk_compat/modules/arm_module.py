"""Official-SDK module serving an arm whose streamed trajectory (a bidi RPC) acks every batch."""

import asyncio
from typing import ClassVar

from viam.module.module import Module
from viam.resource.easy_resource import EasyResource
from viam.resource.types import Model, ModelFamily

from viam.components.arm import Arm, JointPositions, KinematicsFileFormat, Pose


class StreamArm(Arm, EasyResource):
    MODEL: ClassVar[Model] = Model(ModelFamily("acme", "compat"), "stream-arm")
    joints: ClassVar[list[float]] = [0.0] * 6

    async def get_end_position(self, *, extra=None, timeout=None, **kwargs):
        return Pose(x=1, y=2, z=3)

    async def move_to_position(self, pose, *, extra=None, timeout=None, **kwargs):
        pass

    async def move_to_joint_positions(self, positions, *, extra=None, timeout=None, **kwargs):
        self.joints = list(positions.values)

    async def move_through_joint_positions(self, positions, *, extra=None, timeout=None, **kwargs):
        self.joints = list(positions[-1].values)

    async def move_through_joint_positions_streamed(self, batches, *, extra=None, timeout=None, **kwargs):
        # One ack per batch, sent as soon as the batch is taken: the client sees them while it streams.
        async for batch in batches:
            self.joints = list(batch[-1].positions)
            yield Arm.TrajectoryUpdate()

    async def get_joint_positions(self, *, extra=None, timeout=None, **kwargs):
        return JointPositions(values=self.joints)

    async def stop(self, *, extra=None, timeout=None, **kwargs):
        pass

    async def is_moving(self):
        return False

    async def get_kinematics(self, *, extra=None, timeout=None, **kwargs):
        return KinematicsFileFormat.KINEMATICS_FILE_FORMAT_SVA, b"{}"

    async def get_geometries(self, *, extra=None, timeout=None, **kwargs):
        return []

    async def get_3d_models(self, *, extra=None, timeout=None, **kwargs):
        return {}

    async def set_manual_mode(self, manual_mode, enabled_for=0, *, extra=None, timeout=None, **kwargs):
        pass

    async def get_manual_mode(self, *, extra=None, timeout=None, **kwargs):
        return False

    async def get_properties(self, *, extra=None, timeout=None, **kwargs):
        return Arm.Properties()


if __name__ == "__main__":
    asyncio.run(Module.run_from_registry())
