"""A base served by an official-SDK module, driven through the server with the official client.

argv: ADDRESS [BASE NAME].
"""

import asyncio
import sys

from compat_common import check, connect

from viam.components.base import Base
from viam.proto.common import Vector3


async def main() -> None:
    robot = await connect()
    try:
        base = Base.from_robot(robot, sys.argv[2] if len(sys.argv) > 2 else "rover")
        props = await base.get_properties()
        check(abs(props.width_meters - 0.3) < 1e-9 and abs(props.wheel_circumference_meters - 0.2) < 1e-9,
              f"properties {props}")
        await base.set_power(Vector3(y=0.5), Vector3())
        check(await base.is_moving(), "base not moving after set_power")
        await base.stop()
        check(not await base.is_moving(), "base moving after stop")
        await base.set_velocity(Vector3(y=100), Vector3(), extra={"why": "test"}, timeout=5)
        await robot.stop_all()
        check(not await base.is_moving(), "stop_all did not stop the modular base")
        check(await base.do_command({"k": 1}) == {"rover": "rover", "k": 1}, "do_command")
        check(list(await base.get_geometries()) == [], "geometries")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
