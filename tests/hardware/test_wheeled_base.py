"""A wheeled base over two encoded GPIO motors on mock pins, driven by the official SDK.

Each motor is simulated by the board's mock rig (2000 encoder edges/s at full power, 400 ticks
per revolution: 300 rpm flat out); wheels are 200 mm round, 300 mm apart. The GPIO motors stop
on the encoder edge that reaches their GoFor target, so the tolerance is a few ticks of
overshoot at the commanded speed; on a loaded 2-core CI machine the stop can come a few control
periods late, so the tolerance is 0.08 revolutions (16 mm of travel; typically under 0.02).
"""

from __future__ import annotations

import asyncio
import io
import json
import math
import os
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import SDK_SCRIPTS, run_sdk_script
from tests.hardware.conftest import client_for, start_server
from viam.components.base import Base
from viam.components.board import Board
from viam.components.camera import Camera
from viam.testing.process import ServerProcess

CIRCUMFERENCE_MM, WIDTH_MM, TOLERANCE_REV = 200, 300, 0.08
WINDOW_S = 0.5


def motor(name: str, dir_pin: str, pwm_pin: str, encoder: str) -> dict:
    return {"name": name, "api": "rdk:component:motor", "model": "rdk:builtin:gpio",
            "attributes": {"board": "pi", "pins": {"dir": dir_pin, "pwm": pwm_pin}, "encoder": encoder,
                           "ticks_per_rotation": 400, "max_rpm": 300}}


def encoder(name: str, a: str, b: str) -> dict:
    return {"name": name, "api": "rdk:component:encoder", "model": "rdk:builtin:incremental",
            "attributes": {"board": "pi", "pins": {"a": a, "b": b}}}


COMPONENTS = [
    {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi4", "attributes": {}},
    encoder("enc_left", "38", "40"), encoder("enc_right", "35", "37"),
    motor("left", "18", "12", "enc_left"), motor("right", "16", "33", "enc_right"),
    {"name": "rover", "api": "rdk:component:base", "model": "rdk:builtin:wheeled",
     "attributes": {"left": ["left"], "right": ["right"], "width_mm": WIDTH_MM,
                    "wheel_circumference_mm": CIRCUMFERENCE_MM}},
]
SENSORS = [
    {"name": "sonar", "api": "rdk:component:sensor", "model": "rdk:builtin:ultrasonic",
     "attributes": {"board": "pi", "trigger_pin": "22", "echo_interrupt_pin": "24"}},
    {"name": "imu", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:gyro-mpu6050",
     "attributes": {"i2c_bus": "1"}},
    {"name": "picam", "api": "rdk:component:camera", "model": "viam:camera:csi-pi",
     "attributes": {"width_px": 320, "height_px": 240}},
]
SIM = {"i2c": {"1": [{"address": "0x68", "device": "mpu6050", "angular_velocity": [0, 0, 45.0]}]}}
FAKE_PICAMERA2 = Path(__file__).resolve().parent / "fake_picamera2"
PLANTS = [{"pwm": "12", "dir": "18", "encoder_a": "38", "encoder_b": "40", "edges_per_s": 2000},
          {"pwm": "33", "dir": "16", "encoder_a": "35", "encoder_b": "37", "edges_per_s": 2000}]


@pytest.fixture
async def rover(tmp_path, connect):
    """The issue's rover on mock hardware: wheeled base over two encoded GPIO motors, an HC-SR04
    (an obstacle 0.8 m ahead), an MPU-6050 (simulated chip) and a CSI camera (picamera2 double)."""
    python_path = os.pathsep.join(p for p in (str(FAKE_PICAMERA2), os.environ.get("PYTHONPATH", "")) if p)
    server = start_server(tmp_path, COMPONENTS + SENSORS, sim=SIM, env={"PYTHONPATH": python_path})
    try:
        machine = await client_for(server, connect)
        await machine.wait_ready(*(c["name"] for c in COMPONENTS + SENSORS))
        board = Board.from_robot(machine.client, "pi")
        for plant in PLANTS:
            await board.do_command({"mock_attach_motor": plant})
        await board.do_command({"mock_attach_ultrasonic": {"trigger": "22", "echo": "24", "distance_m": 0.8}})
        yield machine
    finally:
        server.stop()


@pytest.mark.sdk
async def test_official_sdk_drives_the_rover_and_reads_its_sensors(rover, viam_sdk_python):
    out = run_sdk_script(viam_sdk_python, "rover.py", rover.address, "drive").splitlines()
    results = {k: v for line in out for k, v in json.loads(line).items()}
    straight = 300 / CIRCUMFERENCE_MM  # 1.5 revolutions on both sides
    assert results["straight"] == pytest.approx([straight, straight], abs=TOLERANCE_REV)
    quarter = WIDTH_MM * math.pi / 4 / CIRCUMFERENCE_MM  # each wheel on a quarter of the 300 mm circle
    assert results["spin"] == pytest.approx([-quarter, quarter], abs=TOLERANCE_REV)
    assert results["moving"] is False
    assert results["distance"] >= 0.79 and results["distance"] == pytest.approx(0.8, abs=0.05)
    assert results["imu_spin_z"] == pytest.approx(45.0, abs=0.01)
    assert results["frame_jpeg"] is True
    images, _ = await Camera.from_robot(rover.client, "picam").get_images()
    assert Image.open(io.BytesIO(images[0].data)).size == (320, 240)


def _start_commander(python, address: str) -> subprocess.Popen:
    return subprocess.Popen([str(python), str(SDK_SCRIPTS / "rover.py"), address, "hang"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.sdk
async def test_sigkilled_client_stops_the_base_within_the_heartbeat_window(tmp_path, connect, viam_sdk_python):
    server = ServerProcess({"components": COMPONENTS,
                            "network": {"sessions": {"heartbeat_window": f"{int(WINDOW_S * 1000)}ms"}}},
                           tmp_path, env={"GPIOZERO_PIN_FACTORY": "mock", "VIAM_HOME": str(tmp_path / "home")})
    try:
        server.start(wait_running=False)
        machine = await client_for(server, connect)
        await machine.wait_ready(*(c["name"] for c in COMPONENTS))
        base = Base.from_robot(machine.client, "rover")
        commander = _start_commander(viam_sdk_python, server.address)
        try:
            line = commander.stdout.readline()
            assert "commanded" in line, commander.stderr.read()
            await asyncio.sleep(WINDOW_S * 2)
            assert await base.is_moving(), "heartbeats keep the base going"
            commander.kill()  # SIGKILL: no goodbye
            killed_at = time.monotonic()
            while await base.is_moving():
                assert time.monotonic() - killed_at < WINDOW_S + 2, "base still moving after the session expired"
                await asyncio.sleep(0.02)
            assert time.monotonic() - killed_at < WINDOW_S + 0.5
        finally:
            commander.kill()
            commander.wait()
            commander.stdout.close()
            commander.stderr.close()
    finally:
        server.stop()
