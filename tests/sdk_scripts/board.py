"""Drive the fake board through the official SDK: pins, PWM, analogs, interrupts, tick streams."""

import asyncio
from datetime import timedelta

from grpclib import Status
from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.board import Board
from viam.proto.component.board import PowerMode


async def expect_error(call, status: Status, text: str) -> None:
    try:
        await call
    except GRPCError as exc:
        check(exc.status == status and text in (exc.message or ""), f"error {exc.status} {exc.message!r}")
        return
    raise AssertionError(f"expected {status} mentioning {text!r}")


async def main() -> None:
    robot = await connect()
    try:
        board = Board.from_robot(robot, "board1")

        pin = await board.gpio_pin_by_name(name="7")
        check(await pin.get() is False, "pins start low")
        await pin.set(high=True)
        check(await pin.get() is True, "set high")
        await pin.set_pwm(duty_cycle=0.6)
        check(abs(await pin.get_pwm() - 0.6) < 1e-9, "pwm duty cycle")
        check(await pin.get_pwm_frequency() == 0, "pwm frequency starts at 0 Hz (rdk's fake board)")
        await pin.set_pwm_frequency(frequency=1600)
        check(await pin.get_pwm_frequency() == 1600, "pwm frequency")
        await pin.set_pwm(duty_cycle=2)  # stored as given (rdk's fake board)
        check(await pin.get_pwm() == 2, "any duty cycle")

        reader = await board.analog_by_name(name="a1")
        reading = await reader.read()
        check(reading.value == 512 and reading.max_range == 1000 and reading.step_size == 1, f"analog {reading}")
        counter = await board.analog_by_name(name="a2")
        check([(await counter.read()).value for _ in range(2)] == [1, 2], "pin 33 counts per read")
        writer = await board.analog_by_name(name="a3")
        await writer.write(42)
        check((await writer.read()).value == 42, "analog write on pin 1 loops back")
        ghost = await board.analog_by_name(name="ghost")
        await expect_error(ghost.read(), Status.NOT_FOUND, "no analog named 'ghost'")

        di8 = await board.digital_interrupt_by_name(name="di8")
        di11 = await board.digital_interrupt_by_name(name="di11")
        check(await di8.value() == 0, "interrupt starts at 0")
        await expect_error((await board.digital_interrupt_by_name(name="nope")).value(), Status.NOT_FOUND,
                           "no digital interrupt named 'nope'")

        ticks = []
        arrived = asyncio.Event()

        async def consume() -> None:
            async for tick in await board.stream_ticks([di8, di11]):
                ticks.append(tick)
                arrived.set()

        consumer = asyncio.create_task(consume())
        # The SDK opens the stream lazily: toggle pin 11 until a tick shows the stream is live.
        pin11 = await board.gpio_pin_by_name(name="11")
        for _ in range(100):
            await pin11.set(high=True)
            await pin11.set(high=False)
            try:
                await asyncio.wait_for(arrived.wait(), 0.1)
                break
            except TimeoutError:
                continue
        check(bool(ticks), "no tick arrived on the stream")
        pin8 = await board.gpio_pin_by_name(name="8")
        for level in (True, False, True):
            await pin8.set(high=level)
        for _ in range(100):
            if len([t for t in ticks if t.pin_name == "di8"]) >= 3:
                break
            await asyncio.sleep(0.02)
        di8_ticks = [(t.pin_name, t.high) for t in ticks if t.pin_name == "di8"]
        check(di8_ticks == [("di8", True), ("di8", False), ("di8", True)], f"di8 ticks {di8_ticks}")
        check(all(t.time > 0 for t in ticks), "tick times")
        check(await di8.value() == 2, "two rising edges counted")
        consumer.cancel()

        await expect_error(board.set_power_mode(mode=PowerMode.POWER_MODE_OFFLINE_DEEP, duration=timedelta(seconds=2)),
                           Status.UNIMPLEMENTED, "SetPowerMode is not implemented")
        di0 = await board.digital_interrupt_by_name(name="di0")
        check([await di0.value() for _ in range(2)] == [1, 2], "an interrupt on pin 0 counts per read")
        status = await board.get_status()
        check(status["digital_interrupts"]["di8"] == 2, f"status {status}")
        result = await board.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        check(list(await board.get_geometries()) == [], "geometries")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
