"""``rdk:builtin:sensor-controlled``: config checks and sensor choice as the reference; the
velocity PID loop, Spin and MoveStraight against a simulated rover (a plant whose wheels answer
SetPower and whose IMU/odometry report what the plant did); without control parameters every
motion goes to the wrapped base, driven through the server by the official SDK."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from builtin_modules.base.sensor_controlled import SensorControlledBase, moved_deg, parse_config, yaw_deg
from tests.conftest import run_sdk_script
from viam.components.base import Base, BaseProperties, Vector3
from viam.components.movement_sensor import MovementSensor
from viam.components.movement_sensor.api import MovementSensorProperties
from viam.config.model import ResourceConfig
from viam.errors import ConfigError, InvalidArgumentError
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation
from viam.resource.names import ResourceName

MM_PER_DEG_LAT = 111_194.9266 * 1000 / 1000  # metres per degree of latitude on a 6371 km sphere, in m


class Rover:
    """The plant: full power is 0.5 m/s forward and 90 deg/s of turn; integrates real time."""

    def __init__(self) -> None:
        self.power = (0.0, 0.0)
        self.yaw = 0.0
        self.travelled_m = 0.0
        self._at = time.monotonic()

    def advance(self) -> None:
        now = time.monotonic()
        dt, self._at = now - self._at, now
        self.travelled_m += self.power[0] * 0.5 * dt
        self.yaw += self.power[1] * 90.0 * dt

    @property
    def velocity(self) -> tuple[float, float]:
        return self.power[0] * 0.5, self.power[1] * 90.0


class PlantBase(Base):
    def __init__(self, rover: Rover) -> None:
        super().__init__("wheels")
        self.rover = rover
        self.calls: list[str] = []
        self.powered = asyncio.Event()  # set at each SetPower that drives the wheels

    async def set_power(self, linear: Any, angular: Any, **kwargs: Any) -> None:
        self.rover.advance()
        self.rover.power = (max(-1.0, min(1.0, linear.y)), max(-1.0, min(1.0, angular.z)))
        if self.rover.power != (0.0, 0.0):
            self.powered.set()

    async def stop(self, **kwargs: Any) -> None:
        self.rover.advance()
        self.rover.power = (0.0, 0.0)
        self.calls.append("stop")

    async def move_straight(self, distance: int, velocity: float, **kwargs: Any) -> None:
        self.calls.append(f"move_straight {distance} {velocity}")

    async def spin(self, angle: float, velocity: float, **kwargs: Any) -> None:
        self.calls.append(f"spin {angle} {velocity}")

    async def set_velocity(self, linear: Any, angular: Any, **kwargs: Any) -> None:
        self.calls.append(f"set_velocity {linear.y} {angular.z}")

    async def is_moving(self) -> bool:
        return self.rover.power != (0.0, 0.0)

    async def get_properties(self, **kwargs: Any) -> BaseProperties:
        return BaseProperties(0.2, 0.0, 0.1)


class PlantSensor(MovementSensor):
    def __init__(self, name: str, rover: Rover, props: MovementSensorProperties) -> None:
        super().__init__(name)
        self.rover, self.props = rover, props

    async def get_properties(self, **kwargs: Any) -> MovementSensorProperties:
        return self.props

    async def get_linear_velocity(self, **kwargs: Any) -> Vector3:
        self.rover.advance()
        return Vector3(y=self.rover.velocity[0])

    async def get_angular_velocity(self, **kwargs: Any) -> Vector3:
        self.rover.advance()
        return Vector3(z=self.rover.velocity[1])

    async def get_orientation(self, **kwargs: Any) -> Orientation:
        self.rover.advance()
        wrapped = (self.rover.yaw + 180.0) % 360.0 - 180.0
        return Orientation(o_x=0, o_y=0, o_z=1, theta=wrapped)

    async def get_position(self, **kwargs: Any) -> tuple[GeoPoint, float]:
        self.rover.advance()  # the rover drives north from (0, 0)
        return GeoPoint(latitude=self.rover.travelled_m / MM_PER_DEG_LAT, longitude=0.0), 0.0

    async def get_compass_heading(self, **kwargs: Any) -> float:
        raise NotImplementedError

    async def get_linear_acceleration(self, **kwargs: Any) -> Vector3:
        raise NotImplementedError

    async def get_accuracy(self, **kwargs: Any) -> Any:
        raise NotImplementedError


VELOCITIES = MovementSensorProperties(angular_velocity_supported=True, linear_velocity_supported=True)
IMU = MovementSensorProperties(orientation_supported=True, angular_velocity_supported=True)
GPS = MovementSensorProperties(position_supported=True)
GAINS = [{"type": "linear_velocity", "p": 300, "i": 600, "d": 0},
         {"type": "angular_velocity", "p": 2, "i": 6, "d": 0}]


def config(**attributes: Any) -> ResourceConfig:
    return ResourceConfig(name="controlled", api=Base.API, model=SensorControlledBase.MODEL, attributes=attributes)


async def build(rover: Rover, sensors: dict[str, MovementSensorProperties], **attributes: Any):
    wheels = PlantBase(rover)
    deps = {ResourceName(Base.API, "wheels"): wheels}
    for name, props in sensors.items():
        deps[ResourceName(MovementSensor.API, name)] = PlantSensor(name, rover, props)
    attributes = {"movement_sensor": list(sensors), "base": "wheels", "control_frequency_hz": 20, **attributes}
    cfg = config(**attributes)
    assert sorted(SensorControlledBase.validate_config(cfg)[0]) == sorted([*sensors, "wheels"])
    return await SensorControlledBase.new(cfg, deps), wheels


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"base": "b"}, "movement_sensor needs at least one"),
    ({"movement_sensor": ["imu"]}, "base is required"),
    ({"movement_sensor": ["imu"], "base": "b", "control_parameters": [{"type": "heading", "p": 1}]},
     "must be 'linear_velocity' or 'angular_velocity'"),
    ({"movement_sensor": ["imu"], "base": "b", "control_parameters": [GAINS[0]]}, "give p, i and d for angular"),
])
def test_bad_configs_name_the_attribute(attributes, expected):
    with pytest.raises(ConfigError, match=expected):
        parse_config(config(**attributes))


async def test_a_sensor_without_orientation_or_velocities_is_refused():
    with pytest.raises(InvalidArgumentError, match="no appropriate sensor for orientation or velocity"):
        await build(Rover(), {"gps": GPS, "accel": MovementSensorProperties(angular_velocity_supported=True)})


def test_heading_helpers():
    assert yaw_deg(Orientation(o_x=0, o_y=0, o_z=1, theta=30)) == pytest.approx(30)
    assert moved_deg(170, -170, 0) == pytest.approx(20)  # across the wrap, counter-clockwise
    assert moved_deg(-170, 170, 5) == pytest.approx(-15)


async def test_without_control_parameters_motion_goes_to_the_wrapped_base():
    base, wheels = await build(Rover(), {"imu": IMU})
    assert not base.controlled
    await base.spin(90, 45)
    await base.move_straight(300, 100)
    await base.set_velocity(Vector3(y=100), Vector3(z=5))
    assert wheels.calls == ["spin 90 45", "move_straight 300 100", "set_velocity 100.0 5.0"]
    assert await base.get_properties() == BaseProperties(0.2, 0.0, 0.1)


async def test_set_velocity_closes_the_loop_on_the_measured_velocity():
    rover = Rover()
    base, _ = await build(rover, {"odometry": VELOCITIES}, control_parameters=GAINS)
    assert base.controlled
    await base.set_velocity(Vector3(y=200), Vector3(z=-30))  # mm/s, deg/s
    deadline = time.monotonic() + 20
    while not (abs(rover.velocity[0] - 0.2) < 0.01 and abs(rover.velocity[1] + 30) < 1.5):
        assert time.monotonic() < deadline, f"velocity {rover.velocity} never settled at (0.2 m/s, -30 deg/s)"
        await asyncio.sleep(0.05)
    await base.stop()
    assert rover.power == (0.0, 0.0) and not await base.is_moving()


async def test_spin_stops_at_the_angle_by_orientation():
    rover = Rover()
    base, _ = await build(rover, {"imu": IMU, "odometry": VELOCITIES}, control_parameters=GAINS)
    await asyncio.wait_for(base.spin(90, 45), 30)
    assert rover.power == (0.0, 0.0)
    # Within 1 deg when the loop keeps its 20 Hz; a starved loop lets the plant coast a little further.
    assert rover.yaw == pytest.approx(90, abs=8)


async def test_move_straight_stops_at_the_distance_by_position():
    rover = Rover()
    base, _ = await build(rover, {"gps": GPS, "imu": IMU, "odometry": VELOCITIES}, control_parameters=GAINS)
    await asyncio.wait_for(base.move_straight(300, 100), 30)
    assert rover.power == (0.0, 0.0)
    assert rover.travelled_m * 1000 == pytest.approx(300, abs=30)
    assert abs(rover.yaw) < 3  # heading held


async def test_a_cancelled_spin_stops_the_base_and_a_new_command_supersedes():
    rover = Rover()
    base, wheels = await build(rover, {"imu": IMU, "odometry": VELOCITIES}, control_parameters=GAINS)
    spin = asyncio.ensure_future(base.spin(3600, 45))
    await asyncio.wait_for(wheels.powered.wait(), 10)
    spin.cancel()
    with pytest.raises(asyncio.CancelledError):
        await spin
    assert rover.power == (0.0, 0.0) and wheels.calls[-1] == "stop"
    wheels.powered.clear()
    first = asyncio.ensure_future(base.spin(3600, 45))
    await asyncio.wait_for(wheels.powered.wait(), 10)
    await base.set_power(Vector3(y=0.3), Vector3())
    await asyncio.wait_for(first, 5)  # superseded: ends quietly
    assert rover.power == (0.3, 0.0)
    await base.close()


# Each fake motor reports positions through its own fake encoder (as rdk's fake motor does).
FAKE_MOTORS = [{"name": n, "api": "rdk:component:motor", "model": "rdk:builtin:fake",
                "attributes": {"max_rpm": 1000, "encoder": f"{n}-enc", "ticks_per_rotation": 100}}
               for n in ("l1", "r1")]
FAKE_MOTORS += [{"name": f"{n}-enc", "api": "rdk:component:encoder", "model": "rdk:builtin:fake"}
                for n in ("l1", "r1")]
SERVER_CONFIG = {"components": [
    *FAKE_MOTORS,
    {"name": "rover", "api": "rdk:component:base", "model": "rdk:builtin:wheeled",
     "attributes": {"left": ["l1"], "right": ["r1"], "width_mm": 200, "wheel_circumference_mm": 100}},
    {"name": "imu", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:fake"},
    {"name": "controlled", "api": "rdk:component:base", "model": "rdk:builtin:sensor-controlled",
     "attributes": {"movement_sensor": ["imu"], "base": "rover"}},
]}


@pytest.mark.sdk
def test_sensor_controlled_base_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(SERVER_CONFIG)
    assert run_sdk_script(viam_sdk_python, "sensor_controlled_base.py", server.address).strip().endswith("ok")
