"""A sensor-controlled base (no control parameters) over a wheeled base over fake motors, through
the official SDK: each motion reaches the wheeled base, whose motors turn by the reference's math."""

import asyncio

from sdk_common import check, connect

from viam.components.base import Base
from viam.components.motor import Motor


async def main() -> None:
    robot = await connect()
    try:
        base = Base.from_robot(robot, "controlled")
        left, right = Motor.from_robot(robot, "l1"), Motor.from_robot(robot, "r1")
        props = await base.get_properties()
        check(abs(props.width_meters - 0.2) < 1e-9, f"the wrapped base's properties: {props}")
        await base.move_straight(distance=300, velocity=500)
        positions = (await left.get_position(), await right.get_position())
        check(all(abs(p - 3.0) < 0.05 for p in positions), f"300 mm on 100 mm wheels is 3 turns: {positions}")
        await base.spin(angle=90, velocity=90)
        after = (await left.get_position(), await right.get_position())
        # 200 mm track, 90 deg: each wheel runs pi*200/4 mm = 1.571 turns, the left one backwards.
        check(abs(after[0] - (3.0 - 1.571)) < 0.05 and abs(after[1] - (3.0 + 1.571)) < 0.05, f"spin: {after}")
        await base.stop()
        check(not await base.is_moving(), "stopped")
        check(await base.do_command({"get_tuned_pid": True}) == {"get_tuned_pid": ""}, "no gains configured")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
