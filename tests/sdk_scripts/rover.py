"""Drive a wheeled base over encoded GPIO motors through the official SDK.

argv: address drive   -> MoveStraight 300 mm at 100 mm/s, then Spin 90 deg at 90 deg/s; prints
                         the encoder positions (revolutions) after each as JSON lines, then the
                         sonar distance, the IMU's z rotation rate and whether the camera frame is a JPEG
      address hang    -> starts a long MoveStraight, prints 'commanded', hangs until killed
"""

import asyncio
import json
import sys

from sdk_common import connect

from viam.components.base import Base
from viam.components.camera import Camera
from viam.components.encoder import Encoder
from viam.components.movement_sensor import MovementSensor
from viam.components.sensor import Sensor


async def positions(robot) -> list[float]:
    out = []
    for name in ("enc_left", "enc_right"):
        ticks, _ = await Encoder.from_robot(robot, name).get_position()
        out.append(ticks / 400.0)
    return out


async def main() -> None:
    robot = await connect()
    rover = Base.from_robot(robot, "rover")
    if sys.argv[2] == "hang":
        asyncio.create_task(rover.move_straight(distance=100_000, velocity=100))
        await asyncio.sleep(0.3)
        print("commanded", flush=True)
        await asyncio.sleep(3600)
    try:
        start = await positions(robot)
        await rover.move_straight(distance=300, velocity=100)
        after = await positions(robot)
        print(json.dumps({"straight": [a - s for a, s in zip(after, start, strict=True)]}), flush=True)
        await rover.spin(angle=90, velocity=90)
        spun = await positions(robot)
        print(json.dumps({"spin": [b - a for a, b in zip(after, spun, strict=True)]}), flush=True)
        print(json.dumps({"moving": await rover.is_moving()}), flush=True)
        sonar = Sensor.from_robot(robot, "sonar")  # the closest of 5 (a simulated echo can only end late)
        distance = min([(await sonar.get_readings())["distance"] for _ in range(5)])
        print(json.dumps({"distance": distance}), flush=True)
        spin = await MovementSensor.from_robot(robot, "imu").get_angular_velocity()
        print(json.dumps({"imu_spin_z": spin.z}), flush=True)
        images, _ = await Camera.from_robot(robot, "picam").get_images()
        print(json.dumps({"frame_jpeg": images[0].mime_type == "image/jpeg" and images[0].data[:2] == b"\xff\xd8"}),
              flush=True)
    finally:
        await robot.close()


asyncio.run(main())
