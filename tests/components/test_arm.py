"""The fake arm: kinematics (orientation vectors, forward and inverse), limits, and the official SDK."""

import math

import pytest

from tests.conftest import run_sdk_script
from viam.components.arm import Arm, JointPositions, Pose, TrajectoryPoint
from viam.components.arm.kinematics import ArmModel, KinematicsError, ov_to_quat, quat_to_ov
from viam.components.arm.models import arm_model
from viam.errors import InvalidArgumentError

CONFIG = {"components": [
    {"name": "arm1", "api": "rdk:component:arm", "model": "rdk:builtin:fake", "attributes": {"arm-model": "lite6"}},
    {"name": "ur", "api": "rdk:component:arm", "model": "rdk:builtin:fake", "attributes": {"arm-model": "ur5e"}},
    {"name": "bare", "api": "rdk:component:arm", "model": "rdk:builtin:fake", "attributes": {}},
]}


@pytest.mark.parametrize("ov", [(0, 0, 1, 0), (0, 0, -1, 30), (1, 0, 0, 45), (0.3, -0.5, 0.2, -100), (0, 1, 0, 170)])
def test_orientation_vectors_round_trip(ov):
    back = quat_to_ov(ov_to_quat(*ov))
    norm = math.sqrt(sum(c * c for c in ov[:3]))
    assert back[:3] == pytest.approx([c / norm for c in ov[:3]], abs=1e-9)
    assert back[3] == pytest.approx(ov[3], abs=1e-6)


def test_forward_and_inverse_kinematics_of_lite6():
    model = arm_model("lite6")
    assert model.dof == 6
    home = model.end_pose([0] * 6)  # the flange hangs straight down in front of the shoulder
    assert (home.x, home.y, home.z) == pytest.approx((87, 0, 154.2))
    assert (home.o_x, home.o_y, home.o_z) == pytest.approx((0, 0, -1))
    turned = model.end_pose([90, 0, 0, 0, 0, 0])  # the waist turns the whole arm about z
    assert (turned.x, turned.y, turned.z) == pytest.approx((0, 87, 154.2), abs=1e-9)
    target = model.end_pose([10, 20, 30, 40, 50, 60])
    solved = model.end_pose(model.solve(target, [0] * 6))
    assert (solved.x, solved.y, solved.z) == pytest.approx((target.x, target.y, target.z), abs=0.05)
    assert (solved.o_x, solved.o_y, solved.o_z) == pytest.approx((target.o_x, target.o_y, target.o_z), abs=1e-3)
    with pytest.raises(KinematicsError, match="no joint solution"):
        model.solve(type(target)(5000, 0, 0, 0, 0, 1, 0), [0] * 6)
    with pytest.raises(KinematicsError, match="'shoulder': 150° is outside -149..149°"):
        model.check([0, 150, 0, 0, 0, 0])
    with pytest.raises(KinematicsError, match="has 6 joints, got 2"):
        model.check([0, 0])


def test_ur5e_zero_pose():
    home = arm_model("ur5e").end_pose([0] * 6)  # stretched out along -x at shoulder height
    assert (home.x, home.y, home.z) == pytest.approx((-817.2, -232.9, 62.8))
    assert (home.o_x, home.o_y, home.o_z) == pytest.approx((0, -1, 0), abs=1e-9)


def test_bad_models_are_refused():
    with pytest.raises(KinematicsError, match="does not lead back to 'world'"):
        ArmModel.from_json({"links": [{"id": "a", "parent": "nowhere"}]})
    with pytest.raises(KeyError, match="unsupported arm-model: ur99"):
        arm_model("ur99")


async def test_fake_arm_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    arm = Arm.from_robot(robot, "arm1")
    await arm.move_to_joint_positions(JointPositions(values=[0, 0, 90, 0, 0, 0]))
    assert list((await arm.get_joint_positions()).values) == [0, 0, 90, 0, 0, 0]
    pose = await arm.get_end_position()
    await arm.move_to_joint_positions(JointPositions(values=[0] * 6))
    await arm.move_to_position(pose)
    reached = await arm.get_end_position()
    assert (reached.x, reached.y, reached.z) == pytest.approx((pose.x, pose.y, pose.z), abs=0.05)
    with pytest.raises(InvalidArgumentError, match="has 6 joints, got 1 values"):
        await arm.move_to_joint_positions(JointPositions(values=[1]))
    bare = Arm.from_robot(robot, "bare")
    # rdk's default "fake" kinematics: one joint about z at (500, 0, 300) mm.
    assert list((await bare.get_joint_positions()).values) == [0]
    assert (await bare.get_end_position()) == Pose(x=500, z=300, o_z=1)
    await bare.move_to_joint_positions(JointPositions(values=[90]))
    end = await bare.get_end_position()
    assert (end.x, end.y, end.z, end.o_z, end.theta) == pytest.approx((500, 0, 300, 1, 90))
    assert (await arm.get_properties()).support_cartesian_commands

    async def batches():  # the streamed trajectory through our client: the real bidi RPC
        for i in range(1, 3):
            yield [TrajectoryPoint(positions=JointPositions(values=[float(i)] * 6))]

    assert [ack async for ack in arm.move_through_joint_positions_streamed(batches())] == [None, None]
    assert list((await arm.get_joint_positions()).values) == [2.0] * 6


async def test_both_arm_model_and_model_path_is_a_config_error(start_machine, connect, tmp_path):
    config = {"components": [{"name": "bad", "api": "rdk:component:arm", "model": "fake",
                              "attributes": {"arm-model": "lite6", "model-path": str(tmp_path / "m.json")}}]}
    robot = await connect(await start_machine(config))
    errors = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
    assert "can only populate either ArmModel or ModelPath - not both" in errors["bad"]


async def test_zero_joint_model_is_refused_with_the_reference_message(start_machine, connect, tmp_path):
    path = tmp_path / "nothing.json"
    path.write_text('{"name": "n", "links": [{"id": "l", "parent": "world"}], "joints": []}')
    config = {"components": [{"name": "bad", "api": "rdk:component:arm", "model": "fake",
                              "attributes": {"model-path": str(path)}}]}
    robot = await connect(await start_machine(config))
    errors = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
    assert "fake arm built with zero degrees-of-freedom, nothing will show up on the Control tab" in errors["bad"]


@pytest.mark.sdk
def test_fake_arm_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "arm.py", server.address).strip().endswith("ok")
