"""Drive the fake generic service through the official SDK."""

import asyncio

from sdk_common import check, connect

from viam.services.generic import Generic


async def main() -> None:
    robot = await connect()
    try:
        names = [(n.type, n.subtype, n.name) for n in robot.resource_names]
        check(("service", "generic", "generic_service1") in names, f"resource names {names}")
        service = Generic.from_robot(robot, "generic_service1")
        result = await service.do_command({"plan": ["a", "b"], "speed": 0.5})
        check(result == {"plan": ["a", "b"], "speed": 0.5}, f"do_command echo -> {result}")
        status = await service.get_status()
        check(status == {"commands": 1}, f"status {status}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
