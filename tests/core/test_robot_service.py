"""RobotService over real gRPC: status, versions, stop-all, operations, sessions, reflection."""

import asyncio
import time

import grpc
import pytest

from viam.components.catalog import register_builtins
from viam.components.motor import Motor
from viam.components.motor.fake import FakeMotor
from viam.config.model import ResourceConfig
from viam.errors import InvalidArgumentError
from viam.gen.robot.v1 import robot_pb2 as pb
from viam.gen.robot.v1.robot_pb2_grpc import RobotServiceStub
from viam.resource.names import API, Model
from viam.resource.registry import Registry

MOTORS = {"components": [
    {"name": "m1", "api": "rdk:component:motor", "model": "fake"},
    {"name": "m2", "api": "rdk:component:motor", "model": "fake", "depends_on": ["m1"]},
]}


async def test_names_subtypes_and_version(start_machine, connect):
    robot = await connect(await start_machine(MOTORS))
    assert sorted(n.name for n in robot.resource_names) == ["m1", "m2"]
    subtypes = await robot.resource_rpc_subtypes()
    assert [(s.subtype.subtype, s.proto_service) for s in subtypes] == [
        ("motor", "viam.component.motor.v1.MotorService")]
    version = await robot.get_version()
    assert version.platform == "viam-pi" and version.version.startswith("v")


async def test_stop_all_stops_every_actuator(start_machine, connect):
    robot = await connect(await start_machine(MOTORS))
    for name in ("m1", "m2"):
        await Motor.from_robot(robot, name).set_power(0.4)
    await robot.stop_all()
    for name in ("m1", "m2"):
        assert not await Motor.from_robot(robot, name).is_moving()


async def test_in_flight_call_is_listed_and_cancellable(start_machine, connect):
    robot = await connect(await start_machine(MOTORS))
    motor = Motor.from_robot(robot, "m1")
    moving = asyncio.create_task(motor.go_for(6, 10))  # 100 s at 6 rpm
    for _ in range(100):
        ops = await robot.get_operations()
        if ops:
            break
        await asyncio.sleep(0.02)
    assert [op.method for op in ops] == ["/viam.component.motor.v1.MotorService/GoFor"]
    stub = RobotServiceStub(robot.channel)
    await stub.CancelOperation(pb.CancelOperationRequest(id=ops[0].id))
    with pytest.raises(Exception):  # noqa: B017 - the cancelled call fails on the client side
        await asyncio.wait_for(moving, 5)
    assert await robot.get_operations() == []


class HandClock:
    """A session clock that moves only when the test says: expiry cannot race the scheduler."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


async def _wait_until(condition, what: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not await condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.02)


async def test_sessions_heartbeat_and_expiry(start_machine, connect):
    machine = await start_machine({**MOTORS, "network": {"sessions": {"heartbeat_window": "200ms"}}})
    clock = HandClock()
    machine.sessions.clock = clock  # before any session starts, so every deadline is on this clock
    robot = await connect(machine)
    stub = RobotServiceStub(robot.channel)
    started = await stub.StartSession(pb.StartSessionRequest())
    assert started.heartbeat_window.ToMilliseconds() == 200
    sid = started.id
    # A monitored call made under the session makes it the motor's last commander.
    from viam.gen.component.motor.v1 import motor_pb2, motor_pb2_grpc
    motors = motor_pb2_grpc.MotorServiceStub(robot.channel)
    await motors.SetPower(motor_pb2.SetPowerRequest(name="m1", power_pct=0.5), metadata=(("viam-sid", sid),))
    motor = Motor.from_robot(robot, "m1")
    # Five beats 150 ms apart: 750 ms of session time, well past one window, and still alive.
    for _ in range(5):
        clock.now += 0.15
        await stub.SendSessionHeartbeat(pb.SendSessionHeartbeatRequest(id=sid))
    assert sid in machine.sessions.sessions, "heartbeats keep the session alive"
    assert await motor.is_moving(), "heartbeats keep the motor going"
    # More than a window goes by without a beat: the session expires and the motor it commanded stops.
    clock.now += 0.25

    async def stopped() -> bool:
        return not await motor.is_moving()

    await _wait_until(stopped, "the motor of an expired session was not stopped")
    assert sid not in machine.sessions.sessions
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.SendSessionHeartbeat(pb.SendSessionHeartbeatRequest(id=sid))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "SESSION_EXPIRED" in info.value.details()


async def test_session_expiry_runs_on_the_real_clock(start_machine, connect):
    """The machine's own clock expires a session with no beat (no upper bound on when: load)."""
    machine = await start_machine({**MOTORS, "network": {"sessions": {"heartbeat_window": "200ms"}}})
    robot = await connect(machine)
    stub = RobotServiceStub(robot.channel)
    began = time.monotonic()  # before the call: the server's deadline is at least a window after this
    sid = (await stub.StartSession(pb.StartSessionRequest())).id

    async def expired() -> bool:
        return sid not in machine.sessions.sessions

    await _wait_until(expired, "a session with no heartbeat never expired")
    assert time.monotonic() - began >= 0.2, "expired before its window"


class SlowMotor(FakeMotor):
    build_s = 0.8

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies):
        await asyncio.sleep(cls.build_s)
        return cls(config.name)


async def _slow_machine(build_s: float):
    from viam.config.loader import parse_config
    from viam.robot.machine import Machine

    registry = Registry()
    register_builtins(registry)
    slow = type("Slow", (SlowMotor,), {"build_s": build_s})
    registry.register_model(API.component("motor"), Model("acme", "test", "slow"), slow)
    machine = Machine(parse_config({"network": {"bind_address": "127.0.0.1:0"}, "components": [
        {"name": "slow", "api": "rdk:component:motor", "model": "acme:test:slow"}]}), registry=registry)
    await machine.start()
    return machine


async def test_serves_while_initializing(connect):
    machine = await _slow_machine(build_s=4.0)  # longer than ResourceNames waits for the first build
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
            started = asyncio.get_running_loop().time()
            status = await RobotServiceStub(channel).GetMachineStatus(pb.GetMachineStatusRequest())
            assert asyncio.get_running_loop().time() - started < 1.0, "GetMachineStatus never waits"
        assert status.state == pb.GetMachineStatusResponse.STATE_INITIALIZING
        assert [s.state for s in status.resources] == [pb.ResourceStatus.STATE_CONFIGURING]
        robot = await connect(machine)  # answered after the startup wait, with what is ready so far
        assert robot.resource_names == []
        status = await robot.get_machine_status()
        assert status.state == pb.GetMachineStatusResponse.STATE_INITIALIZING
        await machine.wait_running(8)
        status = await robot.get_machine_status()
        assert status.state == pb.GetMachineStatusResponse.STATE_RUNNING
        assert [s.state for s in status.resources] == [pb.ResourceStatus.STATE_READY]
    finally:
        await machine.close(0.1)


async def test_client_connecting_as_the_port_opens_sees_the_configured_resources(connect):
    machine = await _slow_machine(build_s=0.8)
    try:
        robot = await connect(machine)  # ResourceNames waits for the first build (up to 2 s)
        assert [n.name for n in robot.resource_names] == ["slow"]
        await Motor.from_robot(robot, "slow").set_power(0.5)
    finally:
        await machine.close(0.1)


async def test_reflection_lists_served_services(start_machine):
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    machine = await start_machine(MOTORS)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
        async for response in responses:
            names = {s.name for s in response.list_services_response.service}
            break
    assert {"viam.robot.v1.RobotService", "viam.component.motor.v1.MotorService"} <= names


async def test_signaling_answers_unimplemented(start_machine):
    from viam.gen.proto.rpc.webrtc.v1 import signaling_pb2, signaling_pb2_grpc

    machine = await start_machine(MOTORS)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{machine.port}") as channel:
        stub = signaling_pb2_grpc.SignalingServiceStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stub.OptionalWebRTCConfig(signaling_pb2.OptionalWebRTCConfigRequest())
        assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
        # Call fails at once, saying why: the SDK's default dial then falls back to direct gRPC.
        with pytest.raises(grpc.aio.AioRpcError) as info:
            async for _ in stub.Call(signaling_pb2.CallRequest(sdp="offer"), timeout=5):
                pass
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert "WebRTC is not offered by this server" in info.value.details()


async def test_errors_map_to_status_codes(start_machine, connect):
    robot = await connect(await start_machine(MOTORS))
    with pytest.raises(InvalidArgumentError, match="Cannot move motor for 0 revolutions"):
        await Motor.from_robot(robot, "m1").go_for(60, 0)


async def test_cancel_operation_with_an_unknown_id_is_ok(start_machine, connect):
    """The reference's CancelOperation looks the id up and cancels it if found; otherwise it answers OK."""
    robot = await connect(await start_machine(MOTORS))
    stub = RobotServiceStub(robot.channel)
    assert await stub.CancelOperation(pb.CancelOperationRequest(id="no-such-operation")) == pb.CancelOperationResponse()


async def test_log_rejects_an_invalid_level_and_an_empty_request(start_machine, connect, caplog):
    """As the reference: an unknown level or no entries is a plain error (UNKNOWN) and nothing is logged."""
    from viam.gen.common.v1 import common_pb2

    robot = await connect(await start_machine(MOTORS))
    stub = RobotServiceStub(robot.channel)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.Log(pb.LogRequest(logs=[common_pb2.LogEntry(level="loud", message="never shown", logger_name="x")]))
    assert info.value.code() == grpc.StatusCode.UNKNOWN
    assert info.value.details() == "LogRequest received with invalid level 'loud'"
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.Log(pb.LogRequest())
    assert (info.value.code(), info.value.details()) == (grpc.StatusCode.UNKNOWN,
                                                         "LogRequest received with no associated logs")
    assert "never shown" not in caplog.text
    # Levels are case-insensitive, "warning" is "warn", and the SDK's CRITICAL is kept.
    for level in ("DEBUG", "Info", "warning", "warn", "error", "CRITICAL"):
        await stub.Log(pb.LogRequest(logs=[common_pb2.LogEntry(level=level, message=f"at {level}", logger_name="x")]))
