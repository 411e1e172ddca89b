"""Drive the fake power sensors through the official SDK."""

import asyncio

from sdk_common import check, connect

from viam.components.power_sensor import PowerSensor


async def main() -> None:
    robot = await connect()
    try:
        battery = PowerSensor.from_robot(robot, "power1")
        check(await battery.get_voltage() == (1.5, True), "voltage (rdk's fake: 1.5 V AC)")
        check(await battery.get_current() == (2.2, True), "current (rdk's fake: 2.2 A)")
        check(abs(await battery.get_power() - 9.8) < 1e-9, "power (rdk's fake: 9.8 W)")
        readings = await battery.get_readings()
        check(readings == {"volts": 1.5, "amps": 2.2, "is_ac": True, "watts": 9.8}, f"readings {readings}")
        mains = PowerSensor.from_robot(robot, "mains")
        volts, is_ac = await mains.get_voltage(extra={"x": 1})
        check(volts == 230.0 and is_ac, f"mains voltage {volts} {is_ac}")
        amperes, is_ac = await mains.get_current()
        check(amperes == 1.5 and is_ac, f"mains current {amperes} {is_ac}")
        check(abs(await mains.get_power() - 345.0) < 1e-9, "mains power")
        result = await battery.do_command({"hello": "world", "n": 3})
        check(result == {"hello": "world", "n": 3}, f"do_command echo -> {result}")
        status = await battery.get_status()
        check(status == {}, f"status {status}")
        names = {n.name for n in robot.resource_names if n.subtype == "power_sensor"}
        check(names == {"power1", "mains"}, f"resource names {names}")
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
