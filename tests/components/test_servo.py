"""The fake servo through our client (every RPC, limits, timed moves, session stop) and the SDK."""

import asyncio

import pytest

from tests.conftest import run_sdk_script
from viam.components.servo import Servo
from viam.errors import InvalidArgumentError, ResourceNotFoundError
from viam.gen.component.servo.v1 import servo_pb2, servo_pb2_grpc
from viam.gen.robot.v1 import robot_pb2
from viam.gen.robot.v1.robot_pb2_grpc import RobotServiceStub

CONFIG = {"components": [
    {"name": "servo1", "api": "rdk:component:servo", "model": "rdk:builtin:fake", "attributes": {}},
    {"name": "slow", "api": "rdk:component:servo", "model": "rdk:builtin:fake",
     "attributes": {"min_angle_deg": 10, "max_angle_deg": 170, "starting_position_deg": 90,
                    "speed_deg_per_sec": 100}},
]}


async def test_moves_instantly_within_limits(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    servo = Servo.from_robot(robot, "servo1")
    assert await servo.get_position() == 0, "starts at min_angle_deg"
    await servo.move(135)
    assert await servo.get_position() == 135
    assert not await servo.is_moving()
    await servo.move(180)
    assert await servo.get_position() == 180
    await servo.move(181)  # rdk's fake servo has no limits
    assert await servo.get_position() == 181
    await servo.move(180)
    with pytest.raises(InvalidArgumentError, match="angle -5 is negative"):
        await servo.move(-5)
    assert await servo.get_position() == 180, "a refused move leaves the servo where it was"
    await servo.stop()
    assert await servo.do_command({"a": {"b": [1, 2]}}) == {"a": {"b": [1, 2]}}
    assert await servo.get_status() == {"position_deg": 180, "is_moving": False}
    assert await servo.get_geometries() == []


async def test_timed_move_reports_progress_and_stop_interrupts_it(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    servo = Servo.from_robot(robot, "slow")
    assert await servo.get_position() == 90
    with pytest.raises(InvalidArgumentError, match=r"outside 10..170° \(min_angle_deg..max_angle_deg\)"):
        await servo.move(5)
    await asyncio.wait_for(servo.move(100), 2)  # 10° at 100°/s: returns once there
    assert await servo.get_position() == 100 and not await servo.is_moving()
    moving = asyncio.create_task(servo.move(170))  # 0.7 s
    await asyncio.sleep(0.2)
    assert await servo.is_moving()
    midway = await servo.get_position()
    assert 100 < midway < 170
    await servo.stop()
    await asyncio.wait_for(moving, 2)
    stopped_at = await servo.get_position()
    assert midway <= stopped_at < 170 and not await servo.is_moving()
    await asyncio.sleep(0.1)
    assert await servo.get_position() == stopped_at, "a stopped servo stays put"


async def test_session_expiry_stops_a_move(start_machine, connect):
    machine = await start_machine({**CONFIG, "network": {"sessions": {"heartbeat_window": "200ms"}}})
    robot = await connect(machine)
    sessions = RobotServiceStub(robot.channel)
    sid = (await sessions.StartSession(robot_pb2.StartSessionRequest())).id
    servos = servo_pb2_grpc.ServoServiceStub(robot.channel)
    moving = asyncio.ensure_future(servos.Move(servo_pb2.MoveRequest(name="slow", angle_deg=10),
                                               metadata=(("viam-sid", sid),)))  # 0.8 s
    await asyncio.sleep(0.05)
    assert await Servo.from_robot(robot, "slow").is_moving()
    await asyncio.wait_for(moving, 2)  # the session expires without heartbeats: Stop ends the move early
    position = await Servo.from_robot(robot, "slow").get_position()
    assert 10 < position < 90 and not await Servo.from_robot(robot, "slow").is_moving()


async def test_unknown_servo_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no servo named 'nope'"):
        Servo.from_robot(robot, "nope")


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"min_angle_deg": 90, "max_angle_deg": 90},
     "components[0].attributes.max_angle_deg: max_angle_deg (90) must be greater than min_angle_deg (90)"),
    ({"min_angle_deg": -1}, "components[0].attributes.min_angle_deg: min_angle_deg must be a whole number"),
    ({"max_angle_deg": 180, "starting_position_deg": 200},
     "components[0].attributes.starting_position_deg: starting_position_deg 200"),
    ({"speed_deg_per_sec": "quick"}, "components[0].attributes.speed_deg_per_sec: speed_deg_per_sec must be"),
])
async def test_bad_attributes_name_the_path(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:servo", "model": "fake",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    status = await robot.get_machine_status()
    assert expected in {s.name.name: s.error for s in status.resources}["bad"]


@pytest.mark.sdk
def test_fake_servo_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "servo.py", server.address).strip().endswith("ok")
