"""The fake arm: kinematics (orientation vectors, forward and inverse), limits, and the official SDK."""

import json
import math

import pytest

from tests.conftest import run_sdk_script
from viam.components.arm import Arm, JointPositions, Pose, TrajectoryPoint
from viam.components.arm.fake import KINEMATICS_FILE_FORMAT_SVA
from viam.components.arm.kinematics import ArmModel, KinematicsError, ov_to_quat, quat_to_ov
from viam.components.arm.models import ARM_MODELS, arm_model
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


# The end pose at all-zero joints of each model the reference's fake arm adds to lite6/ur5e, worked
# out by hand from the link numbers in rdk's components/arm/kinematics/<model>.json:
# (joint count, (x, y, z) mm, (o_x, o_y, o_z, theta)).
ZERO_POSES = {
    # ur7e.json: the UR5e's links: base z 162.5; upper arm x -425; forearm x -392.2; wrist_1 y -133.3;
    # wrist_2 z -99.7; ee y -99.6 turned to ov (0, -1, 0, 90): x -425-392.2, y -133.3-99.6, z 162.5-99.7.
    "ur7e": (6, (-817.2, -232.9, 62.8), (0, -1, 0, 90)),
    # ur20.json: base z 236.3; shoulder roll +90 deg (local y -> world z, local z -> world -y); upper arm
    # x -862; forearm (-728.7, 0, 201) -> world (-728.7, -201, 0); wrist_1 y -159.3 -> world z -159.3,
    # roll +90 more (Rx 180); wrist_2 y 154.3 -> world y -154.3, turned (roll 90, pitch 180, yaw 180) =
    # Rx 270, so Rx 90 overall: z axis -> -y, x stays x (ov (0, -1, 0, 90)).
    # x -862-728.7, y -201-154.3, z 236.3-159.3.
    "ur20": (6, (-1590.7, -355.3, 77.0), (0, -1, 0, 90)),
    # xarm6.json: base_top z 267; upper arm (53.5, 0, 284.5); upper forearm (77.5, 0, -172.5); lower
    # forearm z -170; wrist (76, 0, -97); gripper mount ov (0, 0, -1): x 53.5+77.5+76, z 267+284.5-172.5-170-97.
    "xarm6": (6, (207.0, 0.0, 112.0), (0, 0, -1, 0)),
    # xarm7.json: base_top z 267; base_arm z 200; upper arm (52.5, 0, 93); upper forearm (77.5, 0, -172.5);
    # lower forearm z -170; wrist (76, 0, -97); gripper mount ov (0, 0, -1): x 52.5+77.5+76,
    # z 267+200+93-172.5-170-97.
    "xarm7": (7, (206.0, 0.0, 120.5), (0, 0, -1, 0)),
    # dofbot.json (DH): j1 d 115, alpha -90; j2..j4 a 82.85, alpha 0; j5 alpha +90 (undoes j1's turn):
    # x 3 x 82.85, z 115, pointing +z.
    "dofbot": (5, (248.55, 0.0, 115.0), (0, 0, 1, 0)),
}


@pytest.mark.parametrize("name", sorted(ZERO_POSES))
def test_reference_models_zero_pose(name):
    dof, position, orientation = ZERO_POSES[name]
    model = arm_model(name)
    assert model.dof == dof
    home = model.end_pose([0] * dof)
    assert (home.x, home.y, home.z) == pytest.approx(position, abs=1e-6)
    assert (home.o_x, home.o_y, home.o_z, home.theta) == pytest.approx(orientation, abs=1e-6)


def test_reference_model_limits_and_dh_joints():
    # Joint limits as the reference files give them (ur7e's elbow turns further than ur5e's).
    assert [(j.min_deg, j.max_deg) for j in arm_model("ur7e").joints][2] == (-360, 360)
    assert [(j.min_deg, j.max_deg) for j in arm_model("xarm6").joints] == [
        (-359, 359), (-118, 120), (-225, 10), (-359, 359), (-97, 179), (-359, 359)]
    assert arm_model("xarm7").joints[1].min_deg == -117.5
    dofbot = arm_model("dofbot")
    assert [j.id for j in dofbot.joints] == ["j1_j", "j2_j", "j3_j", "j4_j", "j5_j"]  # the reference's DH names
    turned = dofbot.end_pose([90, 0, 0, 0, 0])  # j1 turns the arm about the vertical: now along +y
    assert (turned.x, turned.y, turned.z) == pytest.approx((0, 248.55, 115), abs=1e-9)
    raised = dofbot.end_pose([0, -90, 0, 0, 0])  # j2 about the (turned) z = world +y: the arm stands up
    assert (raised.x, raised.y, raised.z) == pytest.approx((0, 0, 115 + 248.55), abs=1e-9)


def test_bad_models_are_refused():
    with pytest.raises(KinematicsError, match="does not lead back to 'world'"):
        ArmModel.from_json({"links": [{"id": "a", "parent": "nowhere"}]})
    with pytest.raises(KinematicsError, match="unsupported param type: XYZ"):
        ArmModel.from_json({"kinematic_param_type": "XYZ", "links": []})
    for name in ("ur99", "xArm6", "UR5e", "Lite6"):  # matched exactly, case included, as the reference
        with pytest.raises(KeyError, match=f"^'arm cannot be created, unsupported arm-model: {name}'$"):
            arm_model(name)


async def test_unknown_arm_model_is_refused_with_the_reference_message(start_machine, connect):
    config = {"components": [{"name": "bad", "api": "rdk:component:arm", "model": "fake",
                              "attributes": {"arm-model": "xArm7"}}]}
    robot = await connect(await start_machine(config))
    errors = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
    assert "arm cannot be created, unsupported arm-model: xArm7" in errors["bad"]


async def test_xarm7_through_our_client(start_machine, connect):
    config = {"components": [{"name": "x7", "api": "rdk:component:arm", "model": "rdk:builtin:fake",
                              "attributes": {"arm-model": "xarm7"}}]}
    robot = await connect(await start_machine(config))
    arm = Arm.from_robot(robot, "x7")
    assert list((await arm.get_joint_positions()).values) == [0] * 7
    home = await arm.get_end_position()
    assert (home.x, home.y, home.z, home.o_z) == pytest.approx((206, 0, 120.5, -1))  # as ZERO_POSES
    await arm.move_to_joint_positions(JointPositions(values=[0, 10, 20, 30, 40, 50, 60]))
    pose = await arm.get_end_position()
    await arm.move_to_joint_positions(JointPositions(values=[0] * 7))
    await arm.move_to_position(pose)
    reached = await arm.get_end_position()
    assert (reached.x, reached.y, reached.z) == pytest.approx((pose.x, pose.y, pose.z), abs=0.05)
    with pytest.raises(InvalidArgumentError, match="'elbow': -12° is outside -11..225°"):
        await arm.move_to_joint_positions(JointPositions(values=[0, 0, 0, -12, 0, 0, 0]))
    fmt, data = await arm.get_kinematics()
    assert fmt == KINEMATICS_FILE_FORMAT_SVA
    assert json.loads(data) == ARM_MODELS["xarm7"] and json.loads(data)["name"] == "xArm7"


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


async def test_frames_hang_from_the_arm_end_at_its_current_joints(start_machine, connect):
    """As the reference's model frames: GetPose of the arm is its end effector now, children move with it."""
    import grpc

    from viam.gen.common.v1 import common_pb2
    from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc

    machine = await start_machine({"components": [
        {"name": "bare", "api": "rdk:component:arm", "model": "rdk:builtin:fake",
         "frame": {"parent": "world", "translation": {"x": 100, "y": 0, "z": 0}}},
        {"name": "grip", "api": "rdk:component:gripper", "model": "rdk:builtin:fake",
         "frame": {"parent": "bare", "translation": {"x": 10, "y": 0, "z": 0}}}]})
    async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
        stub = robot_pb2_grpc.RobotServiceStub(channel)

        async def pose(name: str) -> tuple[float, ...]:
            p = (await stub.GetPose(robot_pb2.GetPoseRequest(component_name=name, destination_frame="world"))).pose.pose
            return tuple(round(v, 6) for v in (p.x, p.y, p.z, p.o_z, p.theta))

        # rdk's default fake kinematics: one joint about z, its end at (500, 0, 300) mm from the base.
        assert await pose("bare") == (600, 0, 300, 1, 0)
        assert await pose("grip") == (610, 0, 300, 1, 0)
        await Arm.from_robot(await connect(machine), "bare").move_to_joint_positions(JointPositions(values=[90]))
        assert await pose("bare") == (600, 0, 300, 1, 90)
        assert await pose("grip") == (600, 10, 300, 1, 90), "the gripper did not turn with the arm's joint"
        moved = await stub.TransformPose(robot_pb2.TransformPoseRequest(
            source=common_pb2.PoseInFrame(reference_frame="grip", pose=common_pb2.Pose(x=1, o_z=1)),
            destination="world"))
        assert (round(moved.pose.pose.x, 6), round(moved.pose.pose.y, 6)) == (600, 11)

