"""Safety heartbeat: when the official SDK client dies, what it last commanded stops within the window."""

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SDK_SCRIPTS
from viam.components.motor import Motor

WINDOW_S = 0.5
MODULES = Path(__file__).resolve().parent / "modules"


def config(**extra):
    return {"components": [{"name": "local_motor", "api": "rdk:component:motor", "model": "fake"}],
            "network": {"bind_address": "127.0.0.1:0", "sessions": {"heartbeat_window": f"{int(WINDOW_S * 1000)}ms"}},
            **extra}


def start_commander(python, address, *args):
    proc = subprocess.Popen([str(python), str(SDK_SCRIPTS / "command_then_hang.py"), address, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "commanded" not in line:
        proc.kill()
        raise AssertionError(f"commander failed: {line}{proc.stderr.read()}")
    return proc


async def wait_stopped(motors, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not any([await m.is_moving() for m in motors]):
            return time.monotonic()
        await asyncio.sleep(0.02)
    raise AssertionError("motors still moving after the session expired")


@pytest.mark.sdk
async def test_killed_sdk_client_stops_local_and_remote_motors(viam_server, connect, viam_sdk_python):
    remote = viam_server({"components": [{"name": "far_motor", "api": "rdk:component:motor", "model": "fake"}]},
                         name="remote")
    local = viam_server(config(remotes=[{"name": "r", "address": remote.address, "insecure": True}]), name="local")
    robot = await connect(local.address)
    for _ in range(100):
        await robot.refresh()
        if any(n.name == "far_motor" for n in robot.resource_names):
            break
        await asyncio.sleep(0.05)
    motors = [Motor.from_robot(robot, "local_motor"), Motor.from_robot(robot, "far_motor")]

    commander = start_commander(viam_sdk_python, local.address, "local_motor", "far_motor")
    try:
        await asyncio.sleep(WINDOW_S * 2)
        assert all([await m.is_moving() for m in motors]), "heartbeats keep the motors going"
        commander.kill()  # SIGKILL: no goodbye, heartbeats just stop
        killed_at = time.monotonic()
        stopped_at = await wait_stopped(motors, timeout_s=WINDOW_S + 2)
        assert stopped_at - killed_at < WINDOW_S + 0.5
    finally:
        commander.kill()
        commander.wait()


@pytest.mark.sdk
async def test_killed_sdk_client_stops_a_modular_motor(viam_server, connect, viam_sdk_python, tmp_path):
    wrapper = tmp_path / "run-motor-module.sh"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{MODULES / "fake_motor_module.py"}" "$@"\n')
    wrapper.chmod(0o755)
    server = viam_server(config(
        modules=[{"name": "motors", "executable_path": str(wrapper)}],
        components=[{"name": "mod_motor", "api": "rdk:component:motor", "model": "acme:test:fake-motor"}]))
    robot = await connect(server.address)
    motor = Motor.from_robot(robot, "mod_motor")
    commander = start_commander(viam_sdk_python, server.address, "mod_motor")
    try:
        await asyncio.sleep(WINDOW_S * 2)
        assert await motor.is_moving(), "heartbeats keep the modular motor going"
        commander.kill()
        killed_at = time.monotonic()
        stopped_at = await wait_stopped([motor], timeout_s=WINDOW_S + 2)
        assert stopped_at - killed_at < WINDOW_S + 0.5
    finally:
        commander.kill()
        commander.wait()


@pytest.mark.sdk
async def test_clients_without_sessions_are_not_tracked(viam_server, connect, viam_sdk_python):
    server = viam_server(config())
    robot = await connect(server.address)
    motor = Motor.from_robot(robot, "local_motor")
    commander = start_commander(viam_sdk_python, server.address, "--no-sessions", "local_motor")
    try:
        commander.kill()
        await asyncio.sleep(WINDOW_S * 3)
        assert await motor.is_moving(), "nothing tracked the session-less command, so nothing stops it"
    finally:
        commander.kill()
        commander.wait()


async def test_a_later_command_without_session_takes_over(start_machine, connect):
    machine = await start_machine(config())
    robot = await connect(machine)
    from viam.gen.component.motor.v1 import motor_pb2, motor_pb2_grpc
    from viam.gen.robot.v1 import robot_pb2, robot_pb2_grpc

    sid = (await robot_pb2_grpc.RobotServiceStub(robot.channel).StartSession(robot_pb2.StartSessionRequest())).id
    stub = motor_pb2_grpc.MotorServiceStub(robot.channel)
    await stub.SetPower(motor_pb2.SetPowerRequest(name="local_motor", power_pct=0.5), metadata=(("viam-sid", sid),))
    await Motor.from_robot(robot, "local_motor").set_power(0.6)  # no session: takes over
    await asyncio.sleep(WINDOW_S * 3)  # the first session expires...
    assert await Motor.from_robot(robot, "local_motor").is_powered() == (True, 0.6)  # ...but no longer owns it
