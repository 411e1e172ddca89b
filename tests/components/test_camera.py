"""The fake camera through our client and the official SDK; expected values are rdk's fake camera's
(components/camera/fake/camera.go and its tests): 1280x720 by default, its gradient, its point
cloud, properties with intrinsics only for ``model: true``, a 40 x 40 x 10 mm box."""

import asyncio
import io
import math
import struct
import time

import pytest
from PIL import Image

from tests.conftest import run_sdk_script
from viam.components.camera import Camera, CameraMimeType
from viam.components.camera.image import image_size
from viam.errors import InvalidArgumentError

CONFIG = {"components": [
    {"name": "camera1", "api": "rdk:component:camera", "model": "rdk:builtin:fake",
     "attributes": {"width": 320, "height": 240}},
    {"name": "camera2", "api": "rdk:component:camera", "model": "rdk:builtin:fake",
     "attributes": {"width_px": 64, "height_px": 48, "frame_rate": 5, "mime_type": "image/png", "model": True}},
    {"name": "camera3", "api": "rdk:component:camera", "model": "rdk:builtin:fake"},
    {"name": "animated", "api": "rdk:component:camera", "model": "rdk:builtin:fake",
     "attributes": {"width": 64, "height": 48, "animated": True}},
]}


async def _camera(start_machine, connect, name: str = "camera1") -> Camera:
    robot = await connect(await start_machine(CONFIG))
    return Camera.from_robot(robot, name)


def _decode(data: bytes, fmt: str) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == fmt
    image.load()  # decodes every byte: a truncated or corrupt frame raises here
    return image


def _near(pixel: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], expected, strict=True))


async def test_get_images_is_the_reference_gradient_as_jpeg(start_machine, connect):
    """rdk's fake: one JPEG, no source name, yellow at the top left to blue at the bottom right, still."""
    camera = await _camera(start_machine, connect)
    images, metadata = await camera.get_images()
    assert [(i.name, i.mime_type, i.width, i.height) for i in images] == [("", "image/jpeg", 320, 240)]
    frame = images[0].data
    assert frame[:2] == b"\xff\xd8" and frame[-2:] == b"\xff\xd9"
    image = _decode(frame, "JPEG").convert("RGB")
    assert image.size == (320, 240)
    assert _near(image.getpixel((0, 0)), (255, 255, 0))
    assert _near(image.getpixel((319, 239)), (0, 0, 255))
    # (160, 0): distance 160 of the 400 px diagonal: 255 * 0.4 = 102 -> (153, 153, 102)
    assert _near(image.getpixel((160, 0)), (153, 153, 102))
    assert metadata.HasField("captured_at") and metadata.captured_at.seconds > 0
    later, _ = await camera.get_images(filter_source_names=["anything"])  # the reference ignores the filter
    assert later[0].data == frame, "a still fake camera serves the same frame"


async def test_animated_frames_slide(start_machine, connect):
    camera = await _camera(start_machine, connect, "animated")
    first, _ = await camera.get_images()
    deadline = time.monotonic() + 20
    while True:  # one pixel per 20 ms: a later frame differs
        later, _ = await camera.get_images()
        if later[0].data != first[0].data:
            break
        assert time.monotonic() < deadline, "the animated frame never moved"
        await asyncio.sleep(0.02)


async def test_png_on_request_and_by_attribute(start_machine, connect):
    """Ours: the reference's fake answers JPEG only."""
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


async def test_default_size_is_the_reference_1280x720(start_machine, connect):
    camera = await _camera(start_machine, connect, "camera3")
    images, _ = await camera.get_images()
    assert _decode(images[0].data, "JPEG").size == (1280, 720)


async def test_properties_as_the_reference(start_machine, connect):
    """Without ``model``: supports_pcd only; with it, the reference's fake intrinsics and distortion."""
    robot = await connect(await start_machine(CONFIG))
    plain = await Camera.from_robot(robot, "camera1").get_properties()
    assert plain.supports_pcd
    assert not plain.HasField("intrinsic_parameters") and not plain.HasField("distortion_parameters")
    assert list(plain.mime_types) == [] and not plain.HasField("frame_rate")
    props = await Camera.from_robot(robot, "camera2").get_properties()
    intrinsics = props.intrinsic_parameters
    assert (intrinsics.width_px, intrinsics.height_px) == (64, 48)
    assert (intrinsics.focal_x_px, intrinsics.focal_y_px) == (821.32642889, 821.68607359)
    assert (intrinsics.center_x_px, intrinsics.center_y_px) == (494.95941428, 370.70529534)
    assert props.distortion_parameters.model == "brown_conrady"
    assert list(props.distortion_parameters.parameters) == [0.11297234, -0.21375332, -0.01584774,
                                                            -0.00302002, 0.19969297]
    assert props.supports_pcd
    assert props.HasField("frame_rate") and props.frame_rate == 5  # ours: frame_rate when configured


async def test_point_cloud_is_a_point_per_pixel(start_machine, connect):
    """rdk's fake: binary PCD, a point per pixel at (x, y, 255 * distance) mm in the pixel's colour."""
    robot = await connect(await start_machine(CONFIG))
    data, mime_type = await Camera.from_robot(robot, "camera2").get_point_cloud()
    assert mime_type == "pointcloud/pcd"
    header, _, body = data.partition(b"DATA binary\n")
    fields = dict(line.split(" ", 1) for line in header.decode().strip().splitlines())
    assert fields["VERSION"] == ".7" and fields["FIELDS"] == "x y z rgb" and fields["TYPE"] == "F F F I"
    assert int(fields["POINTS"]) == int(fields["WIDTH"]) == 64 * 48 and len(body) == 16 * 64 * 48
    points = {(round(x * 1000), round(y * 1000)): (z, rgb) for x, y, z, rgb in struct.iter_unpack("<fffI", body)}
    assert len(points) == 64 * 48
    assert points[(0, 0)] == (0.0, 0xFFFF00)
    z, rgb = points[(63, 47)]
    dist = math.hypot(63, 47) / math.hypot(64, 48)
    assert z == pytest.approx(0.255 * dist, rel=1e-6)
    assert rgb == (int(255 - 255 * dist) * 0x10100) | int(255 * dist)


async def test_do_command_status_and_geometries(start_machine, connect):
    camera = await _camera(start_machine, connect)
    assert await camera.do_command({"a": 1, "b": ["c"]}) == {"a": 1, "b": ["c"]}
    await camera.get_images()
    status = await camera.get_status()
    assert (status["width_px"], status["height_px"], status["frames"]) == (320, 240, 1)
    [box] = await camera.get_geometries()  # the reference's 40 x 40 x 10 mm box
    assert box.label == "box" and (box.box.dims_mm.x, box.box.dims_mm.y, box.box.dims_mm.z) == (40, 40, 10)
    assert (box.center.x, box.center.y, box.center.z, box.center.o_z, box.center.theta) == (0, 0, 0, 1, 0)


def test_image_size_reads_jpeg_and_png_headers():
    for fmt, mime in (("JPEG", "image/jpeg"), ("PNG", "image/png")):
        buffer = io.BytesIO()
        Image.new("RGB", (123, 45)).save(buffer, format=fmt)
        assert image_size(buffer.getvalue(), mime) == (123, 45)
    assert image_size(b"not an image", "image/jpeg") is None
    assert image_size(b"\xff\xd8\xff\xd9", "image/jpeg") is None


@pytest.mark.parametrize(("attributes", "expected"), [
    # The reference's messages.
    ({"width": 20000}, "components[0].attributes.width: maximum supported pixel height or width for fake cameras "
                       "is 10000 pixels"),
    ({"width": -20}, "components[0].attributes.width: cannot use negative pixel height and width for fake cameras"),
    ({"width": 321}, "components[0].attributes.width: odd-number resolutions cannot be rendered, "
                     "cannot use a width of 321"),
    ({"height": 321}, "components[0].attributes.height: odd-number resolutions cannot be rendered, "
                      "cannot use a height of 321"),
    ({"animated": "yes"}, "components[0].attributes.animated: animated must be true or false"),
    ({"height_px": "big"}, "components[0].attributes.height_px: height_px must be a whole number"),
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


def test_frames_encode_through_a_file_descriptor_byte_for_byte():
    """The off-GIL encoder gives exactly what Pillow writes into memory, frame after frame."""
    from viam.components.camera.fake import JPEG_QUALITY, FakeCamera, _encode

    image = FakeCamera("c", 96, 64)._gradient()
    for params in ({"format": "JPEG", "quality": JPEG_QUALITY}, {"format": "PNG"}, {"format": "JPEG", "quality": 20}):
        expected = io.BytesIO()
        image.save(expected, **params)
        assert _encode(image, **params) == expected.getvalue(), params  # a shorter frame leaves no tail behind


async def test_a_steady_reader_gets_prefetched_fresh_frames_and_a_slow_one_renders_on_request(monkeypatch):
    from viam.components.camera import fake

    monkeypatch.setattr(fake, "PREFETCH_FRESH_S", 30.0)  # "steady" however loaded the test machine is
    camera = fake.FakeCamera("c", 64, 48, animated=True)
    renders = []
    render = camera._render
    camera._render = lambda tick, mime: renders.append(tick) or render(tick, mime)  # type: ignore[method-assign]
    try:
        stamps = []
        for _ in range(5):  # back to back: each call returns the frame rendered after the previous one
            images, meta = await camera.get_images()
            assert image_size(images[0].data, CameraMimeType.JPEG) == (64, 48)
            stamps.append(meta.captured_at.ToNanoseconds())
        assert stamps == sorted(stamps) and len(set(stamps)) == 5
        assert len(camera._prefetch) == 1, "a steady reader has the next frame on its way"
        monkeypatch.setattr(fake, "PREFETCH_FRESH_S", 0.05)
        await asyncio.sleep(0.2)  # a pause: the prefetched frame goes stale
        asked = time.time_ns()
        _, meta = await camera.get_images()
        assert meta.captured_at.ToNanoseconds() >= asked, "a stale prefetched frame is not served"
        assert not camera._prefetch, "a slow reader gets no prefetch"
        settled = len(renders)
        await asyncio.sleep(0.2)
        assert len(renders) == settled, "nobody reading: nothing is rendered"
    finally:
        await camera.close()
