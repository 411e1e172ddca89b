"""The builtin motion service through the official SDK: GetPose, Move of an arm to a world pose, plans."""

import asyncio

from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.proto.common import Pose, PoseInFrame
from viam.services.motion import MotionClient


async def main() -> None:
    robot = await connect()
    try:
        motion = MotionClient.from_robot(robot, "builtin")
        start = await motion.get_pose("lite", "world")
        check(start.reference_frame == "world" and abs(start.pose.y - 500 - 0) < 1000, f"pose {start}")
        goal = Pose(x=start.pose.x, y=start.pose.y, z=start.pose.z - 20, o_x=start.pose.o_x, o_y=start.pose.o_y,
                    o_z=start.pose.o_z, theta=start.pose.theta)
        check(await motion.move("lite", PoseInFrame(reference_frame="world", pose=goal)), "move answered success")
        reached = await motion.get_pose("lite", "world")
        check(abs(reached.pose.z - goal.z) < 0.1 and abs(reached.pose.x - goal.x) < 0.1, f"reached {reached}")
        check(list(await motion.list_plan_statuses()) == [], "no plans")
        try:
            await motion.get_plan("lite")
            raise AssertionError("a plan was found")
        except GRPCError as exc:
            check("no plan" in (exc.message or ""), f"get_plan error {exc.message}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
