"""Drive the fake generic component through the official SDK."""

import asyncio

from sdk_common import check, connect

from viam.components.generic import Generic


async def main() -> None:
    robot = await connect()
    try:
        thing = Generic.from_robot(robot, "generic1")
        command = {"on": [300, 10], "mode": "fast", "flags": {"a": True}}
        result = await thing.do_command(command)
        check(result == command, f"do_command echo -> {result}")
        status = await thing.get_status()
        check(status == {"commands": 1}, f"status {status}")
        geometries = await thing.get_geometries()
        check(list(geometries) == [], f"geometries {geometries}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
