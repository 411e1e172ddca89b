"""Drive the fake motor through the official SDK."""

import asyncio

from grpclib import Status
from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.motor import Motor


async def main() -> None:
    robot = await connect()
    try:
        motor = Motor.from_robot(robot, "motor1")
        await motor.set_power(0.5)
        powered, power = await motor.is_powered()
        check(powered and abs(power - 0.5) < 1e-9, f"is_powered -> {powered}, {power}")
        check(await motor.is_moving(), "motor should be moving after set_power")
        await motor.stop()
        check(not await motor.is_moving(), "motor should stop")
        await motor.reset_zero_position(0)
        await motor.go_for(rpm=600, revolutions=2)
        position = await motor.get_position()
        check(position == 2, f"position after go_for: {position}")
        await motor.go_to(rpm=600, position_revolutions=0.5)
        check(await motor.get_position() == 0.5, "go_to")
        props = await motor.get_properties()
        check(props.position_reporting, "position reporting")
        await motor.set_rpm(30)
        check(await motor.is_moving(), "set_rpm moves")
        await motor.stop()
        result = await motor.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        geometries = await motor.get_geometries()
        check(geometries == [], f"geometries {geometries}")
        bare = Motor.from_robot(robot, "bare")
        check(not (await bare.get_properties()).position_reporting, "no encoder: no position reporting")
        try:
            await bare.get_position()
            raise AssertionError("a fake motor without an encoder reported a position")
        except GRPCError as exc:
            check(exc.status == Status.UNKNOWN and exc.message == "encoder is not defined", str(exc))
        names = [n.name for n in robot.resource_names]
        check("motor1" in names, f"resource names {names}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
