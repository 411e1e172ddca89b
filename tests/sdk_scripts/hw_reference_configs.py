"""Official-SDK script over the Pi 4 rover and Pi 5 reference configs of
tests/hardware/test_reference_configs.py (mock pins, simulated motors). argv[2] is "rover" or "pi5".
Expected values are the reference's (rdk motor/gpio encoded.go, encoder incremental/single,
raspberry-pi rpi-servo)."""

import asyncio
import sys

from sdk_common import check, connect, rpm_bounds

from viam.components.board import Board
from viam.components.camera import Camera
from viam.components.encoder import Encoder
from viam.components.motor import Motor
from viam.components.movement_sensor import MovementSensor
from viam.components.servo import Servo


async def rover(robot) -> None:
    board = Board.from_robot(robot, "local")
    for pwm, a, b, enc_a, enc_b in (("33", "35", "37", "38", "40"), ("15", "31", "29", "16", "18")):
        await board.do_command({"mock_attach_motor": {"pwm": pwm, "a": a, "b": b, "encoder_a": enc_a,
                                                      "encoder_b": enc_b, "edges_per_s": 4000}})
    left, right = Motor.from_robot(robot, "left"), Motor.from_robot(robot, "right")
    for m in (left, right):
        await m.reset_zero_position(0)
        check(await m.get_position() == 0, "reset to 0")
    await asyncio.gather(left.go_for(60, 0.5), right.go_for(-60, 0.5))
    lpos, rpos = await left.get_position(), await right.get_position()
    check(0.5 < lpos < 0.6 and -0.6 < rpos < -0.5, f"go_for ends just past the goal: {lpos}, {rpos}")
    ticks, _ = await Encoder.from_robot(robot, "Lenc").get_position()
    check(abs(ticks - lpos * 200) < 1e-6, f"left encoder ticks {ticks} = position x ticks_per_rotation")
    await left.go_to(60, 0)
    check(abs(await left.get_position()) < 0.1, "go_to(0)")
    await left.reset_zero_position(1)
    check(await left.get_position() == -1, "reset_zero_position(1) reads -1 (the reference's sign)")
    await right.set_rpm(50)
    await asyncio.sleep(1.5)
    low, high = await rpm_bounds(right, 2.0)
    await right.stop()
    check(low < 65 and high > 35, f"set_rpm(50) holds about 50 rpm: between {low:.0f} and {high:.0f}")
    check(await right.is_powered() == (False, 0.0), "stopped")
    images, _ = await Camera.from_robot(robot, "cam").get_images()
    check(images[0].data[:2] == b"\xff\xd8", "webcam JPEG")


async def pi5(robot) -> None:
    board = Board.from_robot(robot, "board")
    await board.do_command({"mock_attach_motor": {"pwm": "31", "dir": "29", "en_low": "33", "encoder_i": "35",
                                                  "edges_per_s": 1000}})
    m, enc = Motor.from_robot(robot, "motor"), Encoder.from_robot(robot, "enc")
    await m.reset_zero_position(0)
    await m.go_for(100, 1)
    position = await m.get_position()
    check(1.0 < position < 1.1, f"go_for(100, 1) with a single encoder: {position}")
    await m.go_for(100, -0.5)  # the single encoder counts down while the motor is powered backward
    position = await m.get_position()
    check(0.4 < position < 0.51, f"go_for(100, -0.5) ends just past 0.51: {position}")
    ticks, _ = await enc.get_position()
    check(ticks == round(position * 100), f"single encoder ticks {ticks}")
    servo = Servo.from_robot(robot, "servo")
    check(await servo.get_position() == 90, "rpi-servo starts at 90 (1500 us)")
    await servo.move(45)
    check(await servo.get_position() == 45, "rpi-servo move 45")
    state = (await board.do_command({"mock_state": {"pin": "12"}}))["mock_state"]
    check(abs(state["level"] - 1000e-6 * 50) < 1e-9 and state["frequency_hz"] == 50,
          f"45 deg = 1000 us at 50 Hz {state}")
    gps = MovementSensor.from_robot(robot, "gps")
    await gps.do_command({"write": "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"})
    for _ in range(50):
        try:
            point, altitude = await gps.get_position()
            break
        except Exception:  # noqa: BLE001 - no fix yet
            await asyncio.sleep(0.1)
    check(abs(point.latitude - 48.1173) < 1e-4 and abs(point.longitude - 11.516667) < 1e-4, f"gps {point}")


async def pi5_hardware_pwm(robot) -> None:
    """The rpi-servo on header 12 (GPIO18) with the kernel's PWM channel at argv[3] (a fake sysfs
    tree), read while this client's session lasts (the server stops what a session moved when it ends)."""
    from pathlib import Path

    channel = Path(sys.argv[3])

    def ns(name: str) -> int:
        return int((channel / name).read_text())

    servo = Servo.from_robot(robot, "servo")
    check(await servo.get_position() == 90, "rpi-servo starts at 90 (1500 us)")
    check((ns("period"), ns("duty_cycle"), ns("enable")) == (20_000_000, 1_500_000, 1), "1500 us of 20 ms")
    await servo.move(45)
    check(await servo.get_position() == 45, "rpi-servo move 45")
    check((ns("period"), ns("duty_cycle"), ns("enable")) == (20_000_000, 1_000_000, 1), "45 deg = 1000 us")


async def main() -> None:
    robot = await connect()
    try:
        await globals()[sys.argv[2]](robot)
        print("ok")
    finally:
        await robot.close()


if __name__ == "__main__":
    asyncio.run(main())
