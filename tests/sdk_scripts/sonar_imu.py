"""Read the HC-SR04 and the MPU-6050 through the official SDK."""

import asyncio

from sdk_common import check, connect

from viam.components.movement_sensor import MovementSensor
from viam.components.sensor import Sensor


async def main() -> None:
    robot = await connect()
    try:
        distance = (await Sensor.from_robot(robot, "sonar").get_readings())["distance"]
        check(0.3 < distance < 2.0, f"distance {distance}")
        imu = MovementSensor.from_robot(robot, "imu")
        acceleration = await imu.get_linear_acceleration()
        check(abs(acceleration.z - 9.81) < 0.01, f"acceleration {acceleration}")
        spin = await imu.get_angular_velocity()
        check(abs(spin.z - 90) < 0.05, f"angular velocity {spin}")
        readings = await imu.get_readings()
        check(abs(readings["temperature_celsius"] - 30) < 0.01 and "linear_acceleration" in readings, str(readings))
        props = await imu.get_properties()
        check(props.linear_acceleration_supported and not props.position_supported, str(props))
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
