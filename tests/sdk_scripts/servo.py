"""Drive the fake servo through the official SDK."""

import asyncio

from grpclib import Status
from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.servo import Servo


async def main() -> None:
    robot = await connect()
    try:
        servo = Servo.from_robot(robot, "servo1")
        check(await servo.get_position() == 0, "starts at 0")
        await servo.move(angle=45)
        check(await servo.get_position() == 45, "instant move")
        check(not await servo.is_moving(), "not moving after an instant move")
        await servo.move(angle=200)  # rdk's fake servo has no limits
        check(await servo.get_position() == 200, "unlimited without limits configured")
        await servo.move(angle=45)

        slow = Servo.from_robot(robot, "slow")
        try:
            await slow.move(angle=5)
            raise AssertionError("move outside the configured limits accepted")
        except GRPCError as exc:
            check(exc.status == Status.INVALID_ARGUMENT and "outside 10..170" in (exc.message or ""), str(exc))

        moving = asyncio.create_task(slow.move(angle=170))
        await asyncio.sleep(0.2)
        check(await slow.is_moving(), "timed move in progress")
        await slow.stop()
        await asyncio.wait_for(moving, 5)
        position = await slow.get_position()
        check(90 < position < 170 and not await slow.is_moving(), f"stopped at {position}")

        result = await servo.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        status = await servo.get_status()
        check(status == {"position_deg": 45, "is_moving": False}, f"status {status}")
        check(list(await servo.get_geometries()) == [], "geometries")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
