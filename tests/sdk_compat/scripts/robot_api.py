"""The machine-level API through the official RobotClient (default options, direct dial).

argv: ADDRESS. Expects the fake machine of ``test_robot_api.py`` (motor1, sensor1, board1, ...).
"""

import asyncio
import sys
from datetime import datetime

from compat_common import check, connect, expect_error
from grpclib import Status

from viam.components.board import Board
from viam.components.motor import Motor
from viam.components.sensor import Sensor
from viam.proto.robot import GetMachineStatusResponse, ResourceStatus


async def cancel_long_go_for(robot) -> None:
    """CancelOperation on a long GoFor: the caller gets CANCELLED and the motor stops (as the reference)."""
    motor = Motor.from_robot(robot, "motor1")
    go = asyncio.create_task(motor.go_for(rpm=60, revolutions=100))
    op = None
    for _ in range(100):
        ops = [o for o in await robot.get_operations() if o.method.endswith("MotorService/GoFor")]
        if ops:
            op = ops[0]
            break
        await asyncio.sleep(0.02)
    check(op is not None, "GoFor never showed in get_operations")
    check(op.id and op.started.seconds > 0, f"operation {op}")
    # As the reference: the request as a struct (proto field names) and the caller's session.
    args = dict(op.arguments)
    check(args.get("name") == "motor1" and args.get("rpm") == 60 and args.get("revolutions") == 100, f"args {args}")
    check(op.session_id != "", f"no session id on {op}")
    blocker = asyncio.create_task(robot.block_for_operation(op.id))
    await asyncio.sleep(0.1)
    check(not blocker.done(), "block_for_operation returned while GoFor still runs")
    await robot.cancel_operation(op.id)
    await asyncio.wait_for(blocker, 5)
    await expect_error(asyncio.wait_for(go, 5), Status.CANCELLED)
    powered, power = await motor.is_powered()
    check(not powered and power == 0, f"motor still powered after its GoFor was cancelled: {power}")
    check(not [o for o in await robot.get_operations() if o.id == op.id], "cancelled op still listed")
    await robot.cancel_operation("no-such-op")  # an unknown id is OK, as in the reference


async def main() -> None:
    robot = await connect()
    try:
        names = {(n.subtype, n.name) for n in robot.resource_names}
        check({("motor", "motor1"), ("sensor", "sensor1"), ("board", "board1")} <= names, f"names {names}")

        status = await robot.get_machine_status()
        check(status.state == GetMachineStatusResponse.State.STATE_RUNNING, f"machine state {status.state}")
        states = {r.name.name: r.state for r in status.resources}
        check(states.get("motor1") == ResourceStatus.State.STATE_READY, f"resource states {states}")
        check(status.config.revision != "", "config revision")

        version = await robot.get_version()
        check(version.version and version.api_version and version.platform, f"version {version}")

        check(await robot.get_models_from_modules() == [], "no modules, no models")
        await expect_error(robot.get_cloud_metadata(), Status.UNKNOWN, "cloud metadata not available")
        await expect_error(robot.restart_module(name="nope"), Status.NOT_FOUND, "nope")
        await expect_error(robot.upload_data_from_path("/tmp"), Status.FAILED_PRECONDITION, "needs a data manager")
        await robot.log("compat-script", "info", datetime.now(), "hello from the official sdk", "")

        await cancel_long_go_for(robot)

        motor = Motor.from_robot(robot, "motor1")
        await motor.set_power(0.5)
        await robot.stop_all()
        check((await motor.is_powered())[0] is False, "stop_all left the motor powered")
        await motor.set_power(-0.5)
        await robot.stop_all({Motor.get_resource_name("motor1"): {"why": "test"}})
        check((await motor.is_powered())[0] is False, "stop_all with extra left the motor powered")

        await robot.refresh()
        # The bundled example's board has an analog and a digital interrupt wired to GPIO 8.
        board = Board.from_robot(robot, "board1")
        analog = await board.analog_by_name("a1")
        check((await analog.read()).value == 512, "analog a1 of examples/fake-robot.json")
        interrupt = await board.digital_interrupt_by_name("di8")
        before = await interrupt.value()
        pin8 = await board.gpio_pin_by_name("8")
        await pin8.set(True)
        await pin8.set(False)
        await pin8.set(True)
        check(await interrupt.value() > before, "di8 did not count GPIO 8 rising edges")
        # A second client at "localhost:PORT", as users type the address.
        port = sys.argv[1].rsplit(":", 1)[1]
        local = await connect(f"localhost:{port}")
        try:
            check(bool(await Sensor.from_robot(local, "sensor1").get_readings()), "sensor readings via localhost")
        finally:
            await local.close()
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
