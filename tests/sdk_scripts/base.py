"""Drive the fake base and a wheeled base over fake motors through the official SDK."""

import asyncio
import math

from sdk_common import check, connect

from viam.components.base import Base, Vector3
from viam.components.motor import Motor


async def main() -> None:
    robot = await connect()
    try:
        fake = Base.from_robot(robot, "base1")
        await fake.move_straight(distance=100, velocity=50)
        await fake.spin(angle=90, velocity=45)
        await fake.set_power(Vector3(x=0, y=0.5, z=0), Vector3(x=0, y=0, z=0.1))
        await fake.set_velocity(Vector3(x=0, y=10, z=0), Vector3(x=0, y=0, z=5))
        await fake.stop()
        check(not await fake.is_moving(), "fake never moves")
        props = await fake.get_properties()
        check(abs(props.width_meters - 0.6) < 1e-9 and props.turning_radius_meters == 0, f"props {props}")
        check(await fake.do_command({"x": 1}) == {"x": 1}, "do_command echo")
        check(list(await fake.get_geometries()) == [], "geometries")

        rover = Base.from_robot(robot, "rover")
        props = await rover.get_properties()
        check(abs(props.width_meters - 0.2) < 1e-9 and abs(props.wheel_circumference_meters - 0.1) < 1e-9,
              f"wheeled props {props}")
        await rover.move_straight(distance=50, velocity=250)
        positions = [await Motor.from_robot(robot, n).get_position() for n in ("l1", "l2", "r1", "r2")]
        check(all(abs(p - 0.5) < 0.02 for p in positions), f"after 50 mm: {positions}")
        await rover.spin(angle=90, velocity=180)
        quarter = 50 * math.pi / 100
        left, right = [await Motor.from_robot(robot, n).get_position() for n in ("l1", "r1")]
        check(abs(left - (0.5 - quarter)) < 0.03 and abs(right - (0.5 + quarter)) < 0.03, f"spin: {left} {right}")
        await rover.set_velocity(Vector3(x=0, y=100, z=0), Vector3(x=0, y=0, z=0))
        check(await rover.is_moving(), "set_velocity keeps it moving")
        moving = asyncio.create_task(rover.move_straight(distance=10_000, velocity=100))
        await asyncio.sleep(0.2)
        await rover.stop()
        await asyncio.wait_for(moving, 5)
        check(not await rover.is_moving(), "stopped")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
