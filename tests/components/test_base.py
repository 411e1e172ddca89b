"""The Base API: the fake base, and the wheeled base over fake motors (motion math, one
operation at a time, stop on a cancelled call and on session expiry), through our client."""

import asyncio
import math

import pytest

from builtin_modules.base.wheeled import differential_drive, spin_inputs, straight_inputs, velocity_rpms
from tests.conftest import run_sdk_script
from viam.components.base import Base, BaseProperties, Vector3
from viam.components.motor import Motor
from viam.gen.component.base.v1 import base_pb2, base_pb2_grpc
from viam.gen.robot.v1 import robot_pb2
from viam.gen.robot.v1.robot_pb2_grpc import RobotServiceStub

# 100 mm wheels, 200 mm track: 1 mm/s of travel is 0.6 rpm.
# Each fake motor reports positions through its own fake encoder (as rdk's fake motor does).
FAKE_MOTORS = [{"name": n, "api": "rdk:component:motor", "model": "rdk:builtin:fake",
                "attributes": {"max_rpm": 1000, "encoder": f"{n}-enc", "ticks_per_rotation": 100}}
               for n in ("l1", "l2", "r1", "r2")]
FAKE_MOTORS += [{"name": f"{n}-enc", "api": "rdk:component:encoder", "model": "rdk:builtin:fake"}
                for n in ("l1", "l2", "r1", "r2")]
WHEELED = {"name": "rover", "api": "rdk:component:base", "model": "rdk:builtin:wheeled",
           "attributes": {"left": ["l1", "l2"], "right": ["r1", "r2"], "width_mm": 200,
                          "wheel_circumference_mm": 100}}
CONFIG = {"components": [
    {"name": "base1", "api": "rdk:component:base", "model": "rdk:builtin:fake", "attributes": {}},
    *FAKE_MOTORS, WHEELED]}


def test_motion_math_matches_the_reference():
    assert straight_inputs(300, 100, 100) == (60.0, 3.0)
    assert straight_inputs(-300, 100, 100) == (60.0, -3.0)
    rpm, revs = spin_inputs(90, 45, 200, 100, 1.0)  # a quarter of a 200 mm circle: 50*pi mm of wheel travel
    assert revs == pytest.approx(50 * math.pi / 100) and rpm == pytest.approx(revs / 90 * 45 * 60)
    rpm, revs = spin_inputs(-90, 45, 200, 100, 2.0)
    assert revs == pytest.approx(math.pi) and rpm < 0
    left, right = velocity_rpms(100, 0, 200, 100)
    assert left == pytest.approx(60) and right == pytest.approx(60)
    left, right = velocity_rpms(0, 90, 200, 100)  # turning left: left wheel back, right forward
    assert left == pytest.approx(-right) and right == pytest.approx(100 * math.pi / 2 / 100 * 60)
    assert differential_drive(1, 0) == pytest.approx((1, 1))
    assert differential_drive(0, 1) == pytest.approx((-1, 1))
    assert differential_drive(-1, 0) == pytest.approx((-1, -1))
    assert differential_drive(0.5, 0.5)[0] == pytest.approx(0, abs=1e-9)


async def test_fake_base_accepts_every_command(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    base = Base.from_robot(robot, "base1")
    await base.move_straight(100, 50)
    await base.spin(90, 45)
    await base.set_power(Vector3(y=0.5), Vector3(z=-0.2))
    await base.set_velocity(Vector3(y=100), Vector3(z=10))
    assert (await base.get_status())["last_command"] == {
        "set_velocity": {"linear": {"x": 0, "y": 100, "z": 0}, "angular": {"x": 0, "y": 0, "z": 10}}}
    await base.stop()
    assert not await base.is_moving()
    assert await base.get_properties() == BaseProperties(0.6, 0.0, 0.0)
    assert await base.do_command({"a": 1}) == {"a": 1}
    assert await base.get_geometries() == []


async def test_fake_base_and_gripper_report_their_frame_geometry(start_machine, connect):
    """rdk's fake base and gripper answer GetGeometries with the config's frame.geometry."""
    from viam.components.gripper import Gripper

    frame = {"parent": "world", "geometry": {"type": "box", "x": 300, "y": 200, "z": 100, "label": "chassis",
                                             "translation": {"x": 0, "y": 0, "z": 50},
                                             "orientation": {"type": "ov_degrees",
                                                             "value": {"x": 0, "y": 0, "z": 2, "th": 90}}}}
    config = {"components": [
        {"name": "shaped", "api": "rdk:component:base", "model": "rdk:builtin:fake", "frame": frame},
        {"name": "claw", "api": "rdk:component:gripper", "model": "rdk:builtin:fake",
         "frame": {"parent": "world", "geometry": {"r": 10, "l": 50}}},  # no type: a capsule, as inferred
        {"name": "bad", "api": "rdk:component:base", "model": "rdk:builtin:fake",
         "frame": {"parent": "world", "geometry": {"type": "sphere", "r": -1}}},
    ]}
    robot = await connect(await start_machine(config))
    [box] = await Base.from_robot(robot, "shaped").get_geometries()
    assert box.label == "chassis" and (box.box.dims_mm.x, box.box.dims_mm.y, box.box.dims_mm.z) == (300, 200, 100)
    assert (box.center.z, box.center.o_z, box.center.theta) == (50, 1, 90)
    [capsule] = await Gripper.from_robot(robot, "claw").get_geometries()
    assert (capsule.capsule.radius_mm, capsule.capsule.length_mm) == (10, 50)
    errors = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
    assert "frame.geometry.r: sphere radius r must be positive" in errors["bad"]


async def _positions(robot, *names):
    return [await Motor.from_robot(robot, n).get_position() for n in names]


async def test_wheeled_base_drives_its_motors(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    await (await start_machine_ready(robot, "rover"))
    rover = Base.from_robot(robot, "rover")
    assert await rover.get_properties() == BaseProperties(0.2, 0.0, 0.1)
    await asyncio.wait_for(rover.move_straight(50, 250), 5)  # 0.5 rev at 150 rpm: 0.2 s
    assert await _positions(robot, "l1", "l2", "r1", "r2") == pytest.approx([0.5] * 4, abs=0.02)
    assert not await rover.is_moving()
    await asyncio.wait_for(rover.spin(90, 180), 5)  # each wheel 50*pi mm: 1.571 rev
    quarter = 50 * math.pi / 100
    assert await _positions(robot, "l1", "r1") == pytest.approx([0.5 - quarter, 0.5 + quarter], abs=0.03)
    await rover.set_velocity(Vector3(y=100), Vector3())  # 60 rpm each side, until told otherwise
    assert await rover.is_moving()
    await rover.set_power(Vector3(y=0.5), Vector3())
    l1, r1 = Motor.from_robot(robot, "l1"), Motor.from_robot(robot, "r1")
    assert (await l1.is_powered())[1] == pytest.approx(0.5) and (await r1.is_powered())[1] == pytest.approx(0.5)
    await rover.set_power(Vector3(), Vector3(z=1))
    assert (await l1.is_powered())[1] == pytest.approx(-1) and (await r1.is_powered())[1] == pytest.approx(1)
    await rover.stop()
    assert not await rover.is_moving()


async def start_machine_ready(robot, name):
    """Wait until ``name`` is served (the wheeled base lives in a built-in module started on demand)."""
    async def wait():
        for _ in range(300):
            status = await robot.get_machine_status()
            states = {s.name.name: s for s in status.resources}
            if name in states and states[name].state == robot_pb2.ResourceStatus.STATE_READY:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{name} never became ready: {states.get(name)}")
    return wait()


async def test_a_new_command_or_stop_ends_a_move_and_a_cancelled_call_stops_the_motors(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    await (await start_machine_ready(robot, "rover"))
    rover = Base.from_robot(robot, "rover")
    long_move = asyncio.create_task(rover.move_straight(10_000, 100))  # 100 s
    await asyncio.sleep(0.2)
    assert await rover.is_moving()
    await rover.stop()
    await asyncio.wait_for(long_move, 2)  # ends quietly
    assert not await rover.is_moving()

    long_move = asyncio.create_task(rover.move_straight(10_000, 100))
    await asyncio.sleep(0.2)
    long_move.cancel()  # the client gives up on the call: the base stops its motors
    with pytest.raises(asyncio.CancelledError):
        await long_move
    for _ in range(100):
        if not await rover.is_moving():
            break
        await asyncio.sleep(0.02)
    assert not await rover.is_moving()
    stopped = await _positions(robot, "l1", "r2")
    await asyncio.sleep(0.1)
    assert await _positions(robot, "l1", "r2") == stopped


async def test_session_expiry_stops_a_move(start_machine, connect):
    machine = await start_machine({**CONFIG, "network": {"sessions": {"heartbeat_window": "300ms"}}})
    robot = await connect(machine)
    await (await start_machine_ready(robot, "rover"))
    sid = (await RobotServiceStub(robot.channel).StartSession(robot_pb2.StartSessionRequest())).id
    stub = base_pb2_grpc.BaseServiceStub(robot.channel)
    moving = asyncio.ensure_future(stub.MoveStraight(base_pb2.MoveStraightRequest(
        name="rover", distance_mm=10_000, mm_per_sec=100), metadata=(("viam-sid", sid),)))
    await asyncio.sleep(0.1)
    assert await Base.from_robot(robot, "rover").is_moving()
    await asyncio.wait_for(moving, 3)  # no heartbeats: the session expires and Stop ends the move
    assert not await Base.from_robot(robot, "rover").is_moving()
    assert (await _positions(robot, "l1"))[0] < 10


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"left": ["l1"], "right": ["r1", "r2"], "width_mm": 1, "wheel_circumference_mm": 1},
     "attributes.right: left and right need to have the same number of motors, not 1 vs 2"),
    ({"left": ["l1"], "right": ["r1"], "wheel_circumference_mm": 1},
     "attributes.width_mm: width_mm is required"),
    ({"right": ["r1"], "width_mm": 1, "wheel_circumference_mm": 1},
     "attributes.left: left is required"),
])
async def test_bad_wheeled_config_names_the_path(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:base", "model": "rdk:builtin:wheeled",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    for _ in range(200):
        errors = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
        if errors.get("bad"):
            break
        await asyncio.sleep(0.05)
    assert expected in errors["bad"]


@pytest.mark.sdk
def test_bases_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "base.py", server.address).strip().endswith("ok")
