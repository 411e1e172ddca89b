"""Base and ultrasonic figures through a real server, each with a same-run baseline:

- Base MoveStraight commands per second (official-shaped calls through our client): the wheeled
  base (builtin-base module) over two in-process fake motors, each MoveStraight a 1 mm move at
  1000 mm/s (10 ms of motor time at 100 mm wheels, so the rate is bounded by the motion too);
  baselines: the in-process fake base (no module, no motors) and one fake motor GoFor of the same
  duration through the server.
- HC-SR04 readings per second (builtin-raspberry-pi module, mock pins, obstacle 0.2 m away: a
  1.2 ms echo); baseline: a board GetGPIO round trip to the same module (the RPC ceiling).

Run: `python bench/base_ultrasonic.py [--seconds 3]`; prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viam.client.robot import DialOptions, RobotClient  # noqa: E402
from viam.components.base import Base  # noqa: E402
from viam.components.board import Board  # noqa: E402
from viam.components.motor import Motor  # noqa: E402
from viam.components.sensor import Sensor  # noqa: E402
from viam.testing.process import ServerProcess  # noqa: E402

CONFIG = {"components": [
    {"name": "l", "api": "rdk:component:motor", "model": "rdk:builtin:fake", "attributes": {"max_rpm": 1000}},
    {"name": "r", "api": "rdk:component:motor", "model": "rdk:builtin:fake", "attributes": {"max_rpm": 1000}},
    {"name": "rover", "api": "rdk:component:base", "model": "rdk:builtin:wheeled",
     "attributes": {"left": ["l"], "right": ["r"], "width_mm": 200, "wheel_circumference_mm": 100}},
    {"name": "fakebase", "api": "rdk:component:base", "model": "rdk:builtin:fake", "attributes": {}},
    {"name": "pi", "api": "rdk:component:board", "model": "viam:raspberry-pi:rpi4", "attributes": {}},
    {"name": "sonar", "api": "rdk:component:sensor", "model": "rdk:builtin:ultrasonic",
     "attributes": {"board": "pi", "trigger_pin": "16", "echo_interrupt_pin": "18"}},
]}


async def wait_ready(client: RobotClient, names: set[str], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = await client.get_machine_status()
        if names <= {r.name.name for r in status.resources if r.state == 3}:
            await client.refresh()
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{names} not ready")


async def rate(call, seconds: float) -> float:
    await call()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        await call()
        count += 1
    return count / (time.perf_counter() - start)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    args = parser.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-base-") as tmp:
        server = ServerProcess(CONFIG, Path(tmp), env={"GPIOZERO_PIN_FACTORY": "mock"})
        try:
            server.start(wait_running=False)
            client = await RobotClient.at_address(server.address, DialOptions(refresh_interval_s=0))
            await wait_ready(client, {c["name"] for c in CONFIG["components"]})
            rover, fake = Base.from_robot(client, "rover"), Base.from_robot(client, "fakebase")
            motor = Motor.from_robot(client, "l")
            results["wheeled_move_straight_per_s"] = await rate(lambda: rover.move_straight(1, 1000), args.seconds)
            results["fake_base_move_straight_per_s"] = await rate(lambda: fake.move_straight(1, 1000), args.seconds)
            results["fake_motor_go_for_per_s"] = await rate(lambda: motor.go_for(600, 0.01), args.seconds)
            board = Board.from_robot(client, "pi")
            await board.do_command({"mock_attach_ultrasonic": {"trigger": "16", "echo": "18", "distance_m": 0.2}})
            sonar = Sensor.from_robot(client, "sonar")
            results["ultrasonic_readings_per_s"] = await rate(sonar.get_readings, args.seconds)
            pin = await board.gpio_pin_by_name("11")
            results["board_get_gpio_per_s"] = await rate(pin.get, args.seconds)
            await client.close()
        finally:
            server.stop()
    rows = [
        ("wheeled MoveStraight 1 mm via server -> base module", results["wheeled_move_straight_per_s"], "commands/s"),
        ("  fake base MoveStraight (in-process, no motors)", results["fake_base_move_straight_per_s"], "commands/s"),
        ("  one fake motor GoFor 0.01 rev via server", results["fake_motor_go_for_per_s"], "commands/s"),
        ("HC-SR04 readings via server -> Pi module (0.2 m)", results["ultrasonic_readings_per_s"], "readings/s"),
        ("  board GetGPIO via server -> Pi module", results["board_get_gpio_per_s"], "round trips/s"),
    ]
    for label, value, unit in rows:
        print(f"{label:<54} {value:>10.1f}  {unit}")
    print(json.dumps({k: round(v, 3) for k, v in results.items()}))


if __name__ == "__main__":
    asyncio.run(main())
