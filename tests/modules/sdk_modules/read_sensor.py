"""Read a sensor through a server with the official client: prints its readings as JSON."""

import asyncio
import json
import sys

from viam.robot.client import RobotClient
from viam.rpc.dial import DialOptions

from viam.components.sensor import Sensor


async def main() -> None:
    options = RobotClient.Options(dial_options=DialOptions(disable_webrtc=True, insecure=True),
                                  refresh_interval=0, check_connection_interval=0)
    robot = await RobotClient.at_address(sys.argv[1], options)
    try:
        sensor = Sensor.from_robot(robot, sys.argv[2])
        readings = await sensor.get_readings()
        print(json.dumps(readings))
    finally:
        await robot.close()


if __name__ == "__main__":
    asyncio.run(main())
