"""The builtin motion service, configured as `{"api": "rdk:service:motion"}` (named builtin, model builtin)."""

from __future__ import annotations

import pytest

from viam.components.arm import Arm
from viam.errors import NotSupportedError, ResourceNotFoundError
from viam.gen.common.v1 import common_pb2
from viam.resource.names import API, ResourceName
from viam.robot import frames
from viam.services.motion import MotionClient

ARM = {"name": "bare", "api": "rdk:component:arm", "model": "rdk:builtin:fake",
       "frame": {"parent": "world", "translation": {"x": 100, "y": 0, "z": 0}}}
GRIPPER = {"name": "grip", "api": "rdk:component:gripper", "model": "rdk:builtin:fake",
           "frame": {"parent": "lite", "translation": {"x": 0, "y": 0, "z": 10}}}
LITE6 = {"name": "lite", "api": "rdk:component:arm", "model": "rdk:builtin:fake",
         "attributes": {"arm-model": "lite6"}, "frame": {"parent": "world", "translation": {"x": 0, "y": 500, "z": 0}}}


MOTION = {"api": "rdk:service:motion"}  # as Viam's docs: no name, no model -> builtin / rdk:builtin:builtin


def _xyz(pose: common_pb2.Pose) -> tuple[float, float, float]:
    return (pose.x, pose.y, pose.z)


async def test_the_builtin_motion_service_with_nothing_to_move(start_machine, connect):
    machine = await start_machine({"services": [MOTION]})
    assert ResourceName(API.service("motion"), "builtin") in machine.resource_names()
    robot = await connect(machine)
    motion = MotionClient.from_robot(robot, "builtin")
    assert await motion.list_plan_statuses() == []
    with pytest.raises(ResourceNotFoundError, match="no plan"):
        await motion.get_plan("anything")


async def test_a_named_motion_service(start_machine):
    machine = await start_machine({"services": [{"name": "mover", "api": "rdk:service:motion"}]})
    names = [n for n in machine.resource_names() if n.api == API.service("motion")]
    assert names == [ResourceName(API.service("motion"), "mover")]


async def test_get_pose_and_move_an_arm_and_what_hangs_from_it(start_machine, connect):
    robot = await connect(await start_machine({"components": [ARM, GRIPPER, LITE6], "services": [MOTION]}))
    motion = MotionClient.from_robot(robot, "builtin")
    pose = await motion.get_pose("bare", "world")  # rdk's default fake kinematics: its end 500 mm out, 300 up
    assert pose.reference_frame == "world" and _xyz(pose.pose) == pytest.approx((600, 0, 300))
    # The lite6's end, 20 mm lower, in world coordinates: the arm solves it and reports the pose.
    lite = Arm.from_robot(robot, "lite")
    start = await motion.get_pose("lite", "world")
    goal = common_pb2.Pose(x=start.pose.x, y=start.pose.y, z=start.pose.z - 20, o_x=start.pose.o_x,
                           o_y=start.pose.o_y, o_z=start.pose.o_z, theta=start.pose.theta)
    assert await motion.move("lite", common_pb2.PoseInFrame(reference_frame="world", pose=goal))
    reached = await motion.get_pose("lite", "world")
    assert _xyz(reached.pose) == pytest.approx(_xyz(goal), abs=0.1)
    end = await lite.get_end_position()  # in the arm's base frame: 500 mm back along y
    assert (end.x, end.y + 500, end.z) == pytest.approx(_xyz(goal), abs=0.1)
    # A destination in another frame: 5 mm along the gripper's own x (the gripper hangs from the lite6).
    grip_before = await motion.get_pose("grip", "world")
    assert await motion.move("grip", common_pb2.PoseInFrame(reference_frame="grip",
                                                            pose=common_pb2.Pose(x=5, o_z=1)))
    grip_after = await motion.get_pose("grip", "world")
    expected = frames.Transform.from_pose(grip_before.pose).compose(frames.Transform((5.0, 0.0, 0.0)))
    assert _xyz(grip_after.pose) == pytest.approx(expected.translation, abs=0.1)
    moved = [a - b for a, b in zip(_xyz(grip_after.pose), _xyz(grip_before.pose), strict=True)]
    assert sum(d * d for d in moved) == pytest.approx(25, abs=0.5)  # 5 mm, whichever way its x points


async def test_what_needs_a_planner_is_refused_not_ignored(start_machine, connect):
    camera = {"name": "cam", "api": "rdk:component:camera", "model": "fake", "frame": {"parent": "world"}}
    robot = await connect(await start_machine({"components": [ARM, camera], "services": [MOTION]}))
    motion = MotionClient.from_robot(robot, "builtin")
    target = common_pb2.PoseInFrame(reference_frame="world", pose=common_pb2.Pose(x=600, z=300, o_z=1))
    box = common_pb2.Geometry(box=common_pb2.RectangularPrism(dims_mm=common_pb2.Vector3(x=1, y=1, z=1)))
    obstacles = common_pb2.WorldState(obstacles=[common_pb2.GeometriesInFrame(reference_frame="world",
                                                                              geometries=[box])])
    with pytest.raises(NotSupportedError, match="obstacles"):
        await motion.move("bare", target, world_state=obstacles)
    with pytest.raises(NotSupportedError, match="not moved by an arm"):
        await motion.move("cam", target)


def test_motion_through_official_sdk(viam_server, viam_sdk_python):
    from tests.conftest import run_sdk_script

    server = viam_server({"components": [LITE6], "services": [MOTION]})
    assert run_sdk_script(viam_sdk_python, "motion.py", server.address).strip().endswith("ok")
