"""The rig through the whole stack: viam-server + built-in modules, driven with the Viam API client.

One server per test module, configured from the rig file (hil.stack). On the mock rig the module
process runs on the same virtual wiring as the driver-level tests. The official viam-sdk client is
exercised against the same server in `test_official_sdk_sees_the_rig`.
"""

from __future__ import annotations

import asyncio
import io
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from hil.bench import Bench
from hil.measure import analyse_pwm, mean_high_width_us
from hil.rig import Rig
from hil.stack import machine_config, server_env
from viam.client import RobotClient
from viam.client.robot import DialOptions
from viam.components.board import Board
from viam.components.camera import Camera
from viam.components.motor import Motor
from viam.components.power_sensor import PowerSensor
from viam.components.sensor import Sensor
from viam.components.servo import Servo
from viam.gen.robot.v1 import robot_pb2
from viam.testing.process import ServerProcess

READY = robot_pb2.ResourceStatus.STATE_READY


@pytest.fixture(scope="module")
def server(rig: Rig, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a server running the rig's components (or the rig's own server)."""
    if rig.server_address:
        yield rig.server_address
        return
    workdir = tmp_path_factory.mktemp("hil-stack")
    bench = Bench(rig, workdir)
    config = machine_config(rig, bench.camera_path() if rig.camera else None)
    proc = ServerProcess(config, workdir, env=server_env(rig, workdir), name="hil-server")
    proc.start()
    try:
        asyncio.run(_wait_ready(proc.address, {c["name"] for c in config["components"]}))
        yield proc.address
    finally:
        proc.stop()
        bench.close()


async def _wait_ready(address: str, names: set[str], timeout_s: float = 30) -> None:
    """Wait until every configured resource is READY (the server serves before it builds)."""
    client = await RobotClient.at_address(address, DialOptions(refresh_interval_s=0))
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            status = {r.name.name: r for r in (await client.get_machine_status()).resources}
            if all(n in status and status[n].state == READY for n in names):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"rig resources not ready: {[(n, s.state, s.error) for n, s in status.items()]}")
            await asyncio.sleep(0.1)
    finally:
        await client.close()


@pytest.fixture
async def robot(server: str) -> AsyncIterator[RobotClient]:
    client = await RobotClient.at_address(server, DialOptions(refresh_interval_s=0))
    try:
        yield client
    finally:
        await client.close()


async def _ticks(board: Board, interrupt: str, seconds: float) -> list[tuple[int, bool]]:
    """Edges of a digital interrupt for `seconds`, from StreamTicks."""
    di = await board.digital_interrupt_by_name(interrupt)
    stream = await board.stream_ticks([di])
    edges: list[tuple[int, bool]] = []

    async def collect() -> None:
        async for tick in stream:
            edges.append((tick.time, tick.high))

    task = asyncio.create_task(collect())
    await asyncio.sleep(seconds)
    task.cancel()
    await stream.aclose()
    return edges


@pytest.mark.rig("gpio_loopback")
async def test_gpio_levels_and_interrupt_count_through_the_server(robot: RobotClient, rig: Rig, measure):
    board = Board.from_robot(robot, "board")
    loop = rig.gpio_loopbacks[0]
    out, inp = await board.gpio_pin_by_name(loop.out), await board.gpio_pin_by_name(loop.inp)
    di = await board.digital_interrupt_by_name("di-loop")
    await out.set(False)
    before = await di.value()
    for level in (True, False, True, False):
        await out.set(level)
        await asyncio.sleep(0.005)
        assert await inp.get() is level, f"SetGPIO {loop.out}={level} but GetGPIO {loop.inp} disagrees"
    for _ in range(20):
        await out.set(True)
        await out.set(False)
    await asyncio.sleep(0.05)
    measure("server interrupt rising edges", await di.value() - before, "edges", 22, 0)


@pytest.mark.rig("pwm_interrupt")
async def test_pwm_measured_with_stream_ticks(robot: RobotClient, rig: Rig, measure):
    assert rig.pwm_interrupt is not None
    board = Board.from_robot(robot, "board")
    pwm = await board.gpio_pin_by_name(rig.pwm_interrupt.pwm)
    await pwm.set_pwm_frequency(1000)
    await pwm.set_pwm(0.3)
    try:
        edges = await _ticks(board, "di-pwm", 0.4)
    finally:
        await pwm.set(False)
    estimate = analyse_pwm(edges)
    measure("server pwm frequency", estimate.frequency_hz, "Hz", 1000, 10 * rig.tolerance("pwm_frequency_pct"))
    measure("server pwm duty", estimate.duty, "", 0.3, rig.tolerance("pwm_duty_abs"))


@pytest.mark.rig("motor_encoder")
async def test_motor_go_for_ends_within_error(robot: RobotClient, rig: Rig, measure):
    assert rig.motor is not None
    motor = Motor.from_robot(robot, "motor")
    await motor.reset_zero_position(0)
    rpm = rig.motor.max_rpm / 2
    tol = rig.tolerance("motor_position_rev")
    await motor.go_for(rpm=rpm, revolutions=1.0)
    measure("motor GoFor +1 rev", await motor.get_position(), "rev", 1.0, tol)
    await motor.go_for(rpm=rpm, revolutions=-0.5)
    measure("motor GoFor -0.5 rev", await motor.get_position(), "rev", 0.5, tol)
    assert not await motor.is_moving()


@pytest.mark.rig("servo")
async def test_servo_moves(robot: RobotClient, rig: Rig, measure):
    assert rig.servo is not None
    s = rig.servo
    servo, board = Servo.from_robot(robot, "servo"), Board.from_robot(robot, "board")
    for angle in (s.min_angle_deg + 30, (s.min_angle_deg + s.max_angle_deg) / 2):
        await servo.move(int(angle))
        assert await servo.get_position() == int(angle)
        if s.monitor:
            edges = await _ticks(board, "di-servo", 5 / s.frequency_hz)
            expected = s.min_width_us + (s.max_width_us - s.min_width_us) * int(angle) / 180
            measure(f"servo pulse at {int(angle)}°", mean_high_width_us(edges), "us", expected,
                    rig.tolerance("servo_pulse_us"))
    await servo.stop()


@pytest.mark.rig("spi_adc")
async def test_adc_through_the_board(robot: RobotClient, rig: Rig, measure):
    assert rig.spi_adc is not None
    reading = await (await Board.from_robot(robot, "board").analog_by_name("divider")).read()
    measure("server adc divider", reading.value * reading.step_size, "V", rig.spi_adc.expected_v,
            rig.tolerance("adc_v") + reading.step_size)


@pytest.mark.rig("bme280")
async def test_environment_sensor_through_the_server(robot: RobotClient, rig: Rig, measure):
    device = rig.i2c_device("bme280")
    assert device is not None
    readings = await Sensor.from_robot(robot, device.name).get_readings()
    measure("server bme280 temperature", readings["temperature_celsius"], "°C", 25, 20)
    measure("server bme280 pressure", readings["pressure_mpa"], "hPa", 950, 150)  # the reference's key: hPa


@pytest.mark.rig("ina219")
async def test_power_sensor_through_the_server(robot: RobotClient, rig: Rig, measure):
    device = rig.i2c_device("ina219")
    assert device is not None
    volts, is_ac = await PowerSensor.from_robot(robot, device.name).get_voltage()
    assert not is_ac
    measure("server ina219 voltage", volts, "V", 13, 13)


@pytest.mark.rig("camera")
async def test_camera_frames_through_the_server(robot: RobotClient, rig: Rig, measure):
    from PIL import Image

    cam = rig.camera
    assert cam is not None
    camera = Camera.from_robot(robot, "camera")
    images, _ = await camera.get_images()
    assert images, "GetImages returned no image"
    size = Image.open(io.BytesIO(images[0].data)).size
    assert size == (cam.width, cam.height), f"frames are {size}, configured {cam.width}x{cam.height}"
    start, count = time.monotonic(), 0
    while time.monotonic() - start < 1.0:
        await camera.get_images()
        count += 1
    assert count >= cam.fps / 2, f"only {count} GetImages per second"


SDK_SCRIPT = Path(__file__).resolve().parent / "sdk_rig.py"


@pytest.mark.sdk
@pytest.mark.rig("gpio_loopback")
def test_official_sdk_sees_the_rig(server: str, rig: Rig, viam_sdk_python: Path):
    loop = rig.gpio_loopbacks[0]
    proc = subprocess.run([str(viam_sdk_python), str(SDK_SCRIPT), server, loop.out, loop.inp],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"official SDK script failed:\n{proc.stdout}\n{proc.stderr}"
