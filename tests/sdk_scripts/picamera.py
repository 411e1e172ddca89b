"""Read frames from the CSI camera through the official SDK."""

import asyncio

from sdk_common import check, connect

from viam.components.camera import Camera


async def main() -> None:
    robot = await connect()
    try:
        camera = Camera.from_robot(robot, "picam")
        images, _ = await camera.get_images()
        check(images[0].mime_type == "image/jpeg" and images[0].data[:2] == b"\xff\xd8", "a JPEG frame")
        props = await camera.get_properties()
        check(props.frame_rate == 15, f"properties {props}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
