"""The Pi board, GPIO motor + encoder, and servo (builtin-raspberry-pi on mock pins) via the official SDK.

Expects the config of tests/hardware/test_official_sdk.py: board "pi" (interrupt "di" on 37,
debounce 5 ms), encoder "enc" (38/40), motor "m" (dir 36, pwm 32, 400 ticks per rotation),
servo "s" on pin 12.
"""

import asyncio

from sdk_common import check, connect

from viam.components.board import Board
from viam.components.encoder import Encoder
from viam.components.motor import Motor
from viam.components.servo import Servo


async def main() -> None:
    robot = await connect()
    try:
        board = Board.from_robot(robot, "pi")
        motor = Motor.from_robot(robot, "m")
        pwm, direction = await board.gpio_pin_by_name(name="32"), await board.gpio_pin_by_name(name="36")
        check(await pwm.get_pwm() == 0, "motor stopped at construction")
        await motor.set_power(0.5)
        check(abs(await pwm.get_pwm() - 0.5) < 1e-9, "PWM duty follows SetPower")
        check(await direction.get() is True, "dir pin high going forward")
        await motor.set_power(-0.25)
        check(abs(await pwm.get_pwm() - 0.25) < 1e-9 and await direction.get() is False, "reverse")
        await motor.stop()
        check(await pwm.get_pwm() == 0 and not await motor.is_moving(), "stop")

        await board.do_command({"mock_attach_motor": {"pwm": "32", "dir": "36", "encoder_a": "38",
                                                      "encoder_b": "40", "edges_per_s": 2000}})
        await motor.reset_zero_position(offset=0)
        await motor.go_for(rpm=120, revolutions=1)
        position = await motor.get_position()
        check(abs(position - 1) < 0.03, f"go_for stops at the target: {position}")
        check(not await motor.is_moving(), "not moving after go_for")
        ticks, _ = await Encoder.from_robot(robot, "enc").get_position()
        check(abs(ticks - 400) <= 12, f"encoder ticks {ticks}")
        check((await motor.get_properties()).position_reporting, "position reporting with an encoder")

        di = await board.digital_interrupt_by_name(name="di")
        await board.do_command({"mock_pulse": {"pin": "37", "count": 10}})
        check(await di.value() == 1, f"debounced burst counts once: {await di.value()}")
        await asyncio.sleep(0.1)  # let the debounce window close after the burst
        ticks_seen = []
        arrived = asyncio.Event()

        async def consume() -> None:
            async for tick in await board.stream_ticks([di]):
                ticks_seen.append(tick)
                arrived.set()

        consumer = asyncio.create_task(consume())
        for _ in range(50):  # the SDK opens the stream lazily: pulse until a tick shows it is live
            await board.do_command({"mock_pulse": {"pin": "37", "count": 1, "period_ms": 80}})
            try:
                await asyncio.wait_for(arrived.wait(), 0.1)
                break
            except TimeoutError:
                pass
        consumer.cancel()
        check(ticks_seen and ticks_seen[0].pin_name == "di", f"ticks {ticks_seen}")

        servo = Servo.from_robot(robot, "s")
        await servo.move(angle=45)
        check(await servo.get_position() == 45, "servo position")
        duty = await (await board.gpio_pin_by_name(name="12")).get_pwm()
        check(abs(duty - (500 + 2000 * 45 / 180) * 392e-6) < 1e-6, f"servo pulse duty {duty}")  # 392 Hz: rdk's cap
        print("ok")
    finally:
        await robot.close()


if __name__ == "__main__":
    asyncio.run(main())
