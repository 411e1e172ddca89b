"""NMEA GPS over pyserial ``loop://`` and a pty, and the webcam on a generated video file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.serialport import format_sentence
from tests.hardware.conftest import client_for, start_server
from viam.components.camera import Camera
from viam.components.movement_sensor import MovementSensor
from viam.testing.process import ServerProcess

# The NMEA 0183 reference examples (position 48 deg 07.038' N, 11 deg 31.000' E).
GGA = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"
RMC = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n"


def gps(path: str, name: str = "gps") -> dict:
    return {"name": name, "api": "rdk:component:movement_sensor", "model": "rdk:builtin:gps-nmea",
            "attributes": {"connection_type": "serial", "serial_attributes": {"serial_path": path,
                                                                             "serial_baud_rate": 9600}}}


async def eventually(check, timeout_s: float = 5.0):
    import asyncio
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            result = await check()
            if result:
                return result
        except Exception:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)


@pytest.fixture(scope="module")
def pty_master() -> Iterator[tuple[int, str]]:
    """(master fd, slave path) of a pty; outlives the server (set up before it)."""
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pty_master: tuple[int, str]) -> Iterator[ServerProcess]:
    workdir = tmp_path_factory.mktemp("gps-webcam")
    video = make_video(workdir / "clip.avi", 320, 240)
    components = [
        gps("loop://"), gps(pty_master[1], "gpspty"),
        {"name": "cam", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
         "attributes": {"video_path": str(video), "width_px": 160, "height_px": 120, "frame_rate": 30,
                        "intrinsic_parameters": {"width_px": 160, "height_px": 120, "fx": 150.5, "fy": 151.0,
                                                 "ppx": 80.2, "ppy": 60.1},
                        "distortion_parameters": {"rk1": 0.1, "rk2": -0.2, "rk3": 0.01, "tp1": 0.001,
                                                  "tp2": -0.002}}},
        {"name": "plain", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
         "attributes": {"video_path": str(video), "width_px": 160}},  # width alone: accepted (reference)
        {"name": "gone", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
         "attributes": {"video_path": str(workdir / "video9")}},
    ]
    server = start_server(workdir, components, env={"VIAM_WEBCAM_IDLE_AFTER_S": "0.5"})
    yield server
    server.stop()


@pytest.fixture
async def hw(server: ServerProcess, connect):
    machine = await client_for(server, connect)
    await machine.wait_ready("gps", "gpspty", "cam", "gone", "plain")
    return machine


async def test_nmea_over_loop_with_good_and_bad_checksums(hw) -> None:
    machine = hw
    sensor = MovementSensor.from_robot(machine.client, "gps")
    with pytest.raises(Exception, match="has no fix yet"):
        await sensor.get_position()
    await sensor.do_command({"write": GGA + RMC})  # loop:// hands our bytes back to the reader
    point, altitude = await eventually(sensor.get_position)
    assert (point.latitude, point.longitude) == (pytest.approx(48 + 7.038 / 60), pytest.approx(11 + 31.0 / 60))
    assert altitude == pytest.approx(545.4, rel=1e-6)  # altitude_m is a float32 on the wire
    assert await eventually(sensor.get_compass_heading) == 84.4
    velocity = await sensor.get_linear_velocity()
    assert (velocity.x ** 2 + velocity.y ** 2) ** 0.5 == pytest.approx(22.4 * 1852 / 3600)
    accuracy = await sensor.get_accuracy()
    assert accuracy.position_hdop == pytest.approx(0.9) and accuracy.position_nmea_gga_fix == 1
    # Same sentence shape, another position, wrong checksum: counted, reported, position unchanged.
    bad = GGA.replace("4807.038", "5107.038")
    await sensor.do_command({"write": bad})
    status = (await eventually(lambda: _errors(sensor)))["status"]
    assert status["errors"] == 1 and "checksum" in status["last_error"]
    assert (await sensor.get_position())[0].latitude == pytest.approx(48 + 7.038 / 60)
    await sensor.do_command({"write": format_sentence("GPGGA,123520,5107.038,N,01131.000,E,1,08,0.9,545.4,M,,M,,")})
    assert (await eventually(lambda: _moved(sensor))).latitude == pytest.approx(51 + 7.038 / 60)


async def _errors(sensor: MovementSensor) -> dict:
    result = await sensor.do_command({"status": {}})
    return result if result["status"]["errors"] else {}


async def _moved(sensor: MovementSensor):
    point, _ = await sensor.get_position()
    return point if point.latitude > 50 else None


async def test_nmea_from_a_pty(pty_master, hw) -> None:
    master, _ = pty_master
    sensor = MovementSensor.from_robot(hw.client, "gpspty")
    os.write(master, (GGA[:20]).encode())  # a sentence split across reads
    os.write(master, (GGA[20:] + RMC).encode())
    point, _ = await eventually(sensor.get_position)
    assert point.latitude == pytest.approx(48.1173)


def make_video(path: Path, width: int, height: int, frames: int = 30, fps: float = 30.0) -> Path:
    cv2 = pytest.importorskip("cv2")
    import numpy as np

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    for i in range(frames):
        frame = np.full((height, width, 3), (i * 8) % 256, dtype=np.uint8)
        cv2.putText(frame, str(i), (10, height // 2), cv2.FONT_HERSHEY_SIMPLEX, 1, (255, 255, 255), 2)
        writer.write(frame)
    writer.release()
    return path


async def test_webcam_on_a_video_file_returns_jpegs_of_the_configured_size(hw) -> None:
    machine = hw
    cam = Camera.from_robot(machine.client, "cam")
    images, _ = await cam.get_images()
    assert len(images) == 1 and images[0].name == "cam"
    assert images[0].mime_type == "image/jpeg" and images[0].data[:2] == b"\xff\xd8"
    assert (images[0].width, images[0].height) == (160, 120)
    png, _ = await cam.get_images(extra={"mime_type": "image/png"})
    assert png[0].data[:8] == b"\x89PNG\r\n\x1a\n" and (png[0].width, png[0].height) == (160, 120)
    props = await cam.get_properties()  # the configured calibration, as the reference reports it
    intr = props.intrinsic_parameters
    assert (intr.width_px, intr.height_px, intr.focal_x_px, intr.focal_y_px, intr.center_x_px, intr.center_y_px) == (
        160, 120, 150.5, 151.0, 80.2, 60.1)
    assert props.distortion_parameters.model == "brown_conrady"
    assert list(props.distortion_parameters.parameters) == pytest.approx([0.1, -0.2, 0.01, 0.001, -0.002])
    assert props.frame_rate == 30 and "image/jpeg" in props.mime_types
    # Frames keep coming (the file loops like a live camera) and consecutive calls see new frames.
    first = (await cam.get_images())[0][0].data
    second = await eventually(lambda: _different(cam, first))
    assert second != first


async def _different(cam: Camera, previous: bytes) -> bytes | None:
    data = (await cam.get_images())[0][0].data
    return data if data != previous else None


async def test_webcam_missing_device_is_unavailable(hw) -> None:
    machine = hw
    with pytest.raises(Exception, match="does not exist|unavailable|not connected"):
        await Camera.from_robot(machine.client, "gone").get_images()


async def test_webcam_reports_no_invented_calibration_and_reads_only_while_consumed(hw) -> None:
    """rdk webcam: no intrinsics/distortion unless configured; frame_rate 30 when not configured.
    #24: an unconsumed webcam stops reading (0.5 s linger in this server) and wakes on the next call."""
    import asyncio
    import time

    machine = hw
    plain = Camera.from_robot(machine.client, "plain")
    props = await plain.get_properties()
    assert props.intrinsic_parameters.width_px == 0 and props.intrinsic_parameters.focal_x_px == 0
    assert props.distortion_parameters.model == "" and props.frame_rate == 30
    images, _ = await plain.get_images()
    assert images[0].width == 320  # width alone is a request to the device; a file keeps its size
    deadline = time.monotonic() + 10
    while (await plain.get_status())["reading"]:
        assert time.monotonic() < deadline, "the webcam kept reading with nobody consuming frames"
        await asyncio.sleep(0.2)
    status = await plain.get_status()
    frames = status["frames"]
    await asyncio.sleep(0.5)
    assert (await plain.get_status())["frames"] == frames  # nothing read while idle
    images, _ = await plain.get_images()  # wakes it: a fresh frame
    assert images[0].data[:2] == b"\xff\xd8" and (await plain.get_status())["frames"] > frames


def _module_pids(server: ServerProcess, entry: str) -> list[int]:
    """Pids of the server's module children started as ``python -m <entry>``."""
    assert server.proc is not None
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[1]) == server.proc.pid and entry.encode() in args:
            found.append(int(proc.name))
    return found


def _maps_opencv(pid: int) -> bool:
    return "/cv2/" in Path(f"/proc/{pid}/maps").read_text()


async def test_webcam_loads_opencv_with_the_first_frame(hw_machine, tmp_path) -> None:
    """#24: an unused webcam module neither opens its camera nor loads OpenCV (tens of MB);
    the first GetImages does both and answers as always."""
    video = make_video(tmp_path / "clip.avi", 160, 120)
    machine = await hw_machine([{"name": "cam", "api": "rdk:component:camera", "model": "rdk:builtin:webcam",
                                 "attributes": {"video_path": str(video)}}])
    await machine.wait_ready("cam")
    [pid] = _module_pids(machine.server, "builtin_modules.webcam")
    cam = Camera.from_robot(machine.client, "cam")
    status = await cam.do_command({"status": {}})
    assert (status["frames"], status["reading"]) == (0, False)
    assert not _maps_opencv(pid), "the webcam module loaded OpenCV before anyone asked for a frame"
    images, _ = await cam.get_images()
    assert images[0].data[:2] == b"\xff\xd8" and (images[0].width, images[0].height) == (160, 120)
    assert _maps_opencv(pid)
