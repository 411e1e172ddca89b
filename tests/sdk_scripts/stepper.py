"""Drive the gpiostepper through the official SDK: GoFor timing, GoTo, SetRPM, SetPower refusal."""

import asyncio
import json
import time

from grpclib.exceptions import GRPCError
from sdk_common import check, connect

from viam.components.motor import Motor


async def main() -> None:
    robot = await connect()
    try:
        stepper = Motor.from_robot(robot, "stepper")
        check((await stepper.get_properties()).position_reporting, "reports position")
        started = time.monotonic()
        await stepper.go_for(rpm=60, revolutions=1)  # 400 steps at 400 steps/s
        elapsed = time.monotonic() - started
        check(await stepper.get_position() == 1.0, f"position {await stepper.get_position()}")
        await stepper.go_to(rpm=120, position_revolutions=0.5)
        check(await stepper.get_position() == 0.5, "went to 0.5")
        await stepper.go_to(rpm=120, position_revolutions=0.55)  # within 0.1 rev: no move
        check(await stepper.get_position() == 0.5, "tolerance")
        await stepper.go_for(rpm=-60, revolutions=0.25)
        check(await stepper.get_position() == 0.25, "negative rpm reverses")
        await stepper.set_rpm(120)
        await asyncio.sleep(0.2)
        check(await stepper.is_moving() and (await stepper.is_powered())[0], "set_rpm runs")
        await stepper.stop()
        check(not await stepper.is_moving(), "stopped")
        try:
            await stepper.set_power(0.5)
            raise AssertionError("set_power accepted")
        except GRPCError as exc:
            check("doesn't support raw power mode" in (exc.message or ""), str(exc))
        await stepper.set_power(0)
        print(json.dumps({"go_for_s": elapsed}))
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
