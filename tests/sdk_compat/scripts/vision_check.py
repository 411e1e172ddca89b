"""A vision service served by an official-SDK module, driven through the server with the official client.

argv: ADDRESS.
"""

import asyncio

from compat_common import check, connect
from viam.services.vision import VisionClient


async def main() -> None:
    robot = await connect()
    try:
        vision = VisionClient.from_robot(robot, "counter")
        props = await vision.get_properties()
        check(props.classifications_supported and not props.object_point_clouds_supported, f"properties {props}")
        found = await vision.get_classifications_from_camera("cam", 3)
        check([c.class_name for c in found] == ["cam-0", "cam-1", "cam-2"], f"classifications {found}")
        [detection] = await vision.get_detections_from_camera("cam2")
        check(detection.class_name == "cam2" and detection.x_max == 3, f"detection {detection}")
        check(await vision.do_command({"k": 1}) == {"vision": "counter", "k": 1}, "do_command")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
