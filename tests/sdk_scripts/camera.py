"""Drive the fake camera through the official SDK; check frames are real JPEG/PNG of the set size."""

import asyncio
import struct

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
        # rdk's fake camera: one JPEG with no source name.
        check(image.name == "" and image.mime_type == "image/jpeg", f"{image.name!r} {image.mime_type}")
        check(jpeg_size(image.data) == (320, 240), f"JPEG size {jpeg_size(image.data)}")
        check((image.width, image.height) == (320, 240), f"SDK-parsed size {image.width}x{image.height}")
        check(metadata.captured_at.seconds > 0, f"metadata {metadata}")
        again, _ = await camera.get_images(filter_source_names=["nope"])  # the reference ignores the filter
        check(again[0].data == image.data, "a still fake camera serves the same frame")

        images, _ = await camera.get_images(extra={"mime_type": "image/png"})  # ours
        check(images[0].mime_type == "image/png", f"mime {images[0].mime_type}")
        check(png_size(images[0].data) == (320, 240), "PNG size")

        images, _ = await Camera.from_robot(robot, "camera3").get_images()
        check(jpeg_size(images[0].data) == (1280, 720), "the reference's default size")

        data, mime_type = await camera.get_point_cloud()
        check(mime_type == "pointcloud/pcd" and data.startswith(b"VERSION .7\n"), f"pcd {mime_type}")
        check(b"\nPOINTS 76800\n" in data and b"\nDATA binary\n" in data, "a point per pixel")

        props = await camera.get_properties()
        check(props.supports_pcd, "supports_pcd")
        check(not props.HasField("intrinsic_parameters"), f"no intrinsics without model: {props}")
        check(list(props.mime_types) == [], f"mime types {props.mime_types}")
        props = await Camera.from_robot(robot, "camera2").get_properties()
        check(props.intrinsic_parameters.focal_x_px == 821.32642889, f"model intrinsics {props}")
        check(props.distortion_parameters.model == "brown_conrady", f"model distortion {props}")

        [box] = await camera.get_geometries()
        check(box.label == "box" and box.box.dims_mm.x == 40 and box.box.dims_mm.z == 10, f"geometry {box}")

        result = await camera.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        status = await camera.get_status()
        check(status["width_px"] == 320 and status["frames"] == 3, f"status {status}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
