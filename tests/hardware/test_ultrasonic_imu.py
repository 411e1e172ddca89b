"""HC-SR04 (``rdk:builtin:ultrasonic``) on mock pins and MPU-6050 (``rdk:builtin:gyro-mpu6050``)
on a simulated I2C bus, through a real server, our client and the official SDK."""

from __future__ import annotations

import pytest

from drivers.i2c import FakeI2CBus
from drivers.i2c.adxl345 import ADXL345
from drivers.i2c.mpu6050 import MPU6050
from drivers.i2c.sim import FakeADXL345, FakeMPU6050
from tests.conftest import run_sdk_script
from tests.hardware.conftest import client_for, start_server
from viam.components.board import Board
from viam.components.movement_sensor import MovementSensor
from viam.components.sensor import Sensor
from viam.errors import NotSupportedError

COMPONENTS = [
    {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi4", "attributes": {}},
    {"name": "sonar", "api": "rdk:component:sensor", "model": "rdk:builtin:ultrasonic",
     "attributes": {"board": "pi", "trigger_pin": "16", "echo_interrupt_pin": "18", "timeout_ms": 200}},
    {"name": "deaf", "api": "rdk:component:sensor", "model": "rdk:builtin:ultrasonic",
     "attributes": {"board": "pi", "trigger_pin": "22", "echo_interrupt_pin": "24", "timeout_ms": 100}},
    {"name": "imu", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:gyro-mpu6050",
     "attributes": {"i2c_bus": "1"}},
    {"name": "imu_alt", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:gyro-mpu6050",
     "attributes": {"i2c_bus": "1", "use_alt_i2c_address": True}},
    {"name": "accel", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:accel-adxl345",
     "attributes": {"i2c_bus": "1", "use_alternate_i2c_address": True}},
]
SIM = {"i2c": {"1": [
    {"address": "0x68", "device": "mpu6050", "linear_acceleration": [0.5, -1.0, 9.81],
     "angular_velocity": [0, 0, 90.0], "temperature_c": 30.0},
    {"address": "0x69", "device": "mpu6050"},
    {"address": "0x1d", "device": "adxl345", "linear_acceleration": [-9.81, 0, 0]},
]}}


def test_mpu6050_driver_scales_the_registers():
    bus = FakeI2CBus(1)
    chip = bus.attach(0x68, FakeMPU6050())
    chip.set_motion(linear_acceleration=(9.81, 0, -9.81), angular_velocity=(-125, 0, 249), temperature_c=21.5)
    imu = MPU6050(bus, 0x68)
    assert not chip.asleep, "woken when opened"
    reading = imu.read()
    assert reading.linear_acceleration == pytest.approx((9.81, 0, -9.81), abs=0.001)
    assert reading.angular_velocity == pytest.approx((-125, 0, 249), abs=0.01)
    assert reading.temperature_c == pytest.approx(21.5, abs=0.003)
    imu.close()
    assert chip.asleep, "put back to sleep"


def test_adxl345_driver_scales_the_registers():
    bus = FakeI2CBus(1)
    chip = bus.attach(0x53, FakeADXL345())
    chip.set_acceleration(4.905, -9.81, 19.0)
    accel = ADXL345(bus)
    assert chip.measuring
    assert accel.read() == pytest.approx((4.905, -9.81, 19.0), abs=0.02)  # 10 bits: 38 mm/s² per count
    accel.close()
    assert not chip.measuring


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("sonar-imu"), COMPONENTS, sim=SIM)
    yield server
    server.stop()


@pytest.fixture
async def hw(server, connect):
    machine = await client_for(server, connect)
    await machine.wait_ready(*(c["name"] for c in COMPONENTS))
    await Board.from_robot(machine.client, "pi").do_command(
        {"mock_attach_ultrasonic": {"trigger": "16", "echo": "18", "distance_m": 0.5}})
    return machine


async def _distances(sonar: Sensor, count: int = 8) -> list[float]:
    return [(await sonar.get_readings())["distance"] for _ in range(count)]


def _check(distances: list[float], expected: float) -> None:
    # The simulated echo can only end late (its thread descheduled under load: milliseconds, i.e.
    # tens of cm), never early: every reading is at or above the distance, the closest within 2 cm.
    assert all(d >= expected - 0.01 for d in distances), distances
    assert min(distances) == pytest.approx(expected, abs=0.02), distances


async def test_ultrasonic_measures_the_echo(hw):
    sonar = Sensor.from_robot(hw.client, "sonar")
    _check(await _distances(sonar), 0.5)
    await Board.from_robot(hw.client, "pi").do_command(
        {"mock_attach_ultrasonic": {"trigger": "16", "echo": "18", "distance_m": 1.5}})
    _check(await _distances(sonar), 1.5)
    with pytest.raises(Exception, match="timed out waiting for signal that sound pulse was emitted"):
        await Sensor.from_robot(hw.client, "deaf").get_readings()


async def test_mpu6050_reports_motion(hw):
    imu = MovementSensor.from_robot(hw.client, "imu")
    acceleration = await imu.get_linear_acceleration()
    assert (acceleration.x, acceleration.y, acceleration.z) == pytest.approx((0.5, -1.0, 9.81), abs=0.002)
    assert (await imu.get_angular_velocity()).z == pytest.approx(90.0, abs=0.01)
    readings = await imu.get_readings()
    assert readings["temperature_celsius"] == pytest.approx(30.0, abs=0.003)
    props = await imu.get_properties()
    assert props.linear_acceleration_supported and props.angular_velocity_supported
    assert not props.orientation_supported
    with pytest.raises(NotSupportedError, match="does not report orientation"):
        await imu.get_orientation()
    alt = await MovementSensor.from_robot(hw.client, "imu_alt").get_linear_acceleration()
    assert alt.z == pytest.approx(9.81, abs=0.002)
    accel = MovementSensor.from_robot(hw.client, "accel")
    assert (await accel.get_linear_acceleration()).x == pytest.approx(-9.81, abs=0.04)
    assert (await accel.get_properties()).linear_acceleration_supported
    with pytest.raises(NotSupportedError, match=r"\(ADXL345\) does not report angular velocity"):
        await accel.get_angular_velocity()


@pytest.mark.sdk
async def test_official_sdk_reads_distance_and_imu(hw, viam_sdk_python):
    assert run_sdk_script(viam_sdk_python, "sonar_imu.py", hw.address).strip().endswith("ok")
