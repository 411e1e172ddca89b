"""Editing the config file under a running machine: only what changed is touched."""

from __future__ import annotations

import asyncio
import logging

from tests.reconfig.conftest import motor
from viam.gen.robot.v1 import robot_pb2
from viam.resource.names import API, ResourceName

MOTOR = API("rdk", "component", "motor")
READY = robot_pb2.ResourceStatus.STATE_READY
UNHEALTHY = robot_pb2.ResourceStatus.STATE_UNHEALTHY


def name(text: str) -> ResourceName:
    return ResourceName(MOTOR, text)


async def test_add_change_remove_keeps_unchanged_resources(live_machine) -> None:
    live = await live_machine({"components": [motor("left"), motor("right")]})
    left = live.machine.resource(name("left"))
    await left.set_power(0.5)
    right = live.machine.resource(name("right"))

    await live.save_and_wait({"components": [motor("left"), motor("right", max_rpm=50), motor("lift")]})
    assert live.machine.resource(name("left")) is left, "unchanged resource was rebuilt"
    assert (await left.is_powered())[0], "unchanged motor lost its state"
    assert live.machine.resource(name("right")) is not right, "changed resource was not rebuilt"
    assert name("lift") in live.machine.resource_names()

    await live.save_and_wait({"components": [motor("left"), motor("lift")]})
    assert name("right") not in live.machine.resource_names()
    assert live.machine.resource(name("left")) is left
    status = await live.status()
    assert {s.name.name for s in status.resources} == {"left", "lift"}


async def test_atomic_rename_save_is_seen(live_machine) -> None:
    live = await live_machine({"components": [motor("a")]})
    await live.save_and_wait({"components": [motor("a"), motor("b")]}, atomic=True)
    assert name("b") in live.machine.resource_names()


async def test_identical_bytes_are_ignored(live_machine) -> None:
    live = await live_machine({"components": [motor("a")]})
    applied = live.reconfigurer.applied
    data = live.path.read_bytes()
    for _ in range(3):
        live.path.write_bytes(data)
        live.path.touch()
    await asyncio.sleep(0.4)
    assert live.reconfigurer.applied == applied


async def test_burst_of_writes_applies_once(live_machine) -> None:
    live = await live_machine({"components": [motor("a")]})
    applied = live.reconfigurer.applied
    for i in range(5):
        live.write({"components": [motor("a"), motor(f"m{i}")]})
        await asyncio.sleep(0.01)
    await live.reconfigurer.wait_applied(applied + 1, 5)
    await asyncio.sleep(0.3)
    assert live.reconfigurer.applied == applied + 1
    assert name("m4") in live.machine.resource_names()
    assert name("m0") not in live.machine.resource_names()


async def test_broken_config_keeps_last_good_and_is_reported(live_machine) -> None:
    live = await live_machine({"components": [motor("a")]})
    good_revision = (await live.status()).config.revision
    motor_a = live.machine.resource(name("a"))

    live.path.write_text('{"components": [ {"name": "a", ')  # a save cut short
    for _ in range(100):
        if live.reconfigurer.error:
            break
        await asyncio.sleep(0.05)
    status = await live.status()
    problems = [s for s in status.resources if s.name.subtype == "config"]
    assert len(problems) == 1 and problems[0].state == UNHEALTHY
    assert "invalid JSON" in problems[0].error and "config.json" in problems[0].error
    assert status.config.revision == good_revision
    assert live.machine.resource(name("a")) is motor_a
    assert any(s.name.name == "a" and s.state == READY for s in status.resources)

    await live.save_and_wait({"components": [motor("a"), motor("b")]})
    status = await live.status()
    assert not [s for s in status.resources if s.name.subtype == "config"]
    assert status.config.revision != good_revision


async def test_invalid_entry_is_unhealthy_rest_serves(live_machine) -> None:
    live = await live_machine({"components": [motor("a")]})
    await live.save_and_wait({"components": [motor("a"), motor("bad", max_rpm=-3)]})
    status = {s.name.name: s for s in (await live.status()).resources}
    assert status["a"].state == READY
    assert status["bad"].state == UNHEALTHY and "max_rpm" in status["bad"].error


async def test_processes_are_ignored_with_the_reference_error_when_added_or_changed(live_machine, caplog) -> None:
    """viam-server v0.74.0+ no longer runs config "processes"; it says so, as an error, per change."""
    from viam.robot.reconfigure import PROCESSES_IGNORED

    process = {"id": "p1", "name": "sleep", "args": ["30"]}
    caplog.set_level(logging.ERROR, logger="viam.robot.reconfigure")
    live = await live_machine({"components": [motor("a")], "processes": [process]})

    def reported() -> int:
        return sum(r.getMessage() == PROCESSES_IGNORED for r in caplog.records)

    assert reported() == 1
    await live.save_and_wait({"components": [motor("a"), motor("b")], "processes": [process]})
    assert reported() == 1, "unchanged processes are not reported again"
    await live.save_and_wait({"components": [motor("a")], "processes": [{**process, "args": ["60"]}]})
    assert reported() == 2
    await live.save_and_wait({"components": [motor("a")]})
    assert reported() == 2 and name("a") in live.machine.resource_names()
