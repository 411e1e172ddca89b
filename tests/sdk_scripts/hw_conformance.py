"""Conformance checks of the built-in hardware models against the reference (rdk, viam:raspberry-pi),
with the official SDK on mock pins. ``argv[2:]`` names the checks to run (functions below).

Expects the config of tests/hardware/test_conformance.py. Expected values come from the
reference's code and tests (cited per check).
"""

import asyncio
import sys
import time

from sdk_common import check, connect, rpm_bounds

from viam.components.board import Board
from viam.components.encoder import Encoder
from viam.components.motor import Motor
from viam.components.servo import Servo
from viam.proto.component.encoder import PositionType


async def level(board: Board, pin: str) -> float:
    return (await board.do_command({"mock_state": {"pin": pin}}))["mock_state"]["level"]


async def drive(board: Board, pin: str, high: bool) -> None:
    await board.do_command({"mock_drive": {"pin": pin, "high": high}})


async def raises(coro, fragment: str) -> str:
    try:
        await coro
    except Exception as exc:  # noqa: BLE001 - the SDK raises gRPC errors as various types
        check(fragment in str(exc), f"error {exc!r} does not say {fragment!r}")
        return str(exc)
    raise AssertionError(f"no error (expected one saying {fragment!r})")


async def encoder_counts(robot) -> None:
    """rdk incremental_test.go: B then A rising = 1; one B-leading cycle = +2; A-leading = -2.
    rdk single_encoder.go: every tick (both edges) counts, +1 without a motor."""
    board, enc = Board.from_robot(robot, "pi"), Encoder.from_robot(robot, "inc")
    await drive(board, "13", True)  # b
    await drive(board, "11", True)  # a
    check((await enc.get_position())[0] == 1, "B then A rising counts 1")
    await drive(board, "13", False)
    await drive(board, "11", False)
    check((await enc.get_position())[0] == 2, "one B-leading cycle counts +2")
    for a, b in ((1, 0), (1, 1), (0, 1), (0, 0)):
        await drive(board, "11", bool(a))
        await drive(board, "13", bool(b))
    check((await enc.get_position())[0] == 0, "one A-leading cycle counts -2")
    await raises(enc.get_position(PositionType.POSITION_TYPE_ANGLE_DEGREES), "")
    props = await enc.get_properties()
    check(props.ticks_count_supported and not props.angle_degrees_supported, "encoder properties")
    single = Encoder.from_robot(robot, "sgl")
    await board.do_command({"mock_pulse": {"pin": "15", "count": 5}})
    check((await single.get_position())[0] == 10, "single: 5 pulses = 10 edges = 10 ticks")
    named = Encoder.from_robot(robot, "named")  # pins are the board's interrupt names
    await drive(board, "18", True)  # eb
    await drive(board, "16", True)  # ea
    check((await named.get_position())[0] == 1, "encoder on interrupt names counts")
    di = await board.digital_interrupt_by_name("22")  # not declared: made on demand (at its first call)
    check(await di.value() == 0, "an interrupt made on demand starts at 0")
    await board.do_command({"mock_pulse": {"pin": "22", "count": 3}})
    check(await di.value() == 3, "an interrupt made on demand counts rising edges")


async def open_loop_motor(robot) -> None:
    """rdk motor/gpio basic.go + motor.go CheckSpeed/CheckRevolutions."""
    board, m = Board.from_robot(robot, "pi"), Motor.from_robot(robot, "open")
    await raises(m.go_for(60, 0), "Cannot move motor for 0 revolutions")
    await raises(m.go_for(0, 1), "Cannot move motor at an RPM that is nearly 0")
    await raises(m.set_rpm(0), "nearly 0")
    await m.set_power(1.5)  # clamped to max_power_pct (1)
    check(await m.is_powered() == (True, 1.0), "set_power clamps to 1")
    await m.set_power(0.005)
    check(await m.is_powered() == (False, 0.0), "|power| <= 0.01 stops")
    await m.set_power(0.02)  # raised to min_power_pct 0.1
    check(await m.is_powered() == (True, 0.1) and await level(board, "33") == 0.1, "min_power_pct")
    await m.stop()
    check(await m.get_position() == 0, "position without an encoder is 0")
    check(not (await m.get_properties()).position_reporting, "no position reporting")
    await raises(m.reset_zero_position(1), "does not support ResetZeroPosition")
    await raises(m.go_to(60, 1), "does not support GoTo")
    await m.set_rpm(30)  # max_rpm 60: half power
    check(await m.is_powered() == (True, 0.5), "set_rpm without encoder is rpm / max_rpm")
    await m.set_power(-0.4)
    check(await level(board, "31") == 0.0 and await level(board, "33") == 0.4, "dir low backward, PWM 0.4")
    await m.stop()
    check(await level(board, "32") == 1.0, "en_low high while stopped")
    await m.set_power(0.3)
    check(await level(board, "32") == 0.0 and await level(board, "31") == 1.0, "en_low low while powered")
    await m.stop()


async def ab_motor(robot) -> None:
    """rdk basic.go: A/B without PWM holds one side high and PWMs the other at 1 - |power|;
    A/B/PWM with dir_flip swaps a and b."""
    board, ab, flip = Board.from_robot(robot, "pi"), Motor.from_robot(robot, "ab"), Motor.from_robot(robot, "abflip")
    await ab.set_power(0.25)
    check([await level(board, p) for p in ("35", "36")] == [1.0, 0.75], "A/B forward")
    await ab.set_power(-0.25)
    check([await level(board, p) for p in ("35", "36")] == [0.75, 1.0], "A/B backward")
    await ab.stop()
    check([await level(board, p) for p in ("35", "36")] == [0.0, 0.0], "A/B stopped")
    await flip.set_power(0.5)
    check([await level(board, p) for p in ("37", "38", "40")] == [0.0, 1.0, 0.5], "A/B/PWM dir_flip")
    await flip.stop()


async def encoded_motor(robot) -> None:
    """rdk encoded.go: ResetZeroPosition(offset) reads -offset; GoFor ends past the goal; GoTo
    within 0.1 revolutions does not move."""
    board, m = Board.from_robot(robot, "pi"), Motor.from_robot(robot, "encm")
    await board.do_command({"mock_attach_motor": {"pwm": "12", "dir": "7", "encoder_a": "24", "encoder_b": "26",
                                                  "edges_per_s": 2000}})
    await m.reset_zero_position(2)
    check(await m.get_position() == -2, "reset_zero_position(2) reads -2")
    await m.reset_zero_position(0)
    await m.go_for(120, 1)  # 100 ticks per rotation: 1000 ticks/s at full power = 600 rpm
    position = await m.get_position()
    check(1.0 < position < 1.1, f"go_for(120, 1) ends just past 1: {position}")
    check(not await m.is_moving(), "stopped after go_for")
    await m.go_to(120, position + 0.05)
    check(abs(await m.get_position() - position) < 0.02, "go_to within 0.1 rev does not move")
    await m.go_to(120, -0.5)
    position = await m.get_position()
    check(-0.6 < position < -0.5, f"go_to(-0.5): {position}")
    await m.set_rpm(-120)
    await asyncio.sleep(1.2)  # the ramp reaches the goal speed
    low, high = await rpm_bounds(m, 2.0)  # the ramp's 0.05 power steps swing it +-30 rpm
    await m.stop()
    check(low < -90 and high > -150, f"set_rpm(-120) holds about -120 rpm: {low:.0f} to {high:.0f}")


async def pid_motor(robot) -> None:
    """rdk controlled.go: with control_parameters GoFor ends within 2 ticks of the goal."""
    board, m = Board.from_robot(robot, "pi"), Motor.from_robot(robot, "pidm")
    await board.do_command({"mock_attach_motor": {"pwm": "29", "dir": "3", "encoder_a": "8", "encoder_b": "28",
                                                  "edges_per_s": 2000}})
    await m.reset_zero_position(0)
    await m.go_for(200, 2)
    position = await m.get_position()
    check(abs(position - 2) <= 0.05, f"pid go_for(200, 2): {position}")


async def runaway(robot) -> None:
    """Ours (the reference only warns): an encoder counting against the power stops the motor."""
    board, m = Board.from_robot(robot, "pi"), Motor.from_robot(robot, "runaway")
    await board.do_command({"mock_attach_motor": {"pwm": "10", "dir": "19", "encoder_a": "21", "encoder_b": "23",
                                                  "edges_per_s": 2000, "reverse": True}})
    started = time.monotonic()
    await raises(m.go_for(120, 5), "while powered forward")
    elapsed = time.monotonic() - started
    check(elapsed < 1.5, f"runaway stopped after {elapsed:.2f} s")
    check(await m.is_powered() == (False, 0.0) and await level(board, "10") == 0, "runaway motor is stopped")


async def servos(robot) -> None:
    """rdk servo/gpio: 20 deg with min_angle_deg 20 is 500 us; Move clamps. viam:raspberry-pi
    rpi-servo: width 500 + 2000 * angle // max_rotation_deg, clamps to min/max, hold_position
    false starts limp, Position (width + 1 - 500) * max_rotation // 2000."""
    board, gs, rs = Board.from_robot(robot, "pi"), Servo.from_robot(robot, "gs"), Servo.from_robot(robot, "rs")
    await gs.move(20)
    check(abs(await level(board, "27") - 500e-6 * 50) < 1e-9, "gpio servo: 20 deg at min_angle_deg 20 = 500 us")
    check(await gs.get_position() == 20, "gpio servo position")
    await gs.move(200)  # clamped to 180
    check(abs(await level(board, "27") - 2500e-6 * 50) < 1e-9, "gpio servo clamps to max_angle_deg")
    check(await gs.get_position() == 180, "gpio servo position after clamp")
    await gs.stop()
    check(await level(board, "27") == 0, "stop ends the pulses")
    check(await gs.get_position() == 180 and await level(board, "27") > 0, "position after stop re-sends the pulse")
    check(await level(board, "5") == 0, "rpi-servo with hold_position false starts limp")
    check(await rs.get_position() == 90, "rpi-servo starts at starting_position_degs 90 (1166 us of 270)")
    started = time.monotonic()
    await rs.move(10)  # clamped to min 30: 500 + 2000 * 30 // 270 = 722 us
    check(time.monotonic() - started >= 0.25, "hold_position false: Move takes the 250 ms hold")
    check(abs(await level(board, "5") - 722e-6 * 50) < 1e-9, "rpi-servo clamps to min")
    check(await rs.get_position() == 30, "rpi-servo position")
    await rs.move(179)  # clamped to max 150: 1611 us
    check(abs(await level(board, "5") - 1611e-6 * 50) < 1e-9, "rpi-servo clamps to max")


async def main() -> None:
    robot = await connect()
    try:
        for name in sys.argv[2:]:
            await globals()[name](robot)
            print(f"ok {name}")
        print("ok")
    finally:
        await robot.close()


if __name__ == "__main__":
    asyncio.run(main())
