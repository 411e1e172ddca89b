"""The fake sensor and the shared readings codec, through our client and the official SDK."""

import subprocess

import pytest

from tests.conftest import run_sdk_script
from viam.components.sensor import Sensor
from viam.components.sensor.readings import readings_from_proto, readings_to_proto
from viam.errors import ResourceNotFoundError
from viam.gen.common.v1 import common_pb2
from viam.gen.common.v1.common_pb2 import GeoPoint, Orientation, Vector3

CUSTOM = {"pressure_hpa": 1013.25, "ok": True, "label": "porch", "nothing": None,
          "history": [1, 2.5, "x"], "nested": {"a": {"b": 3}}}
CONFIG = {"components": [
    {"name": "sensor1", "api": "rdk:component:sensor", "model": "rdk:builtin:fake"},
    {"name": "sensor2", "api": "rdk:component:sensor", "model": "rdk:builtin:fake",
     "attributes": {"readings": CUSTOM}},
]}


async def _errors(robot) -> dict[str, str]:
    status = await robot.get_machine_status()
    return {s.name.name: s.error for s in status.resources}


def test_readings_codec_round_trips_geometry_and_plain_values():
    readings = {"v": Vector3(x=1, y=-2, z=3.5), "g": GeoPoint(latitude=40.7, longitude=-73.98),
                "o": Orientation(o_x=0, o_y=0, o_z=1, theta=90), "n": 4.0, "s": "x", "b": False,
                "d": {"_type": "something_else", "k": 1.0}}
    wire = readings_to_proto(readings)
    assert wire["v"].struct_value.fields["_type"].string_value == "vector3"
    assert wire["g"].struct_value.fields["lat"].number_value == 40.7
    assert wire["o"].struct_value.fields["_type"].string_value == "orientation_vector_degrees"
    assert readings_from_proto(wire) == readings


def test_angular_velocity_tag_from_go_servers_decodes_as_vector3():
    wire = readings_to_proto({"w": {"x": 0.0, "y": 1.0, "z": 2.0, "_type": "angular_velocity"}})
    assert readings_from_proto(wire) == {"w": Vector3(x=0, y=1, z=2)}


async def test_fake_sensor_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    sensor = Sensor.from_robot(robot, "sensor1")
    assert await sensor.get_readings() == {"a": 1, "b": 2, "c": 3}  # rdk's fake sensor
    assert await sensor.get_readings(extra={"ignored": 1}) == await sensor.get_readings()
    assert await sensor.get_status() == {"reads": 3}
    assert await sensor.do_command({"cmd": ["a", 1], "deep": {"x": None}}) == {"cmd": ["a", 1], "deep": {"x": None}}
    assert await sensor.get_geometries() == []
    custom = await Sensor.from_robot(robot, "sensor2").get_readings()
    assert custom == CUSTOM


async def test_unknown_sensor_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no sensor named 'nope'"):
        Sensor.from_robot(robot, "nope")


@pytest.mark.parametrize(("readings", "expected"), [
    ([1, 2], "components[0].attributes.readings: readings must be an object"),
    ("hot", "components[0].attributes.readings: readings must be an object"),
])
async def test_bad_readings_attribute_names_the_path(start_machine, connect, readings, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:sensor", "model": "fake",
                              "attributes": {"readings": readings}}]}
    robot = await connect(await start_machine(config))
    assert expected in (await _errors(robot))["bad"]


@pytest.mark.sdk
def test_fake_sensor_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "sensor.py", server.address).strip().endswith("ok")


SDK_ENCODE = """
import sys
from viam.proto.common import GeoPoint, GetReadingsResponse, Orientation, Vector3
from viam.utils import sensor_readings_native_to_value
readings = {"v": Vector3(x=1, y=-2, z=3.5), "g": GeoPoint(latitude=40.7, longitude=-73.98),
            "o": Orientation(o_x=0, o_y=0, o_z=1, theta=90), "n": 4.0, "s": "x"}
sys.stdout.write(GetReadingsResponse(readings=sensor_readings_native_to_value(readings)).SerializeToString().hex())
"""


@pytest.mark.sdk
def test_readings_encoded_by_the_official_sdk_decode_to_the_same_messages(viam_sdk_python, tmp_path):
    """What an SDK-written module sends for GetReadings is what our client hands back."""
    # cwd outside the repo: ``-c`` puts the cwd on sys.path and our ``viam`` would shadow the SDK's.
    proc = subprocess.run([str(viam_sdk_python), "-c", SDK_ENCODE], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    response = common_pb2.GetReadingsResponse.FromString(bytes.fromhex(proc.stdout))
    assert readings_from_proto(response.readings) == {
        "v": Vector3(x=1, y=-2, z=3.5), "g": GeoPoint(latitude=40.7, longitude=-73.98),
        "o": Orientation(o_x=0, o_y=0, o_z=1, theta=90), "n": 4.0, "s": "x"}
    assert response.readings == readings_to_proto(readings_from_proto(response.readings))
