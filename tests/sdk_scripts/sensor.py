"""Drive the fake sensors through the official SDK."""

import asyncio

from sdk_common import check, connect

from viam.components.sensor import Sensor


async def main() -> None:
    robot = await connect()
    try:
        sensor = Sensor.from_robot(robot, "sensor1")
        readings = await sensor.get_readings()
        check(readings == {"a": 1, "b": 2, "c": 3}, f"readings (rdk's fake sensor: a=1, b=2, c=3) {readings}")
        custom = await Sensor.from_robot(robot, "sensor2").get_readings(extra={"x": 1})
        check(custom["label"] == "porch" and custom["ok"] is True, f"custom {custom}")
        # The SDK turns a null Value into its enum number (NULL_VALUE == 0), not None.
        check(custom["nothing"] in (None, 0), f"null reading {custom['nothing']!r}")
        check(custom["history"] == [1, 2.5, "x"] and custom["nested"] == {"a": {"b": 3}}, f"custom {custom}")
        result = await sensor.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        status = await sensor.get_status()
        check(status == {"reads": 1}, f"status {status}")
        geometries = await sensor.get_geometries()
        check(list(geometries) == [], f"geometries {geometries}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
