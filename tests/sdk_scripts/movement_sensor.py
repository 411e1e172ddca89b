"""Drive the fake movement sensors through the official SDK; readings must decode to the SDK's own types."""

import asyncio

from sdk_common import check, connect

from viam.components.movement_sensor import GeoPoint, MovementSensor, Orientation, Vector3


async def main() -> None:
    robot = await connect()
    try:
        sensor = MovementSensor.from_robot(robot, "movement1")
        point, altitude = await sensor.get_position()
        check(isinstance(point, GeoPoint) and (point.latitude, point.longitude) == (40.7, -73.98), f"point {point}")
        check(altitude == 50.5, f"altitude {altitude}")
        # rdk's fake movement sensor's values
        check(await sensor.get_linear_velocity() == Vector3(x=0, y=5.4, z=0), "linear velocity")
        check(await sensor.get_angular_velocity(extra={"a": 1}) == Vector3(x=0, y=0, z=1), "angular velocity")
        check(await sensor.get_linear_acceleration() == Vector3(x=2.2, y=4.5, z=2), "linear acceleration")
        check(await sensor.get_compass_heading() == 25.0, "compass heading")
        orientation = await sensor.get_orientation()
        check(orientation == Orientation(o_x=0, o_y=0, o_z=1, theta=0), f"orientation {orientation}")
        props = await sensor.get_properties()
        check(props == MovementSensor.Properties(True, True, True, True, True, True), f"properties {props}")
        accuracy = await sensor.get_accuracy()
        check(dict(accuracy.accuracy) == {}, f"accuracy {accuracy}")
        check((accuracy.position_hdop, accuracy.position_vdop, accuracy.position_nmea_gga_fix,
               accuracy.compass_degrees_error) == (0, 0, 4, 0), f"accuracy {accuracy}")

        readings = await sensor.get_readings()
        expected = {
            "position": point, "altitude": 50.5, "linear_velocity": Vector3(x=0, y=5.4, z=0),
            "angular_velocity": Vector3(x=0, y=0, z=1), "linear_acceleration": Vector3(x=2.2, y=4.5, z=2),
            "compass": 25.0, "orientation": orientation,
        }
        check(readings == expected, f"readings {readings}")
        for key in ("position", "linear_velocity", "orientation"):
            check(type(readings[key]) is type(expected[key]), f"{key} decoded as {type(readings[key]).__name__}")

        other = MovementSensor.from_robot(robot, "gps2")
        point, altitude = await other.get_position()
        check((point.latitude, point.longitude, altitude) == (-33.5, 151.25, 12.75), f"gps2 {point} {altitude}")
        check(await other.get_compass_heading() == 270.0, "gps2 heading")

        result = await sensor.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        check(await sensor.get_status() == {}, "status")
        check(list(await sensor.get_geometries()) == [], "geometries")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
