"""Fakes of the gripper, gantry, button, switch, pose tracker and input controller APIs, through our
client and the official SDK."""

import asyncio
import logging
from pathlib import Path

import pytest

from tests.conftest import run_sdk_script
from viam.components.button import Button
from viam.components.gantry import Gantry
from viam.components.gripper import Gripper
from viam.components.input_controller import Event, InputController
from viam.components.pose_tracker import PoseTracker
from viam.components.switch import Switch
from viam.errors import InvalidArgumentError, ViamError

GANTRY_MODEL = Path(__file__).parent / "gantry_one_joint.json"  # one prismatic joint, 0..250 mm


def fake(name: str, api: str, **attributes: object) -> dict:
    return {"name": name, "api": f"rdk:component:{api}", "model": "rdk:builtin:fake", "attributes": attributes}


CONFIG = {"components": [
    fake("gripper1", "gripper"), fake("gantry1", "gantry"), fake("gantry3", "gantry", lengths_mm=[100, 200, 50]),
    fake("gantry2", "gantry", length_mm=1000),
    fake("button1", "button"), fake("switch1", "switch", position_count=3, labels=["low", "mid", "high"]),
    fake("switch2", "switch", labels=["only one"]),
    fake("tracker1", "pose_tracker"),
    fake("pad1", "input_controller", callback_delay_sec=3600),  # periodic events out of the way
    fake("pad2", "input_controller", event_value=0.25, callback_delay_sec=0.05),
    fake("gantry4", "gantry", model_path=str(GANTRY_MODEL)),
]}


async def test_fakes_through_our_clients(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    gripper = Gripper.from_robot(robot, "gripper1")
    await gripper.open()
    assert await gripper.grab() is False
    assert (await gripper.is_holding_something()).is_holding_something is False
    assert await gripper.get_status() == {"is_open": False, "is_moving": False}
    assert await gripper.get_current_inputs() == []

    gantry = Gantry.from_robot(robot, "gantry3")  # ours: several axes, each starting half way
    assert await gantry.get_lengths() == [100, 200, 50] and await gantry.get_position() == [50, 100, 25]
    await gantry.move_to_position([10, 20, 30], [5, 5, 5])
    assert await gantry.get_position() == [10, 20, 30]
    with pytest.raises(InvalidArgumentError, match="has 3 axes, got 1 positions"):
        await gantry.move_to_position([1], [1])

    # rdk's fake gantry: one 100 mm axis starting half way, length_mm, the range check.
    gantry = Gantry.from_robot(robot, "gantry1")
    assert await gantry.get_lengths() == [100] and await gantry.get_position() == [50]
    with pytest.raises(ViamError, match=r"position 120 out of range \[0, 100\]$"):
        await gantry.move_to_position([120], [10])
    with pytest.raises(ViamError, match=r"position -0.5 out of range \[0, 100\]$"):
        await gantry.move_to_position([-0.5], [10])
    assert await gantry.get_position() == [50]
    [carriage] = await gantry.get_geometries()  # the embedded model's carriage box at the joint's position
    assert carriage.label == "gantry1:carriage"
    assert (carriage.box.dims_mm.x, carriage.box.dims_mm.y, carriage.box.dims_mm.z) == (50, 50, 10)
    assert (carriage.center.x, carriage.center.y, carriage.center.z, carriage.center.o_z) == (0, 0, 5, 1)
    await gantry.move_to_position([80], [10])
    assert (await gantry.get_geometries())[0].center.x == 30
    assert await Gantry.from_robot(robot, "gantry2").get_lengths() == [1000]
    assert await Gantry.from_robot(robot, "gantry4").get_position() == [125]

    button = Button.from_robot(robot, "button1")
    await button.push()
    assert await button.get_status() == {"pushes": 1}

    switch = Switch.from_robot(robot, "switch1")
    assert await switch.get_number_of_positions() == (3, ["low", "mid", "high"])
    await switch.set_position(1)
    assert await switch.get_position() == 1
    with pytest.raises(ViamError, match=r"switch component rdk:component:switch/switch1 position 3 is invalid "
                                        r"\(valid range: 0-2\)"):  # the reference's words
        await switch.set_position(3)
    # rdk's fake drops labels whose count does not match position_count.
    assert await Switch.from_robot(robot, "switch2").get_number_of_positions() == (2, [])

    poses = await PoseTracker.from_robot(robot, "tracker1").get_poses(["body2", "nope"])
    assert list(poses) == ["body2"] and poses["body2"].reference_frame == "world"


@pytest.mark.parametrize(("attributes", "expected"), [
    ({"length_mm": -1}, "components[0].attributes.length_mm: length_mm must be positive, got -1"),
    ({"length_mm": 10, "model_path": "g.json"},
     "components[0].attributes.model_path: can only populate either model_path or length_mm - not both"),
])
async def test_gantry_config_errors_as_the_reference(start_machine, connect, attributes, expected):
    robot = await connect(await start_machine({"components": [fake("bad", "gantry", **attributes)]}))
    errors = {s.name.name: s.error for s in (await robot.get_machine_status()).resources}
    assert expected in errors["bad"]


async def test_input_controller_reference_events(start_machine, connect):
    """rdk's fake: event_value is every event's value; subscribers get one event per wanted
    (control, type) every callback_delay_sec."""
    robot = await connect(await start_machine(CONFIG))
    pad = InputController.from_robot(robot, "pad2")
    events = await pad.get_events()
    assert [(c, e.event, e.value) for c, e in events.items()] == [("AbsoluteX", "PositionChangeAbs", 0.25)]
    stream = pad.stream_events({"ButtonStart": ["ButtonPress", "ButtonRelease"]})
    seen = [await asyncio.wait_for(anext(stream), 10) for _ in range(4)]
    await stream.aclose()
    assert {(e.control, e.event, e.value) for e in seen} == {("ButtonStart", "ButtonPress", 0.25),
                                                            ("ButtonStart", "ButtonRelease", 0.25)}


async def test_input_controller_streams_triggered_events(start_machine, connect):
    robot = await connect(await start_machine(CONFIG))
    pad = InputController.from_robot(robot, "pad1")
    assert await pad.get_controls() == ["AbsoluteX", "ButtonStart"]
    [(control, absolute)] = (await pad.get_events()).items()  # rdk's fake: one AbsoluteX event, stamped now
    assert (control, absolute.control, absolute.event) == ("AbsoluteX", "AbsoluteX", "PositionChangeAbs")
    assert 0 <= absolute.value <= 1 and absolute.time > 0
    stream = pad.stream_events({"AbsoluteX": ["PositionChangeAbs"]})
    first = asyncio.ensure_future(anext(stream))
    for _ in range(200):  # until the subscription is in place
        await pad.trigger_event(Event(0, "ButtonPress", "ButtonStart", 1))  # not asked for: never streamed
        await pad.trigger_event(Event(0, "PositionChangeAbs", "AbsoluteX", 0.5))
        done, _ = await asyncio.wait({first}, timeout=0.02)
        if done:
            break
    event = await asyncio.wait_for(first, 1)
    assert (event.control, event.event, event.value) == ("AbsoluteX", "PositionChangeAbs", 0.5) and event.time > 0
    await stream.aclose()
    assert (await pad.get_events())["ButtonStart"].event == "ButtonPress"  # ours: triggered events are kept
    with pytest.raises(InvalidArgumentError, match="has no control 'ButtonSelect'"):
        await pad.trigger_event(Event(0, "ButtonPress", "ButtonSelect", 1))


@pytest.mark.sdk
def test_fakes_through_official_sdk(viam_server, viam_sdk_python):
    server = viam_server(CONFIG)
    assert run_sdk_script(viam_sdk_python, "fakes.py", server.address).strip().endswith("ok")


async def test_unknown_and_no_effect_attributes_are_warned(start_machine, caplog):
    """Nothing silently ignored: an attribute a fake does not know, or one the reference accepts that
    does nothing, is named in a warning when the fake is built."""
    caplog.set_level(logging.WARNING)
    await start_machine({"components": [
        fake("s1", "servo", colour="red"),
        fake("m1", "motor", min_power_pct=0.2),
        fake("c1", "camera", width=64, height=48, rtp_passthrough=True),
    ]})
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "servo 's1': attributes.colour: unknown attribute, it has no effect here" in messages
    assert any("motor 'm1': attributes.min_power_pct is accepted and has no effect" in m for m in messages)
    assert any("camera 'c1': attributes.rtp_passthrough is accepted and has no effect here" in m for m in messages)
    assert not any("'m1': attributes.min_power_pct: unknown" in m for m in messages)
