"""Every hardware model through the server with the official viam-sdk client (mock backends)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_sdk_script
from tests.hardware.test_gps_webcam import gps, make_video
from tests.hardware.test_sensors import SIM


async def test_pi_board_motor_encoder_servo_with_official_sdk(hw_machine, viam_sdk_python: Path) -> None:
    machine = await hw_machine([
        {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi",
         "attributes": {"pins": [{"name": "di", "pin": "37", "type": "interrupt", "debounce_ms": 30}]}},
        {"name": "enc", "api": "rdk:component:encoder", "model": "rdk:builtin:incremental",
         "attributes": {"board": "pi", "pins": {"a": "38", "b": "40"}}},
        {"name": "m", "api": "rdk:component:motor", "model": "rdk:builtin:gpio",
         "attributes": {"board": "pi", "pins": {"dir": "36", "pwm": "32"}, "encoder": "enc",
                        "ticks_per_rotation": 400, "max_rpm": 300}},
        {"name": "s", "api": "rdk:component:servo", "model": "rdk:builtin:gpio",
         "attributes": {"board": "pi", "pin": "12"}},
    ])
    await machine.wait_ready("pi", "enc", "m", "s")
    assert run_sdk_script(viam_sdk_python, "hw_pi.py", machine.address).strip().endswith("ok")


async def test_sensors_gps_webcam_with_official_sdk(hw_machine, viam_sdk_python: Path, tmp_path: Path) -> None:
    video = make_video(tmp_path / "clip.avi", 320, 240)
    machine = await hw_machine([
        {"name": "env", "api": "rdk:component:sensor", "model": "rdk:builtin:bme280",
         "attributes": {"i2c_bus": "1"}},
        {"name": "power", "api": "rdk:component:power_sensor", "model": "rdk:builtin:ina219",
         "attributes": {"i2c_bus": "1", "shunt_resistance": 0.1}},
        gps("loop://"),
        {"name": "cam", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
         "attributes": {"video_path": str(video), "width_px": 160, "height_px": 120}},
    ], sim=SIM)
    await machine.wait_ready("env", "power", "gps", "cam")
    assert run_sdk_script(viam_sdk_python, "hw_sensors.py", machine.address).strip().endswith("ok")
