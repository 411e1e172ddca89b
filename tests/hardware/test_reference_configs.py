"""Done-when of issue #16: a Viam Pi 4 rover config (rpi4 board, two A/B/PWM motors with
incremental encoders, a webcam) and a Pi 5 config (Dir/PWM motor with en_low and a single
encoder, rpi-servo, GPS on serial) start without errors or warnings, and an official-SDK script
gets the reference's values. Mock pins and simulated motors stand in for the wiring; the webcam
reads a video file and the GPS pyserial's loop:// (no camera or serial port on the test machine)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from tests.conftest import run_sdk_script
from tests.hardware.test_gps_webcam import make_video


def c(name: str, api: str, model: str, **attributes: object) -> dict:
    return {"name": name, "api": f"rdk:component:{api}", "model": model, "attributes": attributes}


def rover(video: Path) -> list[dict]:
    return [
        c("local", "board", "viam:raspberry-pi:rpi4"),
        c("Lenc", "encoder", "rdk:builtin:incremental", board="local", pins={"a": "38", "b": "40"}),
        c("Renc", "encoder", "rdk:builtin:incremental", board="local", pins={"a": "16", "b": "18"}),
        c("left", "motor", "rdk:builtin:gpio", board="local", pins={"a": "35", "b": "37", "pwm": "33"},
          encoder="Lenc", ticks_per_rotation=200, max_rpm=100),
        c("right", "motor", "rdk:builtin:gpio", board="local", pins={"a": "31", "b": "29", "pwm": "15"},
          encoder="Renc", ticks_per_rotation=200, max_rpm=100),
        c("cam", "camera", "rdk:builtin:webcam", video_path=str(video), width_px=160, height_px=120),
    ]


PI5 = [
    c("board", "board", "viam:raspberry-pi:rpi5"),
    c("enc", "encoder", "rdk:builtin:single", board="board", pins={"i": "35"}),
    c("motor", "motor", "rdk:builtin:gpio", board="board", pins={"dir": "29", "pwm": "31", "en_low": "33"},
      encoder="enc", ticks_per_rotation=100, max_rpm=200),
    c("servo", "servo", "viam:raspberry-pi:rpi-servo", board="board", pin="12"),
    c("gps", "movement_sensor", "viam:gps:nmea", connection_type="serial",
      serial_attributes={"serial_path": "loop://", "serial_baud_rate": 9600}),
]

PROBLEM = re.compile(r"\b(ERROR|WARNING)\b")


async def _run(hw_machine, components: list[dict], viam_sdk_python: Path, which: str) -> None:
    machine = await hw_machine(components)
    await machine.wait_ready(*(x["name"] for x in components))
    assert run_sdk_script(viam_sdk_python, "hw_reference_configs.py", machine.address, which).strip().endswith("ok")
    problems = [line for line in machine.server.lines if PROBLEM.search(line) and "no effect here" not in line
                and "using MOCK GPIO pins" not in line]  # the test machine's mock pins (said loudly, by design)
    assert not problems, "\n".join(problems)


async def test_pi4_rover_config(hw_machine, viam_sdk_python: Path, tmp_path: Path) -> None:
    await _run(hw_machine, rover(make_video(tmp_path / "clip.avi", 320, 240)), viam_sdk_python, "rover")


async def test_pi5_config(hw_machine, viam_sdk_python: Path) -> None:
    await _run(hw_machine, PI5, viam_sdk_python, "pi5")


async def test_pi5_servo_on_kernel_hardware_pwm(hw_machine, viam_sdk_python: Path, tmp_path: Path) -> None:
    """The Pi 5 config with dtoverlay=pwm-2chan: the rpi-servo on header 12 (GPIO18) drives RP1's PWM
    channel 2 through /sys/class/pwm (a fake tree here); 45 deg is 1000 us of a 20 ms period."""
    from drivers.gpio.mock.sysfs_pwm import FakePwmSysfs
    from viam.components.board import Board

    boot = tmp_path / "config.txt"
    boot.write_text("dtparam=audio=on\ndtoverlay=pwm-2chan\n")
    with FakePwmSysfs(tmp_path / "sys", {"1f00098000.pwm": 4}) as sysfs:
        env = {"VIAM_PI_SYSFS_PWM": str(sysfs.class_dir), "VIAM_PI_BOOT_CONFIG": str(boot)}
        machine = await hw_machine([x for x in PI5 if x["name"] in ("board", "servo")], env=env)
        await machine.wait_ready("board", "servo")
        channel = sysfs.chips["1f00098000.pwm"] / "pwm2"
        assert run_sdk_script(viam_sdk_python, "hw_reference_configs.py", machine.address,
                              "pi5_hardware_pwm", str(channel)).strip().endswith("ok")
        status = await Board.from_robot(machine.client, "board").get_status()
        assert status["pwm_pins"] == {"pin 12 (GPIO18)": "hardware PWM (pwmchip0 channel 2)"}
        assert "GPIO18 (pwmchip0 channel 2), GPIO19 (pwmchip0 channel 3)" in status["pwm"]
        problems = [line for line in machine.server.lines if PROBLEM.search(line)
                    and "using MOCK GPIO pins" not in line]
        assert not problems, "\n".join(problems)
        await asyncio.to_thread(machine.server.stop)  # its module unexports the channel while the tree is there
