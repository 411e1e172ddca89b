"""The fake camera through our client (real JPEG/PNG frames, PCD, properties) and the official SDK."""

import io
import math

import pytest
from PIL import Image

from tests.conftest import run_sdk_script
from viam.components.camera import Camera, CameraMimeType
from viam.components.camera.image import image_size
from viam.errors import InvalidArgumentError, ResourceNotFoundError

CONFIG = {"components": [
    {"name": "camera1", "api": "rdk:component:camera", "model": "rdk:builtin:fake",
     "attributes": {"width": 320, "height": 240}},
    {"name": "camera2", "api": "rdk:component:camera", "model": "rdk:builtin:fake",
     "attributes": {"width_px": 64, "height_px": 48, "frame_rate": 5, "mime_type": "image/png"}},
    {"name": "camera3", "api": "rdk:component:camera", "model": "rdk:builtin:fake"},
]}


async def _camera(start_machine, connect, name: str = "camera1") -> Camera:
    robot = await connect(await start_machine(CONFIG))
    return Camera.from_robot(robot, name)


def _decode(data: bytes, fmt: str) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == fmt
    image.load()  # decodes every byte: a truncated or corrupt frame raises here
    return image


async def test_get_images_returns_real_jpeg_frames_of_the_configured_size(start_machine, connect):
    camera = await _camera(start_machine, connect)
    images, metadata = await camera.get_images()
    assert [(i.name, i.mime_type, i.width, i.height) for i in images] == [("camera1", "image/jpeg", 320, 240)]
    frame = images[0].data
    assert frame[:2] == b"\xff\xd8" and frame[-2:] == b"\xff\xd9"
    assert _decode(frame, "JPEG").size == (320, 240)
    assert metadata.HasField("captured_at") and metadata.captured_at.seconds > 0
    later, _ = await camera.get_images()
    assert later[0].data != frame, "the frame counter makes consecutive frames differ"


async def test_png_on_request_and_by_attribute(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    camera1, camera2 = Camera.from_robot(robot, "camera1"), Camera.from_robot(robot, "camera2")
    images, _ = await camera1.get_images(extra={"mime_type": "image/png"})
    assert images[0].mime_type == CameraMimeType.PNG
    assert _decode(images[0].data, "PNG").size == (320, 240)
    images, _ = await camera2.get_images()
    assert (images[0].mime_type, images[0].width, images[0].height) == ("image/png", 64, 48)
    assert _decode(images[0].data, "PNG").size == (64, 48)
    with pytest.raises(InvalidArgumentError, match=r"cannot produce 'image/gif' \(supported: image/jpeg, image/png\)"):
        await camera1.get_images(extra={"mime_type": "image/gif"})


async def test_default_size_is_640x480(start_machine, connect):
    camera = await _camera(start_machine, connect, "camera3")
    images, _ = await camera.get_images()
    assert _decode(images[0].data, "JPEG").size == (640, 480)
    props = await camera.get_properties()
    assert (props.intrinsic_parameters.width_px, props.intrinsic_parameters.height_px) == (640, 480)


async def test_filter_source_names(start_machine, connect):
    camera = await _camera(start_machine, connect)
    images, _ = await camera.get_images(filter_source_names=["camera1"])
    assert [i.name for i in images] == ["camera1"]
    with pytest.raises(ResourceNotFoundError, match=r"camera 'camera1' has no source named 'left' \(available"):
        await camera.get_images(filter_source_names=["left"])


async def test_properties_describe_the_configured_size(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    props = await Camera.from_robot(robot, "camera2").get_properties()
    intrinsics = props.intrinsic_parameters
    assert (intrinsics.width_px, intrinsics.height_px) == (64, 48)
    assert (intrinsics.center_x_px, intrinsics.center_y_px) == (32, 24)
    assert intrinsics.focal_x_px == pytest.approx(32 / math.tan(math.radians(62.2 / 2)))
    assert props.supports_pcd
    assert list(props.mime_types) == ["image/jpeg", "image/png"]
    assert props.HasField("frame_rate") and props.frame_rate == 5


async def test_point_cloud_is_a_valid_pcd(start_machine, connect):
    camera = await _camera(start_machine, connect)
    data, mime_type = await camera.get_point_cloud()
    assert mime_type == "pointcloud/pcd"
    header, _, body = data.decode().partition("DATA ascii\n")
    fields = dict(line.split(" ", 1) for line in header.strip().splitlines())
    assert fields["VERSION"] == ".7" and fields["FIELDS"] == "x y z rgb"
    rows = [line.split() for line in body.strip().splitlines()]
    assert len(rows) == int(fields["POINTS"]) == int(fields["WIDTH"]) == 100
    assert all(len(r) == 4 and float(r[2]) == 1.0 for r in rows)


async def test_do_command_status_and_geometries(start_machine, connect):
    camera = await _camera(start_machine, connect)
    assert await camera.do_command({"a": 1, "b": ["c"]}) == {"a": 1, "b": ["c"]}
    await camera.get_images()
    status = await camera.get_status()
    assert (status["width_px"], status["height_px"], status["frames"]) == (320, 240, 1)
    assert await camera.get_geometries() == []


def test_image_size_reads_jpeg_and_png_headers():
    for fmt, mime in (("JPEG", "image/jpeg"), ("PNG", "image/png")):
        buffer = io.BytesIO()
        Image.new("RGB", (123, 45)).save(buffer, format=fmt)
        assert image_size(buffer.getvalue(), mime) == (123, 45)
    assert image_size(b"not an image", "image/jpeg") is None
    assert image_size(b"\xff\xd8\xff\xd9", "image/jpeg") is None


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"width": 0}, "components[0].attributes.width: width must be an integer number of pixels"),
    ({"height_px": "big"}, "components[0].attributes.height_px: height_px must be an integer"),
    ({"width": 640, "width_px": 320}, "components[0].attributes.width_px: width (640) and width_px (320) disagree"),
    ({"frame_rate": -1}, "components[0].attributes.frame_rate: frame_rate must be a positive number"),
    ({"mime_type": "image/bmp"}, "components[0].attributes.mime_type: mime_type must be one of"),
])
async def test_bad_attributes_name_the_path(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:camera", "model": "fake",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    status = await robot.get_machine_status()
    errors = {s.name.name: s.error for s in status.resources}
    assert expected in errors["bad"]


@pytest.mark.sdk
def test_fake_camera_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "camera.py", server.address).strip().endswith("ok")
