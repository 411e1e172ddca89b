"""The fake movement sensor through our client and through the official SDK, over real gRPC."""

import pytest

from tests.conftest import run_sdk_script
from viam.components.catalog import register_builtins
from viam.components.movement_sensor import GeoPoint, MovementSensor, Orientation, Vector3
from viam.components.movement_sensor.fake import FakeMovementSensor
from viam.errors import ResourceNotFoundError
from viam.resource.names import Model
from viam.resource.registry import Registry

CONFIG = {"components": [
    {"name": "movement1", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:fake"},
    {"name": "gps2", "api": "rdk:component:movement_sensor", "model": "rdk:builtin:fake",
     "attributes": {"latitude": -33.5, "longitude": 151.25, "altitude_m": 12.75, "compass_heading": 270}},
]}

EXPECTED_READINGS = {
    "position": GeoPoint(latitude=40.7, longitude=-73.98),
    "altitude": 50.5,
    "linear_velocity": Vector3(x=0, y=5.4, z=0),  # rdk's fake movement sensor's values
    "angular_velocity": Vector3(x=0, y=0, z=1),
    "linear_acceleration": Vector3(x=2.2, y=4.5, z=2),
    "compass": 25.0,
    "orientation": Orientation(o_x=0, o_y=0, o_z=1, theta=0),
}


async def test_fake_movement_sensor_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    sensor = MovementSensor.from_robot(robot, "movement1")
    assert await sensor.get_position() == (GeoPoint(latitude=40.7, longitude=-73.98), 50.5)
    assert await sensor.get_linear_velocity() == Vector3(y=5.4)
    assert await sensor.get_angular_velocity(extra={"a": 1}) == Vector3(z=1)
    assert await sensor.get_linear_acceleration() == Vector3(x=2.2, y=4.5, z=2)
    assert await sensor.get_compass_heading() == 25.0
    assert await sensor.get_orientation() == Orientation(o_z=1, theta=0)
    props = await sensor.get_properties()
    assert props == MovementSensor.Properties(True, True, True, True, True, True)
    accuracy = await sensor.get_accuracy()
    assert accuracy == MovementSensor.Accuracy(accuracy={}, position_hdop=0.0, position_vdop=0.0,
                                               position_nmea_gga_fix=4, compass_degrees_error=0.0)
    assert await sensor.get_readings() == EXPECTED_READINGS
    assert await sensor.do_command({"go": [1, "x"]}) == {"go": [1, "x"]}
    assert await sensor.get_status() == {}
    assert await sensor.get_geometries() == []


async def test_pose_attributes_configure_the_fake(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    sensor = MovementSensor.from_robot(robot, "gps2")
    assert await sensor.get_position() == (GeoPoint(latitude=-33.5, longitude=151.25), 12.75)
    assert await sensor.get_compass_heading() == 270.0
    readings = await sensor.get_readings()
    assert readings["position"] == GeoPoint(latitude=-33.5, longitude=151.25)
    assert readings["orientation"] == Orientation(o_z=1, theta=0)  # the reference's: zero, whatever the compass


class SparseMovementSensor(FakeMovementSensor):
    """Reports an HDOP of exactly 0 and leaves the other optional accuracy fields unset."""

    async def get_accuracy(self, **kwargs):
        return MovementSensor.Accuracy(accuracy={}, position_hdop=0.0)


async def test_unset_accuracy_fields_come_back_as_none(start_machine, connect):
    """Optional proto fields: unset reads as None, a real 0.0 stays 0.0 (a perfect fix is not "unknown")."""
    registry = Registry()
    register_builtins(registry)
    registry.register_model(MovementSensor.API, Model("acme", "test", "sparse"), SparseMovementSensor)
    config = {"components": [{"name": "sparse", "api": "rdk:component:movement_sensor",
                              "model": "acme:test:sparse"}]}
    robot = await connect(await start_machine(config, registry=registry))
    accuracy = await MovementSensor.from_robot(robot, "sparse").get_accuracy()
    assert accuracy == MovementSensor.Accuracy(accuracy={}, position_hdop=0.0)
    assert accuracy.position_vdop is None and accuracy.position_nmea_gga_fix is None


async def test_unknown_movement_sensor_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no movement_sensor named 'nope'"):
        MovementSensor.from_robot(robot, "nope")


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"latitude": 91}, "components[0].attributes.latitude: latitude must be a number in -90..90, got 91"),
    ({"longitude": "east"}, "components[0].attributes.longitude: longitude must be a number in -180..180"),
    ({"compass_heading": -1}, "components[0].attributes.compass_heading: compass_heading must be a number in 0..360"),
])
async def test_bad_attributes_name_the_path(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:movement_sensor", "model": "fake",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    status = await robot.get_machine_status()
    errors = {s.name.name: s.error for s in status.resources}
    assert expected in errors["bad"], errors


@pytest.mark.sdk
def test_fake_movement_sensor_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "movement_sensor.py", server.address).strip().endswith("ok")
