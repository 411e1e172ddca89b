"""Drive the fake gripper, gantry, button, switch, pose tracker and input controller through the official SDK."""

import asyncio
import time

from grpclib import Status
from grpclib.exceptions import GRPCError
from sdk_common import check, connect
from viam.components.input import Control, Controller, Event, EventType

from viam.components.button import Button
from viam.components.gantry import Gantry
from viam.components.gripper import Gripper
from viam.components.pose_tracker import PoseTracker
from viam.components.switch import Switch


async def main() -> None:
    robot = await connect()
    try:
        gripper = Gripper.from_robot(robot, "gripper1")
        await gripper.open()
        check(await gripper.grab() is False, "the fake grabs nothing")
        holding = await gripper.is_holding_something()
        check(holding.is_holding_something is False, f"holding {holding}")
        await gripper.stop()
        check(not await gripper.is_moving(), "gripper still")

        gantry = Gantry.from_robot(robot, "gantry1")
        check(await gantry.get_position() == [50] and await gantry.get_lengths() == [100], "rdk's gantry defaults")
        await gantry.move_to_position([3.0], [10.0])
        check(await gantry.get_position() == [3.0], "gantry moved")
        check(await gantry.home() is True, "homed")
        try:
            await gantry.move_to_position([1.0, 2.0], [1.0, 1.0])
            raise AssertionError("two positions for one axis accepted")
        except GRPCError as exc:
            check(exc.status == Status.INVALID_ARGUMENT, str(exc))

        button = Button.from_robot(robot, "button1")
        await button.push()
        await button.push()
        check((await button.get_status())["pushes"] == 2, "two pushes")

        switch = Switch.from_robot(robot, "switch1")
        count, labels = await switch.get_number_of_positions()
        check((count, labels) == (3, ["low", "mid", "high"]), f"positions {count} {labels}")
        await switch.set_position(2)
        check(await switch.get_position() == 2, "switch set")

        tracker = PoseTracker.from_robot(robot, "tracker1")
        poses = await tracker.get_poses(body_names=[])
        check(sorted(poses) == ["body1", "body2"] and poses["body2"].pose.x == 5, f"poses {poses}")
        check(sorted(await tracker.get_poses(body_names=["body1"])) == ["body1"], "filtered")

        controller = Controller.from_robot(robot, "pad1")
        controls = await controller.get_controls()
        check(controls == [Control.ABSOLUTE_X, Control.BUTTON_START], f"controls {controls}")
        seen: list[Event] = []
        controller.register_control_callback(Control.BUTTON_START, [EventType.BUTTON_PRESS], seen.append)
        deadline = time.monotonic() + 10
        while not any(e.event == EventType.BUTTON_PRESS for e in seen):  # the stream subscribes asynchronously
            check(time.monotonic() < deadline, f"no streamed event: {seen}")
            await controller.trigger_event(Event(time.time(), EventType.BUTTON_PRESS, Control.BUTTON_START, 1.0))
            await asyncio.sleep(0.05)
        events = await controller.get_events()
        check(events[Control.BUTTON_START].value == 1.0, f"events {events}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
