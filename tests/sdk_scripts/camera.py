"""Drive the fake camera through the official SDK; check frames are real JPEG/PNG of the set size."""

import asyncio
import struct

from grpclib import Status
from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.camera import Camera


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the JPEG segments to the baseline SOF0 header (no PIL in the SDK venv)."""
    check(data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9", "JPEG SOI/EOI markers")
    offset = 2
    while offset < len(data):
        check(data[offset] == 0xFF, f"segment marker at {offset}")
        marker = data[offset + 1]
        (length,) = struct.unpack(">H", data[offset + 2:offset + 4])
        if marker == 0xC0:
            height, width = struct.unpack(">HH", data[offset + 5:offset + 9])
            return width, height
        check(marker != 0xDA, "scan data before any SOF0 header")
        offset += 2 + length
    raise AssertionError("no SOF0 header")


def png_size(data: bytes) -> tuple[int, int]:
    check(data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "PNG signature and IHDR")
    check(data[-8:-4] == b"IEND", "PNG ends with IEND")
    return struct.unpack(">II", data[16:24])


async def main() -> None:
    robot = await connect()
    try:
        camera = Camera.from_robot(robot, "camera1")
        images, metadata = await camera.get_images()
        check(len(images) == 1, f"images {images}")
        image = images[0]
        check(image.name == "camera1" and image.mime_type == "image/jpeg", f"{image.name} {image.mime_type}")
        check(jpeg_size(image.data) == (320, 240), f"JPEG size {jpeg_size(image.data)}")
        check((image.width, image.height) == (320, 240), f"SDK-parsed size {image.width}x{image.height}")
        check(metadata.captured_at.seconds > 0, f"metadata {metadata}")

        images, _ = await camera.get_images(filter_source_names=["camera1"], extra={"mime_type": "image/png"})
        check(images[0].mime_type == "image/png", f"mime {images[0].mime_type}")
        check(png_size(images[0].data) == (320, 240), "PNG size")
        try:
            await camera.get_images(filter_source_names=["nope"])
            raise AssertionError("unknown source accepted")
        except GRPCError as exc:
            check(exc.status == Status.NOT_FOUND and "no source named 'nope'" in (exc.message or ""), str(exc))

        images, _ = await Camera.from_robot(robot, "camera3").get_images()
        check(jpeg_size(images[0].data) == (640, 480), "default size")

        data, mime_type = await camera.get_point_cloud()
        check(mime_type == "pointcloud/pcd" and data.startswith(b"VERSION .7\n"), f"pcd {mime_type}")
        check(b"\nPOINTS 100\n" in data, "pcd point count")

        props = await camera.get_properties()
        check(props.supports_pcd, "supports_pcd")
        check(props.intrinsic_parameters.width_px == 320 and props.intrinsic_parameters.height_px == 240,
              f"intrinsics {props.intrinsic_parameters}")
        check(list(props.mime_types) == ["image/jpeg", "image/png"], f"mime types {props.mime_types}")
        check(props.frame_rate == 30, f"frame rate {props.frame_rate}")

        result = await camera.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        status = await camera.get_status()
        check(status["width_px"] == 320 and status["frames"] == 2, f"status {status}")
        check(list(await camera.get_geometries()) == [], "geometries")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
