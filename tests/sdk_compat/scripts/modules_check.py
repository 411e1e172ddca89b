"""Official client against official-SDK modules (see ``test_sdk_modules.py`` for the machine).

argv: ADDRESS PHASE where PHASE is ``initial``, ``reconfigured`` or ``removed``.
"""

import asyncio
import sys

from compat_common import check, connect, expect_error
from grpclib import Status

from viam.components.motor import Motor
from viam.components.sensor import Sensor
from viam.proto.robot import ModuleStatus
from viam.services.generic import Generic


async def initial(robot) -> None:
    names = {(n.subtype, n.name) for n in robot.resource_names}
    check({("motor", "m1"), ("sensor", "watch"), ("motor", "sm"), ("generic", "echo")} <= names, f"names {names}")
    fake, watch = Motor.from_robot(robot, "m1"), Sensor.from_robot(robot, "watch")
    sensed = Motor.from_robot(robot, "sm")

    # The watcher reads the built-in fake motor it depends on, through the server.
    await fake.set_power(0.5)
    readings = await watch.get_readings(extra={"from": "test"}, timeout=10)
    check(readings["label"] == "one" and readings["powered"] is True and readings["power"] == 0.5, f"{readings}")
    check(readings["optional"] == ["rdk:component:sensor/late"], f"optional dependencies {readings['optional']}")
    # The sensed motor (module B) reads module A's sensor: position = fake motor position + 1000.
    position = await sensed.get_position()
    check(1000 <= position < 1010, f"sensed motor position {position}")
    await sensed.set_power(0.25)
    check(await sensed.is_powered() == (True, 0.25), "sensed motor power")
    check((await sensed.get_properties()).position_reporting, "properties")
    check(await sensed.do_command({"k": "v"}) == {"sensed": True, "k": "v"}, "module DoCommand")
    # A method the module does not implement: the SDK module's own error comes back, not a hang.
    await expect_error(watch.get_geometries(), Status.UNIMPLEMENTED)

    echo = Generic.from_robot(robot, "echo")
    result = await echo.do_command({"hi": [1, "two", {"three": 3}], "none": None})
    check(result["echo"]["hi"] == [1, "two", {"three": 3}] and result["name"] == "echo", f"echo {result}")

    models = {(m.module_name, m.model, m.api) for m in await robot.get_models_from_modules()}
    check(("moda", "acme:compat:motor-watcher", "rdk:component:sensor") in models, f"models {models}")
    check(("modb", "acme:compat:sensed-motor", "rdk:component:motor") in models, f"models {models}")
    status = await robot.get_machine_status()
    modules = {m.module_name: m.state for m in status.modules}
    check(modules == {"moda": ModuleStatus.State.STATE_READY, "modb": ModuleStatus.State.STATE_READY}, f"{modules}")

    # CancelOperation on a modular motor's long GoFor: forwarded as a cancel, the SDK module's call ends.
    go = asyncio.create_task(sensed.go_for(rpm=1, revolutions=10))
    op = None
    for _ in range(200):
        ops = [o for o in await robot.get_operations() if o.method.endswith("MotorService/GoFor")]
        if ops and (await sensed.is_powered())[1] == 1.0:
            op = ops[0]
            break
        await asyncio.sleep(0.02)
    check(op is not None and dict(op.arguments).get("name") == "sm", f"modular GoFor not listed: {op}")
    await robot.cancel_operation(op.id)
    await expect_error(asyncio.wait_for(go, 10), Status.CANCELLED)
    for _ in range(100):
        if not (await sensed.is_powered())[0]:
            break
        await asyncio.sleep(0.02)
    check(await sensed.is_powered() == (False, 0.0), "the module's GoFor kept running after CancelOperation")
    await sensed.set_power(0.25)

    # stop_all reaches modular motors too.
    await robot.stop_all()
    check(await sensed.is_powered() == (False, 0.0), "stop_all did not stop the modular motor")
    check((await fake.is_powered())[0] is False, "stop_all did not stop the fake motor")


async def reconfigured(robot) -> None:
    watch = Sensor.from_robot(robot, "watch")
    readings = await watch.get_readings()
    check(readings["label"] == "two", f"watcher not reconfigured: {readings}")
    fake = Motor.from_robot(robot, "m1")
    await fake.set_rpm(40)  # max_rpm is now 50: power 0.8 (0.4 with the old 100)
    check(await fake.is_powered() == (True, 0.8), "fake motor did not get its new max_rpm")
    check((await watch.get_readings())["power"] == 0.8, "watcher does not see the rebuilt fake motor")
    check(1000 <= await Motor.from_robot(robot, "sm").get_position(), "sensed motor after reconfigure")
    await fake.stop()


async def removed(robot) -> None:
    names = {(n.subtype, n.name) for n in robot.resource_names}
    check(("motor", "sm") not in names and ("sensor", "watch") in names, f"names {names}")
    check({m.module_name for m in (await robot.get_machine_status()).modules} == {"moda"}, "modb still listed")
    check(all(m.module_name != "modb" for m in await robot.get_models_from_modules()), "modb models listed")
    readings = await Sensor.from_robot(robot, "watch").get_readings()
    check(readings["label"] == "two", f"watcher after removal {readings}")
    # "ghost" (an optional dependency) was added in the same edit: the watcher was rebuilt with it.
    check(readings["optional"] == ["rdk:component:sensor/ghost", "rdk:component:sensor/late"],
          f"optional dependencies after ghost appeared: {readings['optional']}")

    # RestartModule by name: returns once the module serves again; its resources are rebuilt in a new process.
    await robot.restart_module(name="moda")
    for _ in range(100):
        try:
            again = await Sensor.from_robot(robot, "watch").get_readings()
            break
        except Exception:  # noqa: BLE001 - being rebuilt
            await asyncio.sleep(0.05)
    check(again["pid"] != readings["pid"] and again["label"] == "two", f"after restart_module {again}")
    await expect_error(robot.restart_module(name="modb"), Status.NOT_FOUND, "modb")


async def main() -> None:
    robot = await connect()
    try:
        await {"initial": initial, "reconfigured": reconfigured, "removed": removed}[sys.argv[2]](robot)
        print("ok")
    finally:
        await robot.close()


asyncio.run(main())
