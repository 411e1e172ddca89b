"""The fake encoder: exact arithmetic on a controlled clock, every RPC through our client, the SDK."""

import asyncio

import pytest

from tests.conftest import run_sdk_script
from viam.components.encoder import Encoder, EncoderProperties, PositionType
from viam.components.encoder.fake import FakeEncoder
from viam.errors import InvalidArgumentError, NotSupportedError, ResourceNotFoundError

TICKS = PositionType.POSITION_TYPE_TICKS_COUNT
DEGREES = PositionType.POSITION_TYPE_ANGLE_DEGREES
CONFIG = {"components": [
    {"name": "encoder1", "api": "rdk:component:encoder", "model": "rdk:builtin:fake", "attributes": {}},
    {"name": "encoder2", "api": "rdk:component:encoder", "model": "rdk:builtin:fake",
     "attributes": {"ticks_per_rotation": 100, "speed_rpm": 600, "update_rate_msec": 10}},
]}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_position_advances_in_update_steps_at_the_set_speed():
    clock = Clock()
    encoder = FakeEncoder("e", ticks_per_rotation=200, speed_rpm=30, update_rate_msec=100, clock=clock)
    assert await encoder.get_position() == (0, TICKS)
    clock.now += 0.099
    assert (await encoder.get_position())[0] == 0, "nothing moves between updates"
    clock.now += 0.001
    assert (await encoder.get_position())[0] == pytest.approx(10), "30 rpm * 200 ticks/rev = 100 ticks/s"
    clock.now += 1.0
    assert (await encoder.get_position())[0] == pytest.approx(110)
    assert await encoder.get_position(DEGREES) == (pytest.approx(198), DEGREES)
    encoder.set_speed(-60)
    clock.now += 0.5
    assert (await encoder.get_position())[0] == pytest.approx(10)
    await encoder.reset_position()
    assert (await encoder.get_position())[0] == 0
    clock.now += 0.1
    value, _ = await encoder.get_position(DEGREES)
    assert value == pytest.approx(-20 / 200 * 360 % 360), "angles wrap into 0..360"


async def test_every_rpc_through_our_client(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    encoder = Encoder.from_robot(robot, "encoder1")
    assert await encoder.get_properties() == EncoderProperties(ticks_count_supported=True,
                                                               angle_degrees_supported=False)  # rdk's fake
    assert await encoder.get_position() == (0, TICKS), "still by default"
    assert await encoder.do_command({"set_position_ticks": 90}) == {"set_position_ticks": 90}
    assert await encoder.get_position() == (90, TICKS)
    assert await encoder.get_position(TICKS) == (90, TICKS)
    assert await encoder.get_position(PositionType.POSITION_TYPE_UNSPECIFIED) == (90, TICKS)
    with pytest.raises(NotSupportedError, match='encoder does not support "degrees"; use a different PositionType'):
        await encoder.get_position(DEGREES)  # as rdk's fake; ours reports angles with ticks_per_rotation
    assert await Encoder.from_robot(robot, "encoder2").get_properties() == EncoderProperties(
        ticks_count_supported=True, angle_degrees_supported=True)
    await encoder.reset_position()
    assert await encoder.get_position() == (0, TICKS)
    await encoder.do_command({"set_speed_rpm": 60})  # 360 ticks/s in steps of 36
    await asyncio.sleep(0.25)
    value, _ = await encoder.get_position()
    assert value >= 72 and value % 36 == pytest.approx(0, abs=1e-3)
    with pytest.raises(InvalidArgumentError, match="set_speed_rpm must be a number"):
        await encoder.do_command({"set_speed_rpm": "fast"})
    assert await encoder.do_command({"other": [1]}) == {"other": [1]}
    status = await encoder.get_status()
    assert status["speed_rpm"] == 60
    assert await encoder.get_geometries() == []


async def test_configured_speed_moves_without_commands(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    encoder = Encoder.from_robot(robot, "encoder2")
    first, _ = await encoder.get_position()
    await asyncio.sleep(0.1)
    second, _ = await encoder.get_position()
    assert second - first >= 50, "600 rpm at 100 ticks/rev is 1000 ticks/s"


async def test_update_rate_zero_is_the_reference_default():
    """rdk's fake encoder: update_rate_msec 0 (or absent) means 100 ms."""
    from viam.components.encoder.fake import _parse
    from viam.config.model import ResourceConfig
    from viam.resource.names import API, Model

    for attributes in ({}, {"update_rate_msec": 0}):
        config = ResourceConfig(name="e", api=API.component("encoder"), model=Model.parse("rdk:builtin:fake"),
                                attributes=attributes, json_path="components[0]")
        assert _parse(config)["update_rate_msec"] == 100


async def test_unknown_position_type_reads_ticks():
    """rdk's fake answers every type but degrees with ticks."""
    encoder = FakeEncoder("e")
    assert await encoder.get_position(7) == (0, TICKS)  # type: ignore[arg-type]


async def test_unknown_encoder_is_not_found(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    with pytest.raises(ResourceNotFoundError, match="no encoder named 'nope'"):
        Encoder.from_robot(robot, "nope")


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"ticks_per_rotation": 0}, "components[0].attributes.ticks_per_rotation: ticks_per_rotation must be a positive"),
    ({"ticks_per_rotation": 2.5}, "components[0].attributes.ticks_per_rotation: ticks_per_rotation must be a whole"),
    ({"update_rate_msec": "often"}, "components[0].attributes.update_rate_msec: update_rate_msec must be a number"),
    ({"update_rate_msec": -5}, "components[0].attributes.update_rate_msec: update_rate_msec must be >= 0"),
    ({"speed_rpm": True}, "components[0].attributes.speed_rpm: speed_rpm must be a number"),
])
async def test_bad_attributes_name_the_path(start_machine, connect, attributes, expected):
    config = {"components": [{"name": "bad", "api": "rdk:component:encoder", "model": "fake",
                              "attributes": attributes}]}
    robot = await connect(await start_machine(config))
    status = await robot.get_machine_status()
    assert expected in {s.name.name: s.error for s in status.resources}["bad"]


@pytest.mark.sdk
def test_fake_encoder_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "encoder.py", server.address).strip().endswith("ok")
