"""Drive the fake lite6 arm through the official SDK: joints, end pose, MoveToPosition, kinematics."""

import asyncio
import json

from grpclib import Status
from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.arm import Arm, JointPositions, Pose


async def main() -> None:
    robot = await connect()
    try:
        arm = Arm.from_robot(robot, "arm1")
        joints = await arm.get_joint_positions()
        check(list(joints.values) == [0.0] * 6, f"starts at zero: {joints}")
        pose = await arm.get_end_position()
        check(abs(pose.x - 87) < 1e-6 and abs(pose.z - 154.2) < 1e-6 and abs(pose.o_z + 1) < 1e-9,
              f"zero pose {pose}")
        await arm.move_to_joint_positions(JointPositions(values=[10, 20, 30, 40, 50, 60]))
        moved = await arm.get_end_position()
        check(abs(moved.x - pose.x) > 10, f"end moved: {moved}")
        try:
            await arm.move_to_joint_positions(JointPositions(values=[0, 200, 0, 0, 0, 0]))
            raise AssertionError("a joint beyond its limit was accepted")
        except GRPCError as exc:
            check(exc.status == Status.INVALID_ARGUMENT and "outside" in (exc.message or ""), str(exc))
        await arm.move_to_joint_positions(JointPositions(values=[0] * 6))
        await arm.move_to_position(Pose(x=moved.x, y=moved.y, z=moved.z, o_x=moved.o_x, o_y=moved.o_y,
                                        o_z=moved.o_z, theta=moved.theta))
        reached = await arm.get_end_position()
        check(all(abs(getattr(reached, f) - getattr(moved, f)) < 0.1 for f in ("x", "y", "z")),
              f"MoveToPosition reached {reached}, wanted {moved}")
        await arm.move_through_joint_positions([JointPositions(values=[5] * 6), JointPositions(values=[1] * 6)])
        check(list((await arm.get_joint_positions()).values) == [1.0] * 6, "ends at the last waypoint")
        kinematics = await arm.get_kinematics()
        check(kinematics[0] == 1 and json.loads(kinematics[1])["name"] == "lite6", f"kinematics {kinematics[:2]}")
        check(not await arm.is_moving(), "not moving")
        await arm.stop()
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
