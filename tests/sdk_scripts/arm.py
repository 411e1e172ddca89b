"""Drive the fake lite6 arm through the official SDK: joints, end pose, MoveToPosition, kinematics,
the streamed trajectory (bidi: each batch is sent only once the previous one was acked)."""

import asyncio
import json
from datetime import timedelta

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
        acked: asyncio.Queue[int] = asyncio.Queue()

        async def batches():
            for i in range(3):
                yield [Arm.TrajectoryPoint(time=timedelta(seconds=2 * i + k), positions=[float(2 * i + k)] * 6)
                       for k in range(2)]
                await asyncio.wait_for(acked.get(), 10)

        acks = 0
        async for _ in arm.move_through_joint_positions_streamed(batches()):
            acks += 1
            check(list((await arm.get_joint_positions()).values) == [2.0 * acks - 1] * 6, "at the batch's end")
            acked.put_nowait(acks)
        check(acks == 3, f"{acks} acks for 3 batches")

        async def out_of_reach():
            yield [Arm.TrajectoryPoint(time=timedelta(0), positions=[1000.0] * 6)]

        try:
            async for _ in arm.move_through_joint_positions_streamed(out_of_reach()):
                pass
            raise AssertionError("a point outside the joint limits was followed")
        except GRPCError as exc:
            check(exc.status == Status.INVALID_ARGUMENT and "outside" in (exc.message or ""), str(exc))
        kinematics = await arm.get_kinematics()
        check(kinematics[0] == 1 and json.loads(kinematics[1])["name"] == "lite6", f"kinematics {kinematics[:2]}")
        check(not await arm.is_moving(), "not moving")
        await arm.stop()
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
