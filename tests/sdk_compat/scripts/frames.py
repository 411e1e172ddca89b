"""Frame system through the official RobotClient: config, get_pose, transform_pose, errors.

argv: ADDRESS. Frames (see ``test_robot_api.py``): motor1 at (100, 0, 0) in world turned 90 degrees
about z; camera1 at (0, 50, 0) in motor1; board1 has no frame.
"""

import asyncio
import math

from compat_common import check, connect, expect_error
from grpclib import Status

from viam.proto.common import Pose, PoseInFrame, Transform


def near(pose: Pose, **want: float) -> bool:
    got = {k: getattr(pose, k) for k in ("x", "y", "z", "o_x", "o_y", "o_z", "theta")}
    return all(math.isclose(got[k], v, abs_tol=1e-6) for k, v in want.items())


async def main() -> None:
    robot = await connect()
    try:
        configs = {c.frame.reference_frame: c.frame.pose_in_observer_frame for c in
                   await robot.get_frame_system_config()}
        check(set(configs) == {"motor1", "camera1"}, f"frames {set(configs)}")
        check(configs["motor1"].reference_frame == "world" and near(configs["motor1"].pose, x=100, o_z=1, theta=90),
              f"motor1 frame {configs['motor1']}")
        check(configs["camera1"].reference_frame == "motor1" and near(configs["camera1"].pose, y=50, o_z=1),
              f"camera1 frame {configs['camera1']}")

        in_world = await robot.get_pose("camera1")  # destination defaults to world
        check(in_world.reference_frame == "world" and near(in_world.pose, x=50, y=0, z=0, o_z=1, theta=90),
              f"camera1 in world {in_world}")
        in_motor = await robot.get_pose("camera1", "motor1")
        check(near(in_motor.pose, x=0, y=50, theta=0), f"camera1 in motor1 {in_motor}")
        world_in_camera = await robot.get_pose("world", "camera1")
        check(near(world_in_camera.pose, x=0, y=50, z=0, theta=-90), f"world in camera1 {world_in_camera}")

        # A point 10 mm along camera1's x axis, in world (o_z=0 as in the SDK's docs: unrotated).
        moved = await robot.transform_pose(PoseInFrame(reference_frame="camera1", pose=Pose(x=10)), "world")
        check(moved.reference_frame == "world" and near(moved.pose, x=50, y=10, z=0, theta=90), f"moved {moved}")
        same = await robot.transform_pose(PoseInFrame(reference_frame="world", pose=Pose(x=1, y=2, z=3, o_z=1)),
                                          "world")
        check(near(same.pose, x=1, y=2, z=3, o_z=1, theta=0), f"world to world {same}")

        gripper = Transform(reference_frame="gripper",
                            pose_in_observer_frame=PoseInFrame(reference_frame="camera1", pose=Pose(z=5, o_z=1)))
        supplemented = await robot.get_pose("gripper", "world", [gripper])
        check(near(supplemented.pose, x=50, y=0, z=5, theta=90), f"supplemental frame {supplemented}")
        listed = {c.frame.reference_frame for c in await robot.get_frame_system_config([gripper])}
        check(listed == {"motor1", "camera1", "gripper"}, f"with additional transforms {listed}")

        await expect_error(robot.get_pose("board1", "world"), Status.NOT_FOUND, "'board1' is not in the frame system")
        await expect_error(robot.transform_pose(PoseInFrame(reference_frame="nowhere", pose=Pose()), "world"),
                           Status.NOT_FOUND, "nowhere")
        await expect_error(robot.transform_pcd(b"", "camera1", "world"), Status.UNIMPLEMENTED)
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
