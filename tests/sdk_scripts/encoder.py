"""Drive the fake encoder through the official SDK."""

import asyncio

from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.encoder import Encoder
from viam.proto.component.encoder import PositionType


async def main() -> None:
    robot = await connect()
    try:
        encoder = Encoder.from_robot(robot, "encoder1")
        props = await encoder.get_properties()
        check(props.ticks_count_supported and not props.angle_degrees_supported, f"properties {props}")  # rdk's fake
        value, kind = await encoder.get_position()
        check((value, kind) == (0, PositionType.POSITION_TYPE_TICKS_COUNT), f"position {value} {kind}")
        await encoder.do_command({"set_position_ticks": 450})
        try:
            await encoder.get_position(PositionType.POSITION_TYPE_ANGLE_DEGREES)
            raise AssertionError("degrees from the fake encoder")
        except GRPCError as exc:
            check('does not support "degrees"' in (exc.message or ""), str(exc))
        value, kind = await Encoder.from_robot(robot, "encoder2").get_position(
            PositionType.POSITION_TYPE_ANGLE_DEGREES)  # ours, with ticks_per_rotation configured
        check(kind == PositionType.POSITION_TYPE_ANGLE_DEGREES and 0 <= value < 360, f"degrees {value} {kind}")
        value, _ = await encoder.get_position(position_type=PositionType.POSITION_TYPE_TICKS_COUNT)
        check(value == 450, f"ticks {value}")
        await encoder.reset_position()
        check((await encoder.get_position())[0] == 0, "reset")
        moving = Encoder.from_robot(robot, "encoder2")
        first, _ = await moving.get_position()
        await asyncio.sleep(0.1)
        second, _ = await moving.get_position()
        check(second > first, f"configured speed moves the count: {first} -> {second}")
        result = await encoder.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        status = await encoder.get_status()
        check(status["position_ticks"] == 0, f"status {status}")
        check(list(await encoder.get_geometries()) == [], "geometries")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
